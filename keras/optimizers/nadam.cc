#include "keras/optimizers/nadam.h"

#include "keras/config/config.h"
#include "keras/ops/math.h"
#include "keras/ops/updates.h"
#include "keras/optimizers/detail/optimizer_args.h"

namespace keras::optimizers {

namespace {
// keras/src/optimizers/nadam.py's get_config order.
args::ArgList nadam_args(NadamOptions& o) {
  return {{"beta_1", o.beta_1}, {"beta_2", o.beta_2}, {"epsilon", o.epsilon}};
}
}  // namespace

NadamImpl::NadamImpl(const NadamOptions& options)
    : Optimizer("Nadam", options.learning_rate, base_options(options)), options_(options) {}

void NadamImpl::build_slots(const std::vector<Variable>& variables) {
  for (const Variable& v : variables) {
    add_slot(v, "momentum");
    add_slot(v, "velocity");
  }
  DType dtype = variables.empty() ? config::floatx_dtype() : variables.front().dtype();
  // Keras makes it without a name, so it is called "variable" (optimizer.variables' names).
  u_product_ = add_variable(Shape{}, dtype, "variable", 1.0);
}

std::vector<Tensor> NadamImpl::before_update_steps() {
  // u_product = u_product·β1·(1 - 0.5·0.96^(iterations + 1)), in u_product's dtype and Keras's
  // order.
  DType dtype = u_product_.dtype();
  Tensor t = ops::cast(ops::add(iterations_tensor(tracing()), 1.0), dtype);
  Tensor u_product = read(u_product_);
  u_product_t_ = ops::multiply(ops::multiply(u_product, options_.beta_1),
                               ops::subtract(1.0, ops::multiply(0.5, ops::power(0.96, t))));
  Tensor handle = ops::assign(u_product, u_product_t_);
  if (!tracing()) return {};
  return {handle};
}

Tensor NadamImpl::update_step(const Tensor& gradient, const Variable& variable,
                              const Tensor& learning_rate) {
  const std::vector<Variable>& slots = slots_of(index_of(variable));
  Tensor u_product = u_product_t_.dtype() == variable.dtype()
                         ? u_product_t_
                         : ops::cast(u_product_t_, variable.dtype());
  return ops::nadam_update(
      read(variable), gradient, learning_rate, iterations_tensor(tracing()), read(slots[0]),
      read(slots[1]), u_product,
      {.beta_1 = options_.beta_1, .beta_2 = options_.beta_2, .epsilon = options_.epsilon});
}

Json NadamImpl::get_config() const {
  NadamOptions o = options_;
  return config_with(Optimizer::get_config(), nadam_args(o));
}

std::shared_ptr<NadamImpl> NadamImpl::from_config(const Json& config) {
  NadamOptions o;
  read_config(o, config, nadam_args(o), "Nadam");
  return std::make_shared<NadamImpl>(o);
}

}  // namespace keras::optimizers
