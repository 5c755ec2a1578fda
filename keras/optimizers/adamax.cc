#include "keras/optimizers/adamax.h"

#include "keras/core/config_reading.h"
#include "keras/ops/updates.h"

namespace keras::optimizers {

Adamax::Adamax(const AdamaxOptions& options)
    : Optimizer("Adamax", options.learning_rate, base_options(options)),
      beta_1_(options.beta_1),
      beta_2_(options.beta_2),
      epsilon_(options.epsilon) {}

void Adamax::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables) {
    add_slot(v, "momentum");
    add_slot(v, "norm");
  }
}

Tensor Adamax::update_step(const Tensor& gradient, const Variable& variable,
                           const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  return ops::adamax_update(read(variable), gradient, learning_rate, iterations_tensor(tracing()),
                            read(slots[0]), read(slots[1]),
                            {.beta_1 = beta_1_, .beta_2 = beta_2_, .epsilon = epsilon_});
}

Json Adamax::get_config() const {
  Json config = Optimizer::get_config();
  optimizer_config::write_adam_family(config, beta_1_, beta_2_, epsilon_);
  return config;
}

std::shared_ptr<Adamax> Adamax::from_config(const Json& config) {
  return std::make_shared<Adamax>(
      optimizer_config::adam_family_options<AdamaxOptions>(config, "Adamax"));
}

}  // namespace keras::optimizers
