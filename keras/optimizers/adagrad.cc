#include "keras/optimizers/adagrad.h"

#include "keras/core/config_reading.h"
#include "keras/ops/updates.h"

namespace keras::optimizers {

Adagrad::Adagrad(const AdagradOptions& options)
    : Optimizer("Adagrad", options.learning_rate, base_options(options)),
      initial_accumulator_value_(options.initial_accumulator_value),
      epsilon_(options.epsilon) {}

void Adagrad::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables) add_slot(v, "accumulator", initial_accumulator_value_);
}

Tensor Adagrad::update_step(const Tensor& gradient, const Variable& variable,
                            const Tensor& learning_rate) {
  return ops::adagrad_update(read(variable), gradient, learning_rate,
                             read(slots_of(index_of(variable))[0]), {.epsilon = epsilon_});
}

Json Adagrad::get_config() const {
  Json config = Optimizer::get_config();
  config["initial_accumulator_value"] = initial_accumulator_value_;
  config["epsilon"] = epsilon_;
  return config;
}

std::shared_ptr<Adagrad> Adagrad::from_config(const Json& config) {
  namespace cr = keras::config_reading;
  const char* who = "Adagrad";
  auto o = optimizer_config::options<AdagradOptions>(config,
                                                     {"initial_accumulator_value", "epsilon"}, who);
  o.initial_accumulator_value =
      cr::number(config, "initial_accumulator_value", o.initial_accumulator_value, who);
  o.epsilon = cr::number(config, "epsilon", o.epsilon, who);
  return std::make_shared<Adagrad>(o);
}

}  // namespace keras::optimizers
