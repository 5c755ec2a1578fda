#include "keras/optimizers/adamw.h"

#include "keras/optimizers/detail/adam_args.h"

namespace keras::optimizers {

namespace {
const AdamWOptions& checked(const AdamWOptions& options) {
  if (!options.weight_decay)
    throw ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None");
  return options;
}
}  // namespace

AdamWImpl::AdamWImpl(const AdamWOptions& options)
    : AdamImpl("AdamW", checked(options).learning_rate, base_options(options),
               {.beta_1 = options.beta_1,
                .beta_2 = options.beta_2,
                .epsilon = options.epsilon,
                .amsgrad = options.amsgrad}) {}

std::shared_ptr<AdamWImpl> AdamWImpl::from_config(const Json& config) {
  AdamWOptions o;
  read_config(o, config, adam_args(o), "AdamW");
  return std::make_shared<AdamWImpl>(o);
}

}  // namespace keras::optimizers
