#include "keras/optimizers/adadelta.h"

#include "keras/ops/updates.h"
#include "keras/optimizers/detail/optimizer_args.h"

namespace keras::optimizers {

namespace {
// keras/src/optimizers/adadelta.py's get_config order.
args::ArgList adadelta_args(AdadeltaOptions& o) {
  return {{"rho", o.rho}, {"epsilon", o.epsilon}};
}
}  // namespace

AdadeltaImpl::AdadeltaImpl(const AdadeltaOptions& options)
    : Optimizer("Adadelta", options.learning_rate, base_options(options)), options_(options) {}

void AdadeltaImpl::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables) {
    add_slot(v, "accumulated_grad");
    add_slot(v, "accumulated_delta_var");
  }
}

Tensor AdadeltaImpl::update_step(const Tensor& gradient, const Variable& variable,
                                 const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  return ops::adadelta_update(read(variable), gradient, learning_rate, read(slots[0]),
                              read(slots[1]), {.rho = options_.rho, .epsilon = options_.epsilon});
}

Json AdadeltaImpl::get_config() const {
  AdadeltaOptions o = options_;
  return config_with(Optimizer::get_config(), adadelta_args(o));
}

std::shared_ptr<AdadeltaImpl> AdadeltaImpl::from_config(const Json& config) {
  AdadeltaOptions o;
  read_config(o, config, adadelta_args(o), "Adadelta");
  return std::make_shared<AdadeltaImpl>(o);
}

}  // namespace keras::optimizers
