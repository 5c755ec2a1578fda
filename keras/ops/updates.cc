#include "keras/ops/updates.h"

#include "keras/ops/op_def.h"

namespace keras::ops {

namespace {

void check_variable(const Tensor& variable, const char* function) {
  if (!variable.defined())
    throw ValueError(str("keras::ops::", function, ": the variable is an empty tensor"));
}

// Scalars and values in the variable's dtype (Keras casts learning rates and gradients too).
Tensor in_dtype(const Tensor& t, DType dtype, const char* function, const char* what) {
  if (!t.defined())
    throw ValueError(str("keras::ops::", function, ": ", what, " is an empty tensor"));
  return t.dtype() == dtype ? t : t.astype(dtype);
}

Tensor scalar_like(double value, const Tensor& variable) {
  Tensor s = Tensor::full(Shape{}, value, variable.dtype());
  return variable.is_concrete() ? s.to(variable.backend()) : s;
}

// The optional slot `slot` (named `what`), required when `needed`.
void push_slot(std::vector<Tensor>& inputs, const Tensor& slot, bool needed, const char* function,
               const char* what, const char* because) {
  if (!needed) return;
  if (!slot.defined())
    throw ValueError(
        str("keras::ops::", function, ": the ", what, " slot is required when ", because));
  inputs.push_back(slot);
}

std::vector<Tensor> head(const Tensor& variable, const Tensor& gradient, const Tensor& lr,
                         const char* function) {
  check_variable(variable, function);
  return {variable, in_dtype(gradient, variable.dtype(), function, "the gradient"),
          in_dtype(lr, variable.dtype(), function, "the learning rate")};
}

Tensor iterations_of(const Tensor& iterations, const char* function) {
  return in_dtype(iterations, DType::int64, function, "iterations");
}

// The control handle of a symbolic update (ops without outputs return one); empty when eager.
Tensor handle(const std::vector<Tensor>& outputs) {
  return outputs.empty() ? Tensor() : outputs.front();
}

}  // namespace

Tensor assign(const Tensor& variable, const Tensor& value) {
  check_variable(variable, "assign");
  return handle(
      call("assign", {variable, in_dtype(value, variable.dtype(), "assign", "the value")}));
}

Tensor assign(const Tensor& variable, double value) {
  check_variable(variable, "assign");
  return handle(call("assign", {variable, scalar_like(value, variable)}));
}

Tensor assign_add(const Tensor& variable, const Tensor& value) {
  check_variable(variable, "assign_add");
  return handle(
      call("assign_add", {variable, in_dtype(value, variable.dtype(), "assign_add", "the value")}));
}

Tensor assign_add(const Tensor& variable, double value) {
  check_variable(variable, "assign_add");
  return handle(call("assign_add", {variable, scalar_like(value, variable)}));
}

Tensor sgd_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                  const Tensor& momentum, const SGDUpdateOptions& options) {
  std::vector<Tensor> inputs = head(variable, gradient, learning_rate, "sgd_update");
  push_slot(inputs, momentum, options.momentum > 0.0, "sgd_update", "momentum", "momentum > 0");
  return handle(call("sgd_update", std::move(inputs),
                     {{"momentum", options.momentum}, {"nesterov", options.nesterov}}));
}

Tensor rmsprop_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                      const Tensor& velocity, const Tensor& momentum,
                      const Tensor& average_gradient, const RMSpropUpdateOptions& options) {
  std::vector<Tensor> inputs = head(variable, gradient, learning_rate, "rmsprop_update");
  push_slot(inputs, velocity, true, "rmsprop_update", "velocity", "always");
  push_slot(inputs, momentum, options.momentum > 0.0, "rmsprop_update", "momentum", "momentum > 0");
  push_slot(inputs, average_gradient, options.centered, "rmsprop_update", "average_gradient",
            "centered");
  return handle(call("rmsprop_update", std::move(inputs),
                     {{"rho", options.rho},
                      {"momentum", options.momentum},
                      {"epsilon", options.epsilon},
                      {"centered", options.centered}}));
}

Tensor adagrad_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                      const Tensor& accumulator, const AdagradUpdateOptions& options) {
  std::vector<Tensor> inputs = head(variable, gradient, learning_rate, "adagrad_update");
  push_slot(inputs, accumulator, true, "adagrad_update", "accumulator", "always");
  return handle(call("adagrad_update", std::move(inputs), {{"epsilon", options.epsilon}}));
}

Tensor adadelta_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                       const Tensor& accumulated_grad, const Tensor& accumulated_delta_var,
                       const AdadeltaUpdateOptions& options) {
  std::vector<Tensor> inputs = head(variable, gradient, learning_rate, "adadelta_update");
  push_slot(inputs, accumulated_grad, true, "adadelta_update", "accumulated_grad", "always");
  push_slot(inputs, accumulated_delta_var, true, "adadelta_update", "accumulated_delta_var",
            "always");
  return handle(call("adadelta_update", std::move(inputs),
                     {{"rho", options.rho}, {"epsilon", options.epsilon}}));
}

Tensor adam_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                   const Tensor& iterations, const Tensor& m, const Tensor& v, const Tensor& vhat,
                   const AdamUpdateOptions& options) {
  std::vector<Tensor> inputs = head(variable, gradient, learning_rate, "adam_update");
  inputs.push_back(iterations_of(iterations, "adam_update"));
  push_slot(inputs, m, true, "adam_update", "m", "always");
  push_slot(inputs, v, true, "adam_update", "v", "always");
  push_slot(inputs, vhat, options.amsgrad, "adam_update", "vhat", "amsgrad");
  return handle(call("adam_update", std::move(inputs),
                     {{"beta_1", options.beta_1},
                      {"beta_2", options.beta_2},
                      {"epsilon", options.epsilon},
                      {"amsgrad", options.amsgrad},
                      {"weight_decay", options.weight_decay}}));
}

Tensor adamax_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                     const Tensor& iterations, const Tensor& m, const Tensor& u,
                     const AdamaxUpdateOptions& options) {
  std::vector<Tensor> inputs = head(variable, gradient, learning_rate, "adamax_update");
  inputs.push_back(iterations_of(iterations, "adamax_update"));
  push_slot(inputs, m, true, "adamax_update", "m", "always");
  push_slot(inputs, u, true, "adamax_update", "u", "always");
  return handle(
      call("adamax_update", std::move(inputs),
           {{"beta_1", options.beta_1}, {"beta_2", options.beta_2}, {"epsilon", options.epsilon}}));
}

Tensor nadam_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                    const Tensor& iterations, const Tensor& m, const Tensor& v,
                    const Tensor& u_product, const NadamUpdateOptions& options) {
  std::vector<Tensor> inputs = head(variable, gradient, learning_rate, "nadam_update");
  inputs.push_back(iterations_of(iterations, "nadam_update"));
  push_slot(inputs, m, true, "nadam_update", "m", "always");
  push_slot(inputs, v, true, "nadam_update", "v", "always");
  inputs.push_back(in_dtype(u_product, variable.dtype(), "nadam_update", "u_product"));
  return handle(
      call("nadam_update", std::move(inputs),
           {{"beta_1", options.beta_1}, {"beta_2", options.beta_2}, {"epsilon", options.epsilon}}));
}

}  // namespace keras::ops
