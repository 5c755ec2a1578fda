#include "keras/optimizers/nadam.h"

#include "keras/config/config.h"
#include "keras/core/config_reading.h"
#include "keras/ops/math.h"
#include "keras/ops/updates.h"

namespace keras::optimizers {

Nadam::Nadam(const NadamOptions& options)
    : Optimizer("Nadam", options.learning_rate, base_options(options)),
      beta_1_(options.beta_1),
      beta_2_(options.beta_2),
      epsilon_(options.epsilon) {}

void Nadam::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables) {
    add_slot(v, "momentum");
    add_slot(v, "velocity");
  }
  DType dtype = variables.empty() ? config::floatx_dtype() : variables.front().dtype();
  u_product_ = add_variable(Shape{}, dtype, "u_product", 1.0);
}

std::vector<Tensor> Nadam::before_update_steps() {
  // u_product *= β1·(1 - 0.5·0.96^(iterations + 1)), in u_product's dtype.
  DType dtype = u_product_.dtype();
  Tensor t = ops::cast(ops::add(iterations_tensor(tracing()), 1.0), dtype);
  Tensor u_t = ops::multiply(beta_1_, ops::subtract(1.0, ops::multiply(0.5, ops::power(0.96, t))));
  Tensor u_product = read(u_product_);
  u_product_t_ = ops::multiply(u_product, u_t);
  Tensor handle = ops::assign(u_product, u_product_t_);
  if (!tracing()) return {};
  return {handle};
}

Tensor Nadam::update_step(const Tensor& gradient, const Variable& variable,
                          const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  Tensor u_product = u_product_t_.dtype() == variable.dtype()
                         ? u_product_t_
                         : ops::cast(u_product_t_, variable.dtype());
  return ops::nadam_update(read(variable), gradient, learning_rate, iterations_tensor(tracing()),
                           read(slots[0]), read(slots[1]), u_product,
                           {.beta_1 = beta_1_, .beta_2 = beta_2_, .epsilon = epsilon_});
}

Json Nadam::get_config() const {
  Json config = Optimizer::get_config();
  optimizer_config::write_adam_family(config, beta_1_, beta_2_, epsilon_);
  return config;
}

std::shared_ptr<Nadam> Nadam::from_config(const Json& config) {
  return std::make_shared<Nadam>(
      optimizer_config::adam_family_options<NadamOptions>(config, "Nadam"));
}

}  // namespace keras::optimizers
