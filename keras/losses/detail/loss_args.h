// Internal to keras/losses: how the loss classes write and read their configs from their declared
// Keras arguments (keras/core/detail/keras_args.h): the base keys every loss takes (name,
// reduction, dtype), then the class's own, in Keras's order. Also the definitions of the member
// templates that keras/losses/loss.h and loss_function_wrapper.h declare, which need the complete
// Json and the argument machinery that public headers leave out.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "keras/core/detail/keras_args.h"
#include "keras/core/json.h"
#include "keras/losses/loss.h"
#include "keras/losses/loss_function_wrapper.h"

namespace keras::losses {

// Keras's `reduction` in a config: a name, or null (None), which reads as "none".
struct ReductionForm {
  static Json write(const std::string& reduction) { return reduction; }
  static void read(const Json& value, std::string& out, const args::Site& site);
};

// The base arguments in Keras's order (keras/core/detail/keras_args.h), for reading and writing.
// Keras's Loss.get_config() writes name and reduction: dtype is read (a name or a DTypePolicy) and
// never written.
template <class O>
args::ArgList base_args(O& o) {
  return {
      {"name", o.name},
      args::Arg::as<ReductionForm>("reduction", o.reduction),
      {"dtype", o.dtype},
  };
}

// A loss class's from_config reading: the base arguments and the class's own (`own`, bound to
// `options`) from `config`; TypeError "<who>.__init__() got an unexpected keyword argument" for
// any other key, as Keras's constructors raise.
template <class O>
void read_config(O& options, const Json& config, const args::ArgList& own, const std::string& who) {
  args::ArgList all = base_args(options);
  all.insert(all.end(), own.begin(), own.end());
  args::read(all, config, who, args::UnknownKeys::type_error);
}

// The arguments of a list as a JSON object of keyword arguments.
Json kwargs_of(const args::ArgList& arguments);

template <class O>
Json Loss::config_with(args::ArgList (*own)(O&), O options) const {
  Json config = Loss::get_config();
  args::write(own(options), config);
  return config;
}

template <class L, class O>
std::shared_ptr<L> Loss::from_config_with(args::ArgList (*own)(O&), const Json& config,
                                          const std::string& who) {
  O options;
  read_config(options, config, own(options), who);
  return std::make_shared<L>(options);
}

template <class O>
LossFunctionWrapper::LossFunctionWrapper(std::string class_name, std::string default_name,
                                         std::string fn_name, LossFunction (*bind)(const O&),
                                         args::ArgList (*own)(O&), O options)
    : LossFunctionWrapper(std::move(class_name), std::move(default_name), std::move(fn_name),
                          bind(options), kwargs_of(own(options)), options.loss_options()) {}

}  // namespace keras::losses
