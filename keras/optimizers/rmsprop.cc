#include "keras/optimizers/rmsprop.h"

#include "keras/ops/updates.h"
#include "keras/optimizers/detail/optimizer_args.h"

namespace keras::optimizers {

namespace {
// keras/src/optimizers/rmsprop.py's get_config order.
args::ArgList rmsprop_args(RMSpropOptions& o) {
  return {
      {"rho", o.rho}, {"momentum", o.momentum}, {"epsilon", o.epsilon}, {"centered", o.centered}};
}
}  // namespace

RMSpropImpl::RMSpropImpl(const RMSpropOptions& options)
    : Optimizer("RMSprop", options.learning_rate, base_options(options)), options_(options) {}

void RMSpropImpl::build_slots(const std::vector<Variable>& variables) {
  // Keras makes the three lists one after the other (add_optimizer_variables per name).
  for (const Variable& v : variables) add_slot(v, "velocity");
  if (options_.momentum > 0)
    for (const Variable& v : variables) add_slot(v, "momentum");
  if (options_.centered)
    for (const Variable& v : variables) add_slot(v, "average_gradient");
}

Tensor RMSpropImpl::update_step(const Tensor& gradient, const Variable& variable,
                                const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  size_t next = 1;
  Tensor momentum = options_.momentum > 0 ? read(slots[next++]) : Tensor();
  Tensor average_gradient = options_.centered ? read(slots[next]) : Tensor();
  return ops::rmsprop_update(read(variable), gradient, learning_rate, read(slots[0]), momentum,
                             average_gradient,
                             {.rho = options_.rho,
                              .momentum = options_.momentum,
                              .epsilon = options_.epsilon,
                              .centered = options_.centered});
}

Json RMSpropImpl::get_config() const {
  RMSpropOptions o = options_;
  return config_with(Optimizer::get_config(), rmsprop_args(o));
}

std::shared_ptr<RMSpropImpl> RMSpropImpl::from_config(const Json& config) {
  RMSpropOptions o;
  read_config(o, config, rmsprop_args(o), "RMSprop");
  return std::make_shared<RMSpropImpl>(o);
}

}  // namespace keras::optimizers
