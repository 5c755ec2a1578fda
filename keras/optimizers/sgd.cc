#include "keras/optimizers/sgd.h"

#include "keras/ops/updates.h"
#include "keras/optimizers/detail/optimizer_args.h"

namespace keras::optimizers {

namespace {
// keras/src/optimizers/sgd.py's get_config order.
args::ArgList sgd_args(SGDOptions& o) {
  return {{"momentum", o.momentum}, {"nesterov", o.nesterov}};
}
}  // namespace

SGDImpl::SGDImpl(const SGDOptions& options)
    : Optimizer("SGD", options.learning_rate, base_options(options)), options_(options) {
  if (!(options.momentum >= 0.0 && options.momentum <= 1.0))
    throw ValueError(str("`momentum` must be a float between [0, 1]. Received: momentum=",
                         Json(options.momentum).dump()));
}

void SGDImpl::build_slots(const std::vector<Variable>& variables) {
  if (options_.momentum == 0.0) return;
  for (const Variable& v : variables) add_slot(v, "momentum");
}

Tensor SGDImpl::update_step(const Tensor& gradient, const Variable& variable,
                            const Tensor& learning_rate) {
  Tensor momentum = options_.momentum != 0.0 ? read(slots_of(index_of(variable))[0]) : Tensor();
  return ops::sgd_update(read(variable), gradient, learning_rate, momentum,
                         {.momentum = options_.momentum, .nesterov = options_.nesterov});
}

Json SGDImpl::get_config() const {
  SGDOptions o = options_;
  return config_with(Optimizer::get_config(), sgd_args(o));
}

std::shared_ptr<SGDImpl> SGDImpl::from_config(const Json& config) {
  SGDOptions o;
  read_config(o, config, sgd_args(o), "SGD");
  return std::make_shared<SGDImpl>(o);
}

}  // namespace keras::optimizers
