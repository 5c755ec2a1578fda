// Elementwise ops: unary math and activations (with unary_grad as their shared derivative op),
// binary ops with NumPy broadcasting, comparisons, where, cast, fill_like and the broadcasting
// gradient helpers broadcast_like / sum_to_like. keras/ops/README.md is the contract.
#include <algorithm>
#include <string>
#include <vector>

#include "keras/ops/defs/rules.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops::detail {

namespace {

// float16 and bfloat16 are computed in float32 and stored narrow (keras/backend/half_promotion.h).
const std::vector<DType> kFloat = {DType::float16, DType::bfloat16, DType::float32, DType::float64};
const std::vector<DType> kNumeric = {DType::float16, DType::bfloat16, DType::float32,
                                     DType::float64, DType::int32,    DType::int64};
const std::vector<DType> kComparable = {DType::float16, DType::bfloat16, DType::float32,
                                        DType::float64, DType::int32,    DType::int64,
                                        DType::bool_};

// The unary elementwise ops. `grad` says how the gradient is formed: through unary_grad (which
// recomputes f'(x) from x), or directly.
enum class UnaryGrad { through_unary_grad, negate, pass, none };
struct UnarySpec {
  const char* name;
  UnaryGrad grad;
  bool any_dtype;  // stop_gradient and identity move any dtype; the rest are float
};
constexpr UnarySpec kUnaryOps[] = {
    {"neg", UnaryGrad::negate, false},
    {"abs", UnaryGrad::through_unary_grad, false},
    {"sign", UnaryGrad::none, false},
    {"exp", UnaryGrad::through_unary_grad, false},
    {"log", UnaryGrad::through_unary_grad, false},
    {"sqrt", UnaryGrad::through_unary_grad, false},
    {"rsqrt", UnaryGrad::through_unary_grad, false},
    {"square", UnaryGrad::through_unary_grad, false},
    {"tanh", UnaryGrad::through_unary_grad, false},
    {"sigmoid", UnaryGrad::through_unary_grad, false},
    {"relu", UnaryGrad::through_unary_grad, false},
    {"relu6", UnaryGrad::through_unary_grad, false},
    {"leaky_relu", UnaryGrad::through_unary_grad, false},
    {"elu", UnaryGrad::through_unary_grad, false},
    {"selu", UnaryGrad::through_unary_grad, false},
    {"gelu", UnaryGrad::through_unary_grad, false},
    {"softplus", UnaryGrad::through_unary_grad, false},
    {"softsign", UnaryGrad::through_unary_grad, false},
    {"silu", UnaryGrad::through_unary_grad, false},
    {"hard_sigmoid", UnaryGrad::through_unary_grad, false},
    {"clip", UnaryGrad::through_unary_grad, false},
    {"stop_gradient", UnaryGrad::none, true},
    {"identity", UnaryGrad::pass, true},
};

// The attribute structs of the unary ops that have one.
Attrs unary_attrs(std::string_view op) {
  if (op == "leaky_relu") return LeakyReluAttrs{};
  if (op == "elu") return EluAttrs{};
  if (op == "gelu") return GeluAttrs{};
  if (op == "hard_sigmoid") return HardSigmoidAttrs{};
  if (op == "clip") return ClipAttrs{};
  return {};
}

bool is_unary_op(const std::string& name) {
  return std::any_of(std::begin(kUnaryOps), std::end(kUnaryOps),
                     [&](const UnarySpec& s) { return name == s.name; });
}

// clip's bounds are required.
void check_unary_attrs(const std::string& op, const Attrs& attrs) {
  if (op != "clip") return;
  const auto& a = attrs.as<ClipAttrs>();
  rules::required(a.min, op, "min");
  rules::required(a.max, op, "max");
}

// Merges two shapes that must be equal (an unknown dimension takes the known one).
Shape same_shape(const Shape& a, const Shape& b, std::string_view op) {
  bool ok = a.rank() == b.rank();
  std::vector<int64_t> dims;
  for (int i = 0; ok && i < a.rank(); ++i) {
    if (a[i] != b[i] && a[i] != Shape::kUnknown && b[i] != Shape::kUnknown) ok = false;
    dims.push_back(a[i] == Shape::kUnknown ? b[i] : a[i]);
  }
  if (!ok)
    throw ValueError(str("op '", op, "': inputs must have the same shape, got ", a, " and ", b));
  return Shape(std::move(dims));
}

Tensor scalar_of(double value, DType dtype) {
  return Tensor::full(Shape{}, value, dtype);
}

// The gradient of a broadcasting op with respect to input i: `grad` (shaped like the output)
// summed over the axes where input i was broadcast. No node is added when the shapes provably
// match at run time: equal static shapes, where an unknown axis of the output can come from
// input i only (each other input lacks that axis or has size 1 there).
Tensor reduce_to(const Tensor& grad, const GradContext& ctx, size_t i) {
  const Shape& in = ctx.inputs[i].shape();
  const Shape& out = grad.shape();
  if (in == out) {
    bool exact = true;
    for (int axis = 0; axis < out.rank(); ++axis) {
      if (out[axis] != Shape::kUnknown) continue;
      for (size_t j = 0; j < ctx.inputs.size(); ++j) {
        if (j == i) continue;
        const Shape& other = ctx.inputs[j].shape();
        int k = axis - (out.rank() - other.rank());
        if (k >= 0 && other[k] != 1) exact = false;  // unknown vs unknown: either may be 1
      }
    }
    if (exact) return grad;
  }
  return call1("sum_to_like", {grad, ctx.inputs[i]});
}

bool float_inputs(const GradContext& ctx) {
  for (const Tensor& t : ctx.inputs)
    if (!is_floating(t.dtype())) return false;
  return true;
}

void register_unary() {
  for (const UnarySpec& spec : kUnaryOps) {
    OpDef def;
    def.name = spec.name;
    def.attrs = unary_attrs(spec.name);
    def.inplace_input = 0;
    std::string name = spec.name;
    bool any = spec.any_dtype;
    def.infer = [name, any](std::span<const TensorMeta> in, const Attrs& attrs) {
      if (!any) rules::expect_dtype(in[0], kFloat, name, 0);
      check_unary_attrs(name, attrs);
      return std::vector<TensorMeta>{in[0]};
    };
    switch (spec.grad) {
      case UnaryGrad::through_unary_grad:
        def.gradient = [name](const GradContext& ctx) -> std::vector<Tensor> {
          if (!ctx.output_grads[0].defined()) return {Tensor()};
          return {call1("unary_grad", {ctx.inputs[0], ctx.output_grads[0]},
                        UnaryGradAttrs{.fn = name, .fn_attrs = ctx.attrs})};
        };
        break;
      case UnaryGrad::negate:
        def.gradient = [](const GradContext& ctx) -> std::vector<Tensor> {
          if (!ctx.output_grads[0].defined()) return {Tensor()};
          return {call1("neg", {ctx.output_grads[0]})};
        };
        break;
      case UnaryGrad::pass:
        def.gradient = [](const GradContext& ctx) -> std::vector<Tensor> {
          if (!is_floating(ctx.inputs[0].dtype())) return {Tensor()};
          return {ctx.output_grads[0]};
        };
        break;
      case UnaryGrad::none:  // sign is flat almost everywhere; stop_gradient blocks by definition
        def.gradient = [](const GradContext&) -> std::vector<Tensor> { return {Tensor()}; };
        break;
    }
    add_op(std::move(def));
  }

  // unary_grad(x, dy): dy * f'(x) for the unary op named by `fn`, with that op's attributes.
  // The output may take dy's buffer (the usual last use of dy in a backward pass).
  OpDef grad;
  grad.name = "unary_grad";
  grad.attrs = UnaryGradAttrs{};
  grad.min_inputs = grad.max_inputs = 2;
  grad.inplace_input = 1;
  grad.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) {
    const auto& a = attrs.as<UnaryGradAttrs>();
    if (!is_unary_op(a.fn))
      throw ValueError(str(
          "op 'unary_grad': attribute 'fn' must name a unary elementwise op, got '", a.fn, "'"));
    const Attrs& want = get_op(a.fn).attrs;
    KERAS_ASSERT(a.fn_attrs.same_type(want), "op 'unary_grad' of '", a.fn, "' takes ",
                 want.type_name(), ", got ", a.fn_attrs);
    check_unary_attrs(a.fn, a.fn_attrs);
    rules::expect_dtype(in[0], kFloat, "unary_grad", 0);
    rules::expect_same_dtype(in[0], in[1], "unary_grad");
    return std::vector<TensorMeta>{
        {in[0].dtype, same_shape(in[0].shape, in[1].shape, "unary_grad")}};
  };
  add_op(std::move(grad));
}

void add_binary(const char* op_name, const std::vector<DType>& dtypes, bool to_bool,
                GradientRule gradient) {
  OpDef def;
  def.name = op_name;
  def.min_inputs = def.max_inputs = 2;
  std::string name = op_name;
  def.infer = [name, dtypes, to_bool](std::span<const TensorMeta> in, const Attrs&) {
    rules::expect_same_dtype(in[0], in[1], name);
    rules::expect_dtype(in[0], dtypes, name, 0);
    Shape shape = rules::broadcast_shapes(in[0].shape, in[1].shape, name);
    return std::vector<TensorMeta>{{to_bool ? DType::bool_ : in[0].dtype, std::move(shape)}};
  };
  def.gradient = std::move(gradient);
  add_op(std::move(def));
}

// Gradient rules of the binary ops. Integer inputs get no gradient.
std::vector<Tensor> add_grad(const GradContext& ctx) {
  const Tensor& dy = ctx.output_grads[0];
  if (!dy.defined() || !float_inputs(ctx)) return {Tensor(), Tensor()};
  return {reduce_to(dy, ctx, 0), reduce_to(dy, ctx, 1)};
}

std::vector<Tensor> sub_grad(const GradContext& ctx) {
  const Tensor& dy = ctx.output_grads[0];
  if (!dy.defined() || !float_inputs(ctx)) return {Tensor(), Tensor()};
  return {reduce_to(dy, ctx, 0), reduce_to(call1("neg", {dy}), ctx, 1)};
}

std::vector<Tensor> mul_grad(const GradContext& ctx) {
  const Tensor& dy = ctx.output_grads[0];
  if (!dy.defined() || !float_inputs(ctx)) return {Tensor(), Tensor()};
  const Tensor &a = ctx.inputs[0], &b = ctx.inputs[1];
  return {reduce_to(call1("mul", {dy, b}), ctx, 0), reduce_to(call1("mul", {dy, a}), ctx, 1)};
}

std::vector<Tensor> div_grad(const GradContext& ctx) {
  const Tensor& dy = ctx.output_grads[0];
  if (!dy.defined() || !float_inputs(ctx)) return {Tensor(), Tensor()};
  const Tensor &b = ctx.inputs[1], &y = ctx.outputs[0];
  // d(a/b)/db = -a/b^2 = -y/b
  Tensor db = call1("neg", {call1("div", {call1("mul", {dy, y}), b})});
  return {reduce_to(call1("div", {dy, b}), ctx, 0), reduce_to(db, ctx, 1)};
}

std::vector<Tensor> pow_grad(const GradContext& ctx) {
  const Tensor& dy = ctx.output_grads[0];
  if (!dy.defined() || !float_inputs(ctx)) return {Tensor(), Tensor()};
  const Tensor &a = ctx.inputs[0], &b = ctx.inputs[1], &y = ctx.outputs[0];
  DType dt = a.dtype();
  // d/da = b * a^(b-1); d/db = y * log(a), taken as 0 where a <= 0 (as TensorFlow does).
  Tensor a_pow = call1("pow", {a, call1("sub", {b, scalar_of(1.0, dt)})});
  Tensor da = call1("mul", {dy, call1("mul", {b, a_pow})});
  Tensor zero = scalar_of(0.0, dt);
  Tensor log_a = call1(
      "where", {call1("greater", {a, zero}), call1("log", {call1("maximum", {a, zero})}), zero});
  Tensor db = call1("mul", {dy, call1("mul", {y, log_a})});
  return {reduce_to(da, ctx, 0), reduce_to(db, ctx, 1)};
}

// maximum/minimum: the gradient goes to `a` where it won, ties included (TensorFlow's rule:
// maximum sends it to x where x >= y; minimum where x <= y).
GradientRule extremum_grad(const char* compare) {
  std::string cmp = compare;
  return [cmp](const GradContext& ctx) -> std::vector<Tensor> {
    const Tensor& dy = ctx.output_grads[0];
    if (!dy.defined() || !float_inputs(ctx)) return {Tensor(), Tensor()};
    Tensor mask = call1(cmp, {ctx.inputs[0], ctx.inputs[1]});
    Tensor zero = scalar_of(0.0, dy.dtype());
    return {reduce_to(call1("where", {mask, dy, zero}), ctx, 0),
            reduce_to(call1("where", {mask, zero, dy}), ctx, 1)};
  };
}

std::vector<Tensor> no_grad2(const GradContext&) {
  return {Tensor(), Tensor()};
}

void register_binary() {
  add_binary("add", kNumeric, false, add_grad);
  add_binary("sub", kNumeric, false, sub_grad);
  add_binary("mul", kNumeric, false, mul_grad);
  add_binary("div", kFloat, false, div_grad);
  add_binary("pow", kFloat, false, pow_grad);
  add_binary("maximum", kNumeric, false, extremum_grad("greater_equal"));
  add_binary("minimum", kNumeric, false, extremum_grad("less_equal"));
  for (const char* op : {"equal", "not_equal", "less", "less_equal", "greater", "greater_equal"})
    add_binary(op, kComparable, true, no_grad2);
}

void register_where() {
  OpDef def;
  def.name = "where";
  def.min_inputs = def.max_inputs = 3;
  def.kernel_dtype_input = 1;
  def.infer = [](std::span<const TensorMeta> in, const Attrs&) {
    rules::expect_dtype(in[0], {DType::bool_}, "where", 0);
    rules::expect_same_dtype(in[1], in[2], "where");
    Shape shape = rules::broadcast_shapes(in[0].shape, in[1].shape, "where");
    shape = rules::broadcast_shapes(shape, in[2].shape, "where");
    return std::vector<TensorMeta>{{in[1].dtype, std::move(shape)}};
  };
  def.gradient = [](const GradContext& ctx) -> std::vector<Tensor> {
    const Tensor& dy = ctx.output_grads[0];
    if (!dy.defined() || !is_floating(ctx.inputs[1].dtype())) return {Tensor(), Tensor(), Tensor()};
    const Tensor& c = ctx.inputs[0];
    Tensor zero = scalar_of(0.0, dy.dtype());
    return {Tensor(), reduce_to(call1("where", {c, dy, zero}), ctx, 1),
            reduce_to(call1("where", {c, zero, dy}), ctx, 2)};
  };
  add_op(std::move(def));
}

void register_broadcast_helpers() {
  OpDef bcast;
  bcast.name = "broadcast_like";
  bcast.min_inputs = bcast.max_inputs = 2;
  bcast.infer = [](std::span<const TensorMeta> in, const Attrs&) {
    const Shape &x = in[0].shape, &ref = in[1].shape;
    bool ok = x.rank() <= ref.rank();
    std::vector<int64_t> dims(ref.dims());
    for (int i = 0; ok && i < x.rank(); ++i) {
      int j = ref.rank() - x.rank() + i;
      int64_t xd = x[i], rd = ref[j];
      if (xd == 1 || xd == rd || xd == Shape::kUnknown) continue;
      if (rd == Shape::kUnknown)
        dims[static_cast<size_t>(j)] = xd;
      else
        ok = false;
    }
    if (!ok)
      throw ValueError(str("op 'broadcast_like': shape ", x, " cannot be broadcast to ", ref));
    return std::vector<TensorMeta>{{in[0].dtype, Shape(std::move(dims))}};
  };
  bcast.gradient = [](const GradContext& ctx) -> std::vector<Tensor> {
    const Tensor& dy = ctx.output_grads[0];
    if (!dy.defined() || !is_floating(dy.dtype())) return {Tensor(), Tensor()};
    const Shape& x = ctx.inputs[0].shape();
    if (x == dy.shape() && x.is_fully_defined()) return {dy, Tensor()};
    return {call1("sum_to_like", {dy, ctx.inputs[0]}), Tensor()};
  };
  add_op(std::move(bcast));

  OpDef sum;
  sum.name = "sum_to_like";
  sum.min_inputs = sum.max_inputs = 2;
  sum.infer = [](std::span<const TensorMeta> in, const Attrs&) {
    rules::expect_dtype(in[0], kNumeric, "sum_to_like", 0);
    const Shape &x = in[0].shape, &ref = in[1].shape;
    bool ok = ref.rank() <= x.rank();
    for (int i = 0; ok && i < ref.rank(); ++i) {
      int64_t rd = ref[i], xd = x[x.rank() - ref.rank() + i];
      ok = rd == 1 || rd == xd || rd == Shape::kUnknown || xd == Shape::kUnknown;
    }
    if (!ok)
      throw ValueError(str("op 'sum_to_like': shape ", ref, " does not broadcast to the shape ", x,
                           " being summed"));
    return std::vector<TensorMeta>{{in[0].dtype, ref}};
  };
  sum.gradient = [](const GradContext& ctx) -> std::vector<Tensor> {
    const Tensor& dy = ctx.output_grads[0];
    if (!dy.defined() || !is_floating(dy.dtype())) return {Tensor(), Tensor()};
    return {call1("broadcast_like", {dy, ctx.inputs[0]}), Tensor()};
  };
  add_op(std::move(sum));
}

void register_cast_and_fill() {
  OpDef cast;
  cast.name = "cast";
  cast.attrs = CastAttrs{};
  cast.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) {
    return std::vector<TensorMeta>{
        {rules::required(attrs.as<CastAttrs>().dtype, "cast", "dtype"), in[0].shape}};
  };
  cast.gradient = [](const GradContext& ctx) -> std::vector<Tensor> {
    const Tensor& dy = ctx.output_grads[0];
    DType from = ctx.inputs[0].dtype();
    if (!dy.defined() || !is_floating(from) || !is_floating(dy.dtype())) return {Tensor()};
    if (from == dy.dtype()) return {dy};
    return {call1("cast", {dy}, CastAttrs{.dtype = from})};
  };
  add_op(std::move(cast));

  OpDef fill;
  fill.name = "fill_like";
  fill.attrs = FillLikeAttrs{};
  fill.kernel_dtype_input = -1;  // the output's dtype; the reference is never read
  fill.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) {
    const auto& a = attrs.as<FillLikeAttrs>();
    rules::required(a.value, "fill_like", "value");
    return std::vector<TensorMeta>{{a.dtype.value_or(in[0].dtype), in[0].shape}};
  };
  fill.gradient = [](const GradContext&) -> std::vector<Tensor> { return {Tensor()}; };
  add_op(std::move(fill));
}

}  // namespace

void register_elementwise_ops() {
  register_unary();
  register_binary();
  register_where();
  register_broadcast_helpers();
  register_cast_and_fill();
}

}  // namespace keras::ops::detail
