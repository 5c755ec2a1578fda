// Reductions (sum, mean, max, min, prod, logsumexp, argmax, argmin) and their gradient helper
// reduce_grad. Attributes are normalized by the frontend (keras/ops/reduction.cc): `axes` sorted,
// unique, non-negative; empty means every axis.
#include <algorithm>

#include "keras/ops/defs/rules.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops::detail {

namespace {

// Checks `axes` against `shape` and returns the reduced shape. Unknown dimensions stay unknown.
Shape reduced_shape(const Shape& shape, const std::vector<int64_t>& axes, bool keepdims,
                    std::string_view op) {
  int rank = shape.rank();
  for (size_t i = 0; i < axes.size(); ++i) {
    if (axes[i] < 0 || axes[i] >= rank)
      throw ValueError(str("op '", op, "': axis ", axes[i],
                           " is out of range for an input of shape ", shape, " (rank ", rank, ")"));
    if (i > 0 && axes[i] <= axes[i - 1])
      throw ValueError(str("op '", op, "': axes must be sorted and unique, got axis ", axes[i],
                           " after ", axes[i - 1]));
  }
  std::vector<int64_t> out;
  for (int a = 0; a < rank; ++a) {
    bool reduced = axes.empty() || std::binary_search(axes.begin(), axes.end(), int64_t{a});
    if (!reduced)
      out.push_back(shape[a]);
    else if (keepdims)
      out.push_back(1);
  }
  return Shape(std::move(out));
}

std::vector<TensorMeta> infer_reduction(std::string_view op, std::span<const TensorMeta> in,
                                        const Attrs& attrs) {
  rules::expect_float(in[0], op, 0);
  const auto& a = attrs.as<ReduceAttrs>();
  return {{in[0].dtype, reduced_shape(in[0].shape, a.axes, a.keepdims, op)}};
}

void add_reduction(const char* name, GradientRule gradient) {
  OpDef def;
  def.name = name;
  def.attrs = ReduceAttrs{};
  std::string op = name;
  def.infer = [op](std::span<const TensorMeta> in, const Attrs& attrs) {
    return infer_reduction(op, in, attrs);
  };
  def.gradient = std::move(gradient);
  add_op(std::move(def));
}

// dy broadcast back to x's shape (mean: divided by the number of reduced elements).
Tensor broadcast_back(const Tensor& dy, const Tensor& x, const Attrs& attrs, bool mean = false) {
  const auto& a = attrs.as<ReduceAttrs>();
  return call1("reduce_grad", {dy, x},
               ReduceGradAttrs{.axes = a.axes, .keepdims = a.keepdims, .mean = mean});
}

// max and min: the gradient is shared equally among the elements equal to the extremum
// (as TensorFlow's reduce_max gradient, which Keras 3 uses).
std::vector<Tensor> extremum_gradient(const GradContext& c) {
  const Tensor& x = c.inputs[0];
  Tensor y = broadcast_back(c.outputs[0], x, c.attrs);
  Tensor mask = call1("cast", {call1("equal", {x, y})}, CastAttrs{.dtype = x.dtype()});
  Tensor count = call1("sum", {mask}, c.attrs);
  Tensor share = call1("div", {c.output_grads[0], count});
  return {call1("mul", {mask, broadcast_back(share, x, c.attrs)})};
}

std::vector<TensorMeta> infer_arg_reduction(std::string_view op, std::span<const TensorMeta> in,
                                            const Attrs& attrs) {
  rules::expect_float(in[0], op, 0);
  const auto& a = attrs.as<ArgReduceAttrs>();
  int64_t axis = rules::required(a.axis, op, "axis");
  const Shape& shape = in[0].shape;
  if (axis < 0 || axis >= shape.rank())
    throw ValueError(str("op '", op, "': axis ", axis, " is out of range for an input of shape ",
                         shape, " (rank ", shape.rank(), ")"));
  if (shape[static_cast<int>(axis)] == 0)
    throw ValueError(str("op '", op, "': cannot take the ", op, " of an empty axis (axis ", axis,
                         " of shape ", shape, ")"));
  return {{DType::int64, reduced_shape(shape, {axis}, a.keepdims, op)}};
}

}  // namespace

void register_reduction_ops() {
  add_reduction("sum", [](const GradContext& c) -> std::vector<Tensor> {
    return {broadcast_back(c.output_grads[0], c.inputs[0], c.attrs)};
  });
  add_reduction("mean", [](const GradContext& c) -> std::vector<Tensor> {
    return {broadcast_back(c.output_grads[0], c.inputs[0], c.attrs, /*mean=*/true)};
  });
  add_reduction("max", extremum_gradient);
  add_reduction("min", extremum_gradient);
  add_reduction("prod", [](const GradContext& c) -> std::vector<Tensor> {
    // d prod / d x_i = prod / x_i (undefined at zeros, as in TensorFlow's simple rule).
    const Tensor& x = c.inputs[0];
    Tensor dy_y = call1("mul", {c.output_grads[0], c.outputs[0]});
    return {call1("div", {broadcast_back(dy_y, x, c.attrs), x})};
  });
  add_reduction("logsumexp", [](const GradContext& c) -> std::vector<Tensor> {
    // d logsumexp / d x_i = exp(x_i - y): the softmax along the reduced axes.
    const Tensor& x = c.inputs[0];
    Tensor softmax = call1("exp", {call1("sub", {x, broadcast_back(c.outputs[0], x, c.attrs)})});
    return {call1("mul", {broadcast_back(c.output_grads[0], x, c.attrs), softmax})};
  });

  for (const char* name : {"argmax", "argmin"}) {
    OpDef def;
    def.name = name;
    def.attrs = ArgReduceAttrs{};
    std::string op = name;
    def.infer = [op](std::span<const TensorMeta> in, const Attrs& attrs) {
      return infer_arg_reduction(op, in, attrs);
    };
    add_op(std::move(def));  // integer output: not differentiable
  }

  OpDef grad;
  grad.name = "reduce_grad";
  grad.attrs = ReduceGradAttrs{};
  grad.min_inputs = grad.max_inputs = 2;
  grad.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) -> std::vector<TensorMeta> {
    rules::expect_float(in[0], "reduce_grad", 0);
    const auto& a = attrs.as<ReduceGradAttrs>();
    Shape want = reduced_shape(in[1].shape, a.axes, a.keepdims, "reduce_grad");
    const Shape& got = in[0].shape;
    bool ok = got.rank() == want.rank();
    for (int i = 0; ok && i < got.rank(); ++i) ok = got[i] == want[i] || got[i] < 0 || want[i] < 0;
    if (!ok)
      throw ValueError(str("op 'reduce_grad': dy must have the reduced shape ", want,
                           " of x's shape ", in[1].shape, ", got ", got));
    return {{in[0].dtype, in[1].shape}};
  };
  grad.gradient = [](const GradContext& c) -> std::vector<Tensor> {
    // reduce_grad is a broadcast (scaled by 1/count when mean): its adjoint is sum (or mean).
    const auto& a = c.attrs.as<ReduceGradAttrs>();
    return {call1(a.mean ? "mean" : "sum", {c.output_grads[0]},
                  ReduceAttrs{.axes = a.axes, .keepdims = a.keepdims}),
            Tensor()};
  };
  add_op(std::move(grad));
}

}  // namespace keras::ops::detail
