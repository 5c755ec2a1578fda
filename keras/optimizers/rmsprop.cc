#include "keras/optimizers/rmsprop.h"

#include "keras/core/config_reading.h"
#include "keras/ops/updates.h"

namespace keras::optimizers {

RMSprop::RMSprop(const RMSpropOptions& options)
    : Optimizer("RMSprop", options.learning_rate, base_options(options)),
      rho_(options.rho),
      momentum_(options.momentum),
      epsilon_(options.epsilon),
      centered_(options.centered) {}

void RMSprop::build_slots(const std::vector<Variable>& variables) {
  // Keras makes the three lists one after the other (add_optimizer_variables per name).
  for (const Variable& v : variables) add_slot(v, "velocity");
  if (momentum_ > 0)
    for (const Variable& v : variables) add_slot(v, "momentum");
  if (centered_)
    for (const Variable& v : variables) add_slot(v, "average_gradient");
}

Tensor RMSprop::update_step(const Tensor& gradient, const Variable& variable,
                            const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  size_t next = 1;
  Tensor momentum = momentum_ > 0 ? read(slots[next++]) : Tensor();
  Tensor average_gradient = centered_ ? read(slots[next]) : Tensor();
  return ops::rmsprop_update(
      read(variable), gradient, learning_rate, read(slots[0]), momentum, average_gradient,
      {.rho = rho_, .momentum = momentum_, .epsilon = epsilon_, .centered = centered_});
}

Json RMSprop::get_config() const {
  Json config = Optimizer::get_config();
  config["rho"] = rho_;
  config["momentum"] = momentum_;
  config["epsilon"] = epsilon_;
  config["centered"] = centered_;
  return config;
}

std::shared_ptr<RMSprop> RMSprop::from_config(const Json& config) {
  namespace cr = keras::config_reading;
  const char* who = "RMSprop";
  auto o = optimizer_config::options<RMSpropOptions>(
      config, {"rho", "momentum", "epsilon", "centered"}, who);
  o.rho = cr::number(config, "rho", o.rho, who);
  o.momentum = cr::number(config, "momentum", o.momentum, who);
  o.epsilon = cr::number(config, "epsilon", o.epsilon, who);
  o.centered = cr::boolean(config, "centered", o.centered, who);
  return std::make_shared<RMSprop>(o);
}

}  // namespace keras::optimizers
