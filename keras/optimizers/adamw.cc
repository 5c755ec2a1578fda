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
  namespace cr = keras::config_reading;
  const char* who = "AdamW";
  auto o = optimizer_config::options<AdamWOptions>(config,
                                                   {"beta_1", "beta_2", "epsilon", "amsgrad"}, who);
  o.beta_1 = cr::number(config, "beta_1", o.beta_1, who);
  o.beta_2 = cr::number(config, "beta_2", o.beta_2, who);
  o.epsilon = cr::number(config, "epsilon", o.epsilon, who);
  o.amsgrad = cr::boolean(config, "amsgrad", o.amsgrad, who);
  return std::make_shared<AdamW>(o);
}

}  // namespace keras::optimizers
