#include "keras/ops/updates.h"

#include "keras/graph/node.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"
#include "keras/ops/shape.h"

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

// The control handle of a symbolic update (ops without outputs return one); empty when eager.
Tensor handle(const std::vector<Tensor>& outputs) {
  return outputs.empty() ? Tensor() : outputs.front();
}

// The head of an optimizer step: variable, gradient, learning rate. A gradient that is an
// Embedding's (a symbolic gather_grad along axis 0 onto a tensor shaped like the variable) is
// taken as its rows instead, with their indices kept in `indices`: the update then never reads
// the dense table and the program drops the gather_grad node (keras/backend/row_sparse.h).
struct Head {
  std::vector<Tensor> inputs;
  Tensor indices;  // defined for the row-sparse form
};

Head head(const Tensor& variable, const Tensor& gradient, const Tensor& lr, const char* function) {
  check_variable(variable, function);
  Tensor rate = in_dtype(lr, variable.dtype(), function, "the learning rate");
  const graph::Node* node =
      gradient.defined() && gradient.is_symbolic() ? gradient.node() : nullptr;
  const Shape& shape = variable.shape();
  if (node && node->op->name == "gather_grad" && node->attrs.as<AxisAttrs>().axis == 0 &&
      gradient.dtype() == variable.dtype() && shape.rank() >= 1 && gradient.shape() == shape) {
    Shape rows_shape = shape;
    rows_shape[0] = -1;
    return {{variable, ops::reshape(node->inputs[0], rows_shape), rate},
            ops::reshape(node->inputs[1], Shape{-1})};
  }
  return {{variable, in_dtype(gradient, variable.dtype(), function, "the gradient"), rate}, {}};
}

// Calls the step op with the options as its attributes: the dense form, or the row-sparse one
// with the indices last.
template <class Options>
Tensor step(const char* op, Head h, const Options& options) {
  bool row_sparse = h.indices.defined();
  if (row_sparse) h.inputs.push_back(h.indices);
  return handle(call(op, std::move(h.inputs), StepAttrs<Options>{options, row_sparse}));
}

Tensor iterations_of(const Tensor& iterations, const char* function) {
  return in_dtype(iterations, DType::int64, function, "iterations");
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
  Head h = head(variable, gradient, learning_rate, "sgd_update");
  push_slot(h.inputs, momentum, options.momentum > 0.0, "sgd_update", "momentum", "momentum > 0");
  return step("sgd_update", std::move(h), options);
}

Tensor rmsprop_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                      const Tensor& velocity, const Tensor& momentum,
                      const Tensor& average_gradient, const RMSpropUpdateOptions& options) {
  Head h = head(variable, gradient, learning_rate, "rmsprop_update");
  push_slot(h.inputs, velocity, true, "rmsprop_update", "velocity", "always");
  push_slot(h.inputs, momentum, options.momentum > 0.0, "rmsprop_update", "momentum",
            "momentum > 0");
  push_slot(h.inputs, average_gradient, options.centered, "rmsprop_update", "average_gradient",
            "centered");
  return step("rmsprop_update", std::move(h), options);
}

Tensor adagrad_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                      const Tensor& accumulator, const AdagradUpdateOptions& options) {
  Head h = head(variable, gradient, learning_rate, "adagrad_update");
  push_slot(h.inputs, accumulator, true, "adagrad_update", "accumulator", "always");
  return step("adagrad_update", std::move(h), options);
}

Tensor adadelta_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                       const Tensor& accumulated_grad, const Tensor& accumulated_delta_var,
                       const AdadeltaUpdateOptions& options) {
  Head h = head(variable, gradient, learning_rate, "adadelta_update");
  push_slot(h.inputs, accumulated_grad, true, "adadelta_update", "accumulated_grad", "always");
  push_slot(h.inputs, accumulated_delta_var, true, "adadelta_update", "accumulated_delta_var",
            "always");
  return step("adadelta_update", std::move(h), options);
}

Tensor adam_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                   const Tensor& iterations, const Tensor& m, const Tensor& v, const Tensor& vhat,
                   const AdamUpdateOptions& options) {
  Head h = head(variable, gradient, learning_rate, "adam_update");
  h.inputs.push_back(iterations_of(iterations, "adam_update"));
  push_slot(h.inputs, m, true, "adam_update", "m", "always");
  push_slot(h.inputs, v, true, "adam_update", "v", "always");
  push_slot(h.inputs, vhat, options.amsgrad, "adam_update", "vhat", "amsgrad");
  return step("adam_update", std::move(h), options);
}

Tensor adamax_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                     const Tensor& iterations, const Tensor& m, const Tensor& u,
                     const AdamaxUpdateOptions& options) {
  Head h = head(variable, gradient, learning_rate, "adamax_update");
  h.inputs.push_back(iterations_of(iterations, "adamax_update"));
  push_slot(h.inputs, m, true, "adamax_update", "m", "always");
  push_slot(h.inputs, u, true, "adamax_update", "u", "always");
  return step("adamax_update", std::move(h), options);
}

Tensor nadam_update(const Tensor& variable, const Tensor& gradient, const Tensor& learning_rate,
                    const Tensor& iterations, const Tensor& m, const Tensor& v,
                    const Tensor& u_product, const NadamUpdateOptions& options) {
  Head h = head(variable, gradient, learning_rate, "nadam_update");
  h.inputs.push_back(iterations_of(iterations, "nadam_update"));
  push_slot(h.inputs, m, true, "nadam_update", "m", "always");
  push_slot(h.inputs, v, true, "nadam_update", "v", "always");
  h.inputs.push_back(in_dtype(u_product, variable.dtype(), "nadam_update", "u_product"));
  return step("nadam_update", std::move(h), options);
}

}  // namespace keras::ops
