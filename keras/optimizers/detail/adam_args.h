// Internal to keras/optimizers: the arguments Adam and AdamW declare alike (adam.cc, adamw.cc).
#pragma once

#include "keras/optimizers/adam.h"
#include "keras/optimizers/detail/optimizer_args.h"

namespace keras::optimizers {

// Adam's own arguments (AdamW's too) in Keras's get_config order.
template <class O>
args::ArgList adam_args(O& o) {
  return {
      {"beta_1", o.beta_1}, {"beta_2", o.beta_2}, {"epsilon", o.epsilon}, {"amsgrad", o.amsgrad}};
}

}  // namespace keras::optimizers
