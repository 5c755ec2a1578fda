#include "keras/optimizers/adam.h"

#include "keras/ops/updates.h"
#include "keras/optimizers/detail/adam_args.h"

namespace keras::optimizers {

AdamImpl::AdamImpl(const AdamOptions& options)
    : AdamImpl("Adam", options.learning_rate, base_options(options), options) {}

AdamImpl::AdamImpl(std::string class_name, const LearningRate& learning_rate,
                   const BaseOptions& base, const AdamOptions& own)
    : Optimizer(std::move(class_name), learning_rate, base), options_(own) {}

void AdamImpl::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables) {
    add_slot(v, "momentum");
    add_slot(v, "velocity");
  }
  if (options_.amsgrad)
    for (const Variable& v : variables) add_slot(v, "velocity_hat");
}

Tensor AdamImpl::update_step(const Tensor& gradient, const Variable& variable,
                             const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  return ops::adam_update(read(variable), gradient, learning_rate, iterations_tensor(tracing()),
                          read(slots[0]), read(slots[1]),
                          options_.amsgrad ? read(slots[2]) : Tensor(),
                          {.beta_1 = options_.beta_1,
                           .beta_2 = options_.beta_2,
                           .epsilon = options_.epsilon,
                           .amsgrad = options_.amsgrad,
                           .weight_decay = weight_decay_for(variable)});
}

Json AdamImpl::get_config() const {
  AdamOptions o = options_;
  return config_with(Optimizer::get_config(), adam_args(o));
}

std::shared_ptr<AdamImpl> AdamImpl::from_config(const Json& config) {
  AdamOptions o;
  read_config(o, config, adam_args(o), "Adam");
  return std::make_shared<AdamImpl>(o);
}

}  // namespace keras::optimizers
