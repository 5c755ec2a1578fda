// Neural-network ops: softmax, log_softmax and the crossentropies (fused, with paired _grad ops).
#include "keras/ops/defs/rules.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops::detail {

namespace {

bool known_and_different(int64_t a, int64_t b) {
  return a != b && a != Shape::kUnknown && b != Shape::kUnknown;
}

bool shapes_match(const Shape& a, const Shape& b) {
  if (a.rank() != b.rank()) return false;
  for (int i = 0; i < a.rank(); ++i)
    if (known_and_different(a[i], b[i])) return false;
  return true;
}

int checked_axis(const TensorMeta& x, const std::optional<int64_t>& attr, std::string_view op) {
  int64_t axis = rules::required(attr, op, "axis");
  if (axis < 0 || axis >= x.shape.rank())
    throw ValueError(str("op '", op, "': axis ", axis, " is out of range for input of shape ",
                         x.shape, " (the frontend normalizes negative axes)"));
  return static_cast<int>(axis);
}

Shape without_axis(const Shape& s, int axis) {
  std::vector<int64_t> dims;
  for (int i = 0; i < s.rank(); ++i)
    if (i != axis) dims.push_back(s[i]);
  return Shape(std::move(dims));
}

// --- softmax, log_softmax ----------------------------------------------------------------------

ShapeRule softmax_infer(std::string op) {
  return [op](std::span<const TensorMeta> in, const Attrs& attrs) -> std::vector<TensorMeta> {
    rules::expect_float(in[0], op, 0);
    rules::expect_min_rank(in[0], 1, op, 0);
    checked_axis(in[0], attrs.as<SoftmaxAttrs>().axis, op);
    return {in[0]};
  };
}

// softmax_grad(dy, y) and log_softmax_grad(dy, y): output like dy.
ShapeRule softmax_grad_infer(std::string op) {
  return [op](std::span<const TensorMeta> in, const Attrs& attrs) -> std::vector<TensorMeta> {
    rules::expect_float(in[0], op, 0);
    rules::expect_same_dtype(in[0], in[1], op);
    if (in[0].shape != in[1].shape)
      throw ValueError(str("op '", op, "': dy ", in[0].shape, " and y ", in[1].shape,
                           " must have the same shape"));
    checked_axis(in[0], attrs.as<SoftmaxAttrs>().axis, op);
    return {in[0]};
  };
}

GradientRule softmax_gradient(std::string grad_op) {
  return [grad_op](const GradContext& ctx) -> std::vector<Tensor> {
    return {call1(grad_op, {ctx.output_grads[0], ctx.outputs[0]}, ctx.attrs)};
  };
}

// --- crossentropies ----------------------------------------------------------------------------

void check_epsilon(double eps, std::string_view op) {
  if (!(eps >= 0.0 && eps < 0.5))
    throw ValueError(str("op '", op, "': epsilon must be in [0, 0.5), got ", eps));
}

std::vector<TensorMeta> categorical_infer(std::span<const TensorMeta> in, const Attrs& attrs) {
  constexpr std::string_view op = "categorical_crossentropy";
  const auto& a = attrs.as<CrossentropyAttrs>();
  const TensorMeta &target = in[0], &output = in[1];
  rules::expect_float(output, op, 1);
  rules::expect_same_dtype(target, output, op);
  rules::expect_min_rank(output, 1, op, 1);
  if (!shapes_match(target.shape, output.shape))
    throw ValueError(str("op '", op, "': target ", target.shape, " and output ", output.shape,
                         " must have the same shape"));
  check_epsilon(a.epsilon, op);
  int axis = checked_axis(output, a.axis, op);
  return {TensorMeta{output.dtype, without_axis(output.shape, axis)}};
}

std::vector<TensorMeta> sparse_infer(std::span<const TensorMeta> in, const Attrs& attrs) {
  constexpr std::string_view op = "sparse_categorical_crossentropy";
  const auto& a = attrs.as<CrossentropyAttrs>();
  const TensorMeta &target = in[0], &output = in[1];
  rules::expect_dtype(target, {DType::int32, DType::int64}, op, 0);
  rules::expect_float(output, op, 1);
  rules::expect_min_rank(output, 1, op, 1);
  int rank = output.shape.rank();
  if (checked_axis(output, a.axis, op) != rank - 1)
    throw ValueError(str("op '", op, "': the class axis must be the last axis of output ",
                         output.shape, " (the frontend moves it there)"));
  Shape rows = without_axis(output.shape, rank - 1);
  if (!shapes_match(target.shape, rows))
    throw ValueError(str("op '", op, "': target ", target.shape, " must have output ", output.shape,
                         "'s shape without its last axis, ", rows));
  check_epsilon(a.epsilon, op);
  return {TensorMeta{output.dtype, rows}};
}

std::vector<TensorMeta> binary_infer(std::span<const TensorMeta> in, const Attrs& attrs) {
  constexpr std::string_view op = "binary_crossentropy";
  const TensorMeta &target = in[0], &output = in[1];
  rules::expect_float(output, op, 1);
  rules::expect_same_dtype(target, output, op);
  if (!shapes_match(target.shape, output.shape))
    throw ValueError(str("op '", op, "': target ", target.shape, " and output ", output.shape,
                         " must have the same shape"));
  check_epsilon(attrs.as<CrossentropyAttrs>().epsilon, op);
  return {output};
}

// The _grad ops take (dy, target, output) and give d loss / d output, shaped like output. Their
// shape rule is the forward rule on (target, output) plus a check of dy against the loss shape.
ShapeRule crossentropy_grad_infer(std::string op, ShapeRule forward) {
  return
      [op, forward](std::span<const TensorMeta> in, const Attrs& attrs) -> std::vector<TensorMeta> {
        std::vector<TensorMeta> loss = forward(in.subspan(1), attrs);
        rules::expect_same_dtype(in[0], in[2], op);
        if (!shapes_match(in[0].shape, loss[0].shape))
          throw ValueError(str("op '", op, "': dy ", in[0].shape, " must have the loss's shape ",
                               loss[0].shape));
        return {in[2]};
      };
}

// Gradient with respect to output only: targets are labels, held fixed (undefined gradient).
GradientRule crossentropy_gradient(std::string grad_op) {
  return [grad_op](const GradContext& ctx) -> std::vector<Tensor> {
    return {Tensor(),
            call1(grad_op, {ctx.output_grads[0], ctx.inputs[0], ctx.inputs[1]}, ctx.attrs)};
  };
}

void add_unary(const std::string& name, ShapeRule infer, GradientRule gradient) {
  OpDef def;
  def.name = name;
  def.attrs = SoftmaxAttrs{};
  def.min_inputs = def.max_inputs = 1;
  def.infer = std::move(infer);
  def.gradient = std::move(gradient);
  add_op(std::move(def));
}

void add_op_with(const std::string& name, Attrs attrs, int inputs, ShapeRule infer,
                 GradientRule gradient, int kernel_dtype_input, int inplace_input = -1) {
  OpDef def;
  def.name = name;
  def.attrs = std::move(attrs);
  def.min_inputs = def.max_inputs = inputs;
  def.infer = std::move(infer);
  def.gradient = std::move(gradient);
  def.kernel_dtype_input = kernel_dtype_input;
  def.inplace_input = inplace_input;
  add_op(std::move(def));
}

}  // namespace

void register_nn_ops() {
  add_unary("softmax", softmax_infer("softmax"), softmax_gradient("softmax_grad"));
  add_unary("log_softmax", softmax_infer("log_softmax"), softmax_gradient("log_softmax_grad"));
  add_op_with("softmax_grad", SoftmaxAttrs{}, 2, softmax_grad_infer("softmax_grad"), {}, 0, 0);
  add_op_with("log_softmax_grad", SoftmaxAttrs{}, 2, softmax_grad_infer("log_softmax_grad"), {}, 0,
              0);

  add_op_with("categorical_crossentropy", CrossentropyAttrs{}, 2, categorical_infer,
              crossentropy_gradient("categorical_crossentropy_grad"), 1);
  add_op_with("categorical_crossentropy_grad", CrossentropyAttrs{}, 3,
              crossentropy_grad_infer("categorical_crossentropy_grad", categorical_infer), {}, 2);
  add_op_with("sparse_categorical_crossentropy", CrossentropyAttrs{}, 2, sparse_infer,
              crossentropy_gradient("sparse_categorical_crossentropy_grad"), 1);
  add_op_with("sparse_categorical_crossentropy_grad", CrossentropyAttrs{}, 3,
              crossentropy_grad_infer("sparse_categorical_crossentropy_grad", sparse_infer), {}, 2);
  add_op_with("binary_crossentropy", CrossentropyAttrs{}, 2, binary_infer,
              crossentropy_gradient("binary_crossentropy_grad"), 1);
  add_op_with("binary_crossentropy_grad", CrossentropyAttrs{}, 3,
              crossentropy_grad_infer("binary_crossentropy_grad", binary_infer), {}, 2);
}

}  // namespace keras::ops::detail
