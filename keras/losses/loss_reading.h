// Internal to keras/losses: reading the arguments every loss class takes from a config.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>

#include "keras/core/json.h"
#include "keras/losses/loss_function_wrapper.h"

namespace keras::losses {

// TypeError "<who>.__init__() got an unexpected keyword argument '<key>'" for a key that is
// neither one of `own` nor name, reduction or dtype.
void check_loss_keys(const Json& config, std::initializer_list<const char*> own,
                     const std::string& who);
// name, reduction (null, Keras's None, reads as "none") and dtype (a name or a DTypePolicy).
LossOptions read_loss_options(const Json& config, const std::string& who);

// The KERAS_LOSS_OPTIONS part of a class's options struct.
template <class Options>
LossOptions base_options(const Options& o) {
  return LossOptions{o.reduction, o.name, o.dtype};
}

// Copies the common options read from a config into a class's options struct.
template <class Options>
void set_base_options(Options& o, const LossOptions& base) {
  o.reduction = base.reduction;
  o.name = base.name;
  o.dtype = base.dtype;
}

// from_config of a class whose only arguments are the common ones.
template <class L>
std::shared_ptr<L> plain_from_config(const Json& config, const std::string& who) {
  check_loss_keys(config, {}, who);
  return std::make_shared<L>(read_loss_options(config, who));
}

}  // namespace keras::losses
