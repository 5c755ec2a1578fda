#include "keras/optimizers/sgd.h"

#include "keras/core/config_reading.h"
#include "keras/ops/updates.h"

namespace keras::optimizers {

SGD::SGD(const SGDOptions& options)
    : Optimizer("SGD", options.learning_rate, base_options(options)),
      momentum_(options.momentum),
      nesterov_(options.nesterov) {
  if (!(momentum_ >= 0.0 && momentum_ <= 1.0))
    throw ValueError(str("`momentum` must be a float between [0, 1]. Received: momentum=",
                         Json(momentum_).dump()));
}

void SGD::build_slots(const std::vector<Variable>& variables) {
  if (momentum_ == 0.0) return;
  for (const Variable& v : variables) add_slot(v, "momentum");
}

Tensor SGD::update_step(const Tensor& gradient, const Variable& variable,
                        const Tensor& learning_rate) {
  Tensor momentum = momentum_ != 0.0 ? read(slots_of(index_of(variable))[0]) : Tensor();
  return ops::sgd_update(read(variable), gradient, learning_rate, momentum,
                         {.momentum = momentum_, .nesterov = nesterov_});
}

Json SGD::get_config() const {
  Json config = Optimizer::get_config();
  config["momentum"] = momentum_;
  config["nesterov"] = nesterov_;
  return config;
}

std::shared_ptr<SGD> SGD::from_config(const Json& config) {
  namespace cr = keras::config_reading;
  auto o = optimizer_config::options<SGDOptions>(config, {"momentum", "nesterov"}, "SGD");
  o.momentum = cr::number(config, "momentum", o.momentum, "SGD");
  o.nesterov = cr::boolean(config, "nesterov", o.nesterov, "SGD");
  return std::make_shared<SGD>(o);
}

}  // namespace keras::optimizers
