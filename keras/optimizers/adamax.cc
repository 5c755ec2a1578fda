#include "keras/optimizers/adamax.h"

#include "keras/ops/updates.h"
#include "keras/optimizers/detail/optimizer_args.h"

namespace keras::optimizers {

namespace {
// keras/src/optimizers/adamax.py's get_config order.
args::ArgList adamax_args(AdamaxOptions& o) {
  return {{"beta_1", o.beta_1}, {"beta_2", o.beta_2}, {"epsilon", o.epsilon}};
}
}  // namespace

AdamaxImpl::AdamaxImpl(const AdamaxOptions& options)
    : Optimizer("Adamax", options.learning_rate, base_options(options)), options_(options) {}

void AdamaxImpl::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables) {
    add_slot(v, "momentum");
    add_slot(v, "norm");
  }
}

Tensor AdamaxImpl::update_step(const Tensor& gradient, const Variable& variable,
                               const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  return ops::adamax_update(
      read(variable), gradient, learning_rate, iterations_tensor(tracing()), read(slots[0]),
      read(slots[1]),
      {.beta_1 = options_.beta_1, .beta_2 = options_.beta_2, .epsilon = options_.epsilon});
}

Json AdamaxImpl::get_config() const {
  AdamaxOptions o = options_;
  return config_with(Optimizer::get_config(), adamax_args(o));
}

std::shared_ptr<AdamaxImpl> AdamaxImpl::from_config(const Json& config) {
  AdamaxOptions o;
  read_config(o, config, adamax_args(o), "Adamax");
  return std::make_shared<AdamaxImpl>(o);
}

}  // namespace keras::optimizers
