#include "keras/optimizers/adagrad.h"

#include "keras/ops/updates.h"
#include "keras/optimizers/detail/optimizer_args.h"

namespace keras::optimizers {

namespace {
// keras/src/optimizers/adagrad.py's get_config order.
args::ArgList adagrad_args(AdagradOptions& o) {
  return {{"initial_accumulator_value", o.initial_accumulator_value}, {"epsilon", o.epsilon}};
}
}  // namespace

AdagradImpl::AdagradImpl(const AdagradOptions& options)
    : Optimizer("Adagrad", options.learning_rate, base_options(options)), options_(options) {}

void AdagradImpl::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables)
    add_slot(v, "accumulator", options_.initial_accumulator_value);
}

Tensor AdagradImpl::update_step(const Tensor& gradient, const Variable& variable,
                                const Tensor& learning_rate) {
  return ops::adagrad_update(read(variable), gradient, learning_rate,
                             read(slots_of(index_of(variable))[0]), {.epsilon = options_.epsilon});
}

Json AdagradImpl::get_config() const {
  AdagradOptions o = options_;
  return config_with(Optimizer::get_config(), adagrad_args(o));
}

std::shared_ptr<AdagradImpl> AdagradImpl::from_config(const Json& config) {
  AdagradOptions o;
  read_config(o, config, adagrad_args(o), "Adagrad");
  return std::make_shared<AdagradImpl>(o);
}

}  // namespace keras::optimizers
