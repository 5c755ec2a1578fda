#include "keras/optimizers/adamw.h"

#include "keras/core/config_reading.h"

namespace keras::optimizers {

namespace {
const AdamWOptions& checked(const AdamWOptions& options) {
  if (!options.weight_decay)
    throw ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None");
  return options;
}
}  // namespace

AdamW::AdamW(const AdamWOptions& options)
    : Adam("AdamW", checked(options).learning_rate, base_options(options), options.beta_1,
           options.beta_2, options.epsilon, options.amsgrad) {}

std::shared_ptr<AdamW> AdamW::from_config(const Json& config) {
  return std::make_shared<AdamW>(
      optimizer_config::adam_family_options<AdamWOptions>(config, "AdamW"));
}

}  // namespace keras::optimizers
