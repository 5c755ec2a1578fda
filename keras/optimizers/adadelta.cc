#include "keras/optimizers/adadelta.h"

#include "keras/core/config_reading.h"
#include "keras/ops/updates.h"

namespace keras::optimizers {

Adadelta::Adadelta(const AdadeltaOptions& options)
    : Optimizer("Adadelta", options.learning_rate, base_options(options)),
      rho_(options.rho),
      epsilon_(options.epsilon) {}

void Adadelta::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables) {
    add_slot(v, "accumulated_grad");
    add_slot(v, "accumulated_delta_var");
  }
}

Tensor Adadelta::update_step(const Tensor& gradient, const Variable& variable,
                             const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  return ops::adadelta_update(read(variable), gradient, learning_rate, read(slots[0]),
                              read(slots[1]), {.rho = rho_, .epsilon = epsilon_});
}

Json Adadelta::get_config() const {
  Json config = Optimizer::get_config();
  config["rho"] = rho_;
  config["epsilon"] = epsilon_;
  return config;
}

std::shared_ptr<Adadelta> Adadelta::from_config(const Json& config) {
  namespace cr = keras::config_reading;
  const char* who = "Adadelta";
  auto o = optimizer_config::options<AdadeltaOptions>(config, {"rho", "epsilon"}, who);
  o.rho = cr::number(config, "rho", o.rho, who);
  o.epsilon = cr::number(config, "epsilon", o.epsilon, who);
  return std::make_shared<Adadelta>(o);
}

}  // namespace keras::optimizers
