#include "keras/optimizers/adam.h"

#include "keras/core/config_reading.h"
#include "keras/ops/updates.h"

namespace keras::optimizers {

Adam::Adam(const AdamOptions& options)
    : Adam("Adam", options.learning_rate, base_options(options), options.beta_1, options.beta_2,
           options.epsilon, options.amsgrad) {}

Adam::Adam(std::string class_name, const LearningRate& learning_rate, const BaseOptions& base,
           double beta_1, double beta_2, double epsilon, bool amsgrad)
    : Optimizer(std::move(class_name), learning_rate, base),
      beta_1_(beta_1),
      beta_2_(beta_2),
      epsilon_(epsilon),
      amsgrad_(amsgrad) {}

void Adam::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables) {
    add_slot(v, "momentum");
    add_slot(v, "velocity");
  }
  if (amsgrad_)
    for (const Variable& v : variables) add_slot(v, "velocity_hat");
}

Tensor Adam::update_step(const Tensor& gradient, const Variable& variable,
                         const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  return ops::adam_update(read(variable), gradient, learning_rate, iterations_tensor(tracing()),
                          read(slots[0]), read(slots[1]), amsgrad_ ? read(slots[2]) : Tensor(),
                          {.beta_1 = beta_1_,
                           .beta_2 = beta_2_,
                           .epsilon = epsilon_,
                           .amsgrad = amsgrad_,
                           .weight_decay = weight_decay_for(variable)});
}

Json Adam::get_config() const {
  Json config = Optimizer::get_config();
  optimizer_config::write_adam_family(config, beta_1_, beta_2_, epsilon_);
  config["amsgrad"] = amsgrad_;
  return config;
}

std::shared_ptr<Adam> Adam::from_config(const Json& config) {
  return std::make_shared<Adam>(optimizer_config::adam_family_options<AdamOptions>(config, "Adam"));
}

}  // namespace keras::optimizers
