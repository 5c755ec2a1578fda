// Random ops (keras/ops/README.md "Random"). They read a seed state (int64 [2]: seed, counter),
// draw from the Philox stream of keras/core/random.h and add 1 to the counter in place.
#include "keras/ops/defs/rules.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops::detail {

namespace {

void check_state(const TensorMeta& state, std::string_view op, int input) {
  if (state.dtype != DType::int64)
    throw TypeError(str("op '", op, "': input ", input,
                        " is the seed state and must be int64, got ", state.dtype));
  if (state.shape != Shape{2})
    throw ValueError(str("op '", op, "': input ", input,
                         " is the seed state (seed, counter) and must have shape (2,), got shape ",
                         state.shape));
}

DType output_dtype(DType dtype, std::string_view op) {
  if (!is_floating(dtype))
    throw TypeError(str("op '", op, "': dtype must be a float type, got ", dtype));
  return dtype;
}

// The output shape: the `like` input's (input 1) when given, else the `shape` attribute.
Shape output_shape(std::span<const TensorMeta> in, const std::optional<std::vector<int64_t>>& dims,
                   std::string_view op) {
  if (in.size() > 1) return in[1].shape;
  if (!dims) throw ValueError(str("op '", op, "' needs a `shape` attribute or a `like` input"));
  Shape shape(*dims);
  for (int64_t d : shape)
    if (d < 0)
      throw ValueError(str("op '", op, "': shape ", shape,
                           " must be fully defined (pass a `like` tensor for unknown dimensions)"));
  return shape;
}

// Random draws do not depend on the values of their inputs: no gradient flows to them.
std::vector<Tensor> no_gradients(const GradContext& ctx) {
  return std::vector<Tensor>(ctx.inputs.size());
}

OpDef random_op(const char* name, Attrs attrs) {
  OpDef def;
  def.name = name;
  def.attrs = std::move(attrs);
  def.min_inputs = 1;
  def.max_inputs = 2;
  def.kernel_dtype_input = -1;
  def.has_side_effects = true;
  def.mutates = {0};
  def.is_random = true;
  def.gradient = no_gradients;
  return def;
}

double rate_of(const Attrs& attrs, std::string_view op) {
  double rate = rules::required(attrs.as<DropoutAttrs>().rate, op, "rate");
  if (!(rate >= 0.0 && rate < 1.0))
    throw ValueError(str("op '", op, "': rate must be in [0, 1), got ", rate));
  return rate;
}

}  // namespace

void register_random_ops() {
  {
    OpDef def = random_op("random_uniform", RandomUniformAttrs{});
    def.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) {
      check_state(in[0], "random_uniform", 0);
      const auto& a = attrs.as<RandomUniformAttrs>();
      if (!(a.minval <= a.maxval))
        throw ValueError(str("op 'random_uniform': minval (", a.minval,
                             ") must not exceed maxval (", a.maxval, ")"));
      return std::vector<TensorMeta>{
          {output_dtype(a.dtype, "random_uniform"), output_shape(in, a.shape, "random_uniform")}};
    };
    add_op(std::move(def));
  }
  for (const char* name : {"random_normal", "truncated_normal"}) {
    OpDef def = random_op(name, RandomNormalAttrs{});
    def.infer = [op = std::string(name)](std::span<const TensorMeta> in, const Attrs& attrs) {
      check_state(in[0], op, 0);
      const auto& a = attrs.as<RandomNormalAttrs>();
      return std::vector<TensorMeta>{{output_dtype(a.dtype, op), output_shape(in, a.shape, op)}};
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "dropout";
    def.attrs = DropoutAttrs{};
    def.min_inputs = def.max_inputs = 2;
    def.kernel_dtype_input = -1;
    def.has_side_effects = true;
    def.mutates = {1};
    def.is_random = true;
    def.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) {
      rules::expect_float(in[0], "dropout", 0);
      check_state(in[1], "dropout", 1);
      rate_of(attrs, "dropout");
      return std::vector<TensorMeta>{in[0], {DType::uint8, in[0].shape}};
    };
    // Finite differences cannot see through the draw; the mask is the derivative.
    def.gradient = [](const GradContext& ctx) {
      std::vector<Tensor> grads(2);
      if (ctx.output_grads[0].defined())
        grads[0] = call1("dropout_grad", {ctx.output_grads[0], ctx.outputs[1]}, ctx.attrs);
      return grads;
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "dropout_grad";
    def.attrs = DropoutAttrs{};
    def.min_inputs = def.max_inputs = 2;
    def.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) {
      rules::expect_float(in[0], "dropout_grad", 0);
      rules::expect_dtype(in[1], {DType::uint8}, "dropout_grad", 1);
      if (in[0].shape.rank() != in[1].shape.rank())
        throw ValueError(str("op 'dropout_grad': dy ", in[0].shape, " and mask ", in[1].shape,
                             " must have the same shape"));
      for (int i = 0; i < in[0].shape.rank(); ++i) {
        int64_t a = in[0].shape[i], b = in[1].shape[i];
        if (a != b && a != Shape::kUnknown && b != Shape::kUnknown)
          throw ValueError(str("op 'dropout_grad': dy ", in[0].shape, " and mask ", in[1].shape,
                               " must have the same shape"));
      }
      rate_of(attrs, "dropout_grad");
      return std::vector<TensorMeta>{in[0]};
    };
    // Linear in dy: the same masking again.
    def.gradient = [](const GradContext& ctx) {
      std::vector<Tensor> grads(2);
      if (ctx.output_grads[0].defined())
        grads[0] = call1("dropout_grad", {ctx.output_grads[0], ctx.inputs[1]}, ctx.attrs);
      return grads;
    };
    add_op(std::move(def));
  }
}

}  // namespace keras::ops::detail
