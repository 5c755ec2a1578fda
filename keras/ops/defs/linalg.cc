// Linear algebra ops: matmul, dense (matmul + bias + activation, fused) and activation_grad.
#include "keras/ops/defs/rules.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops::detail {

namespace {

bool known_and_different(int64_t a, int64_t b) {
  return a != b && a != Shape::kUnknown && b != Shape::kUnknown;
}

Shape leading(const Shape& s, int drop) {
  return Shape(std::vector<int64_t>(s.begin(), s.end() - drop));
}

Tensor mm(const Tensor& a, const Tensor& b, bool transpose_a, bool transpose_b) {
  return call1("matmul", {a, b},
               MatmulAttrs{.transpose_a = transpose_a, .transpose_b = transpose_b});
}

Tensor reshape(const Tensor& x, std::vector<int64_t> shape) {
  return call1("reshape", {x}, ReshapeAttrs{.shape = std::move(shape)});
}

// --- matmul ------------------------------------------------------------------------------------

std::vector<TensorMeta> matmul_infer(std::span<const TensorMeta> in, const Attrs& attrs) {
  constexpr std::string_view op = "matmul";
  rules::expect_float(in[0], op, 0);
  rules::expect_float(in[1], op, 1);
  rules::expect_same_dtype(in[0], in[1], op);
  rules::expect_min_rank(in[0], 2, op, 0);
  rules::expect_min_rank(in[1], 2, op, 1);
  const auto& t = attrs.as<MatmulAttrs>();
  bool ta = t.transpose_a, tb = t.transpose_b;
  const Shape &a = in[0].shape, &b = in[1].shape;
  int64_t m = ta ? a.dim(-1) : a.dim(-2), ka = ta ? a.dim(-2) : a.dim(-1);
  int64_t kb = tb ? b.dim(-1) : b.dim(-2), n = tb ? b.dim(-2) : b.dim(-1);
  auto describe = [&] {
    return str("a has shape ", a, ta ? " (transposed)" : "", " and b has shape ", b,
               tb ? " (transposed)" : "");
  };
  if (known_and_different(ka, kb))
    throw ValueError(
        str("op 'matmul': inner dimensions do not match (", ka, " vs ", kb, "): ", describe()));
  Shape batch;
  try {
    batch = rules::broadcast_shapes(leading(a, 2), leading(b, 2), op);
  } catch (const ValueError&) {
    throw ValueError(str("op 'matmul': batch dimensions do not broadcast: ", describe()));
  }
  std::vector<int64_t> out = batch.dims();
  out.push_back(m);
  out.push_back(n);
  return {TensorMeta{in[0].dtype, Shape(std::move(out))}};
}

// C = op(a)·op(b): d op(a) = dC·op(b)ᵀ, d op(b) = op(a)ᵀ·dC, written back in each operand's
// stored orientation; broadcast batch dimensions are summed away.
std::vector<Tensor> matmul_gradient(const GradContext& ctx) {
  const Tensor &a = ctx.inputs[0], &b = ctx.inputs[1], &dc = ctx.output_grads[0];
  const auto& t = ctx.attrs.as<MatmulAttrs>();
  bool ta = t.transpose_a, tb = t.transpose_b;
  Tensor da = ta ? mm(b, dc, tb, true) : mm(dc, b, false, !tb);
  Tensor db;
  if (b.rank() == 2 && a.rank() > 2 && !ta) {
    // b is shared by every batch: one GEMM over the flattened rows instead of a batched product
    // followed by a sum.
    int64_t k = a.shape().dim(-1), n = dc.shape().dim(-1);
    Tensor a2 = reshape(a, {-1, k}), dc2 = reshape(dc, {-1, n});
    db = tb ? mm(dc2, a2, true, false) : mm(a2, dc2, true, false);
  } else {
    db = tb ? mm(dc, a, true, ta) : mm(a, dc, !ta, false);
  }
  if (da.shape() != a.shape()) da = call1("sum_to_like", {da, a});
  if (db.shape() != b.shape()) db = call1("sum_to_like", {db, b});
  return {da, db};
}

// --- dense -------------------------------------------------------------------------------------

std::vector<TensorMeta> dense_infer(std::span<const TensorMeta> in, const Attrs&) {
  constexpr std::string_view op = "dense";
  rules::expect_float(in[0], op, 0);
  rules::expect_min_rank(in[0], 1, op, 0);
  rules::expect_rank(in[1], 2, op, 1);
  for (size_t i = 1; i < in.size(); ++i) rules::expect_same_dtype(in[0], in[i], op);
  const Shape &x = in[0].shape, &kernel = in[1].shape;
  if (known_and_different(x.dim(-1), kernel[0]))
    throw ValueError(str("op 'dense': the last dimension of x ", x,
                         " must equal the first dimension of kernel ", kernel));
  if (in.size() > 2) {
    rules::expect_rank(in[2], 1, op, 2);
    if (known_and_different(in[2].shape[0], kernel[1]))
      throw ValueError(str("op 'dense': bias ", in[2].shape, " must have ", kernel[1],
                           " elements to match kernel ", kernel));
  }
  std::vector<int64_t> out(x.begin(), x.end() - 1);
  out.push_back(kernel[1]);
  return {TensorMeta{in[0].dtype, Shape(std::move(out))}};
}

// y = act(x·W + b): gz = dy·act'(y); dx = gz·Wᵀ; dW = xᵀ·gz over all rows; db = Σ rows of gz.
std::vector<Tensor> dense_gradient(const GradContext& ctx) {
  const Tensor &x = ctx.inputs[0], &kernel = ctx.inputs[1];
  Tensor gz = ctx.output_grads[0];
  if (ctx.attrs.as<FusedActivationAttrs>().activation != FusedActivation::linear)
    gz = call1("activation_grad", {gz, ctx.outputs[0]}, ctx.attrs);
  std::vector<Tensor> grads(ctx.inputs.size());
  if (x.rank() == 2) {
    grads[0] = mm(gz, kernel, false, true);
    grads[1] = mm(x, gz, true, false);
  } else {
    Tensor x2 = reshape(x, {-1, kernel.shape()[0]}), gz2 = reshape(gz, {-1, kernel.shape()[1]});
    grads[0] = call1("reshape_like", {mm(gz2, kernel, false, true), x});
    grads[1] = mm(x2, gz2, true, false);
  }
  if (ctx.inputs.size() > 2) {
    if (gz.rank() == 1) {
      grads[2] = gz;
    } else {
      std::vector<int64_t> axes;
      for (int i = 0; i + 1 < gz.rank(); ++i) axes.push_back(i);
      grads[2] = call1("sum", {gz}, ReduceAttrs{.axes = axes});
    }
  }
  return grads;
}

// --- activation_grad ---------------------------------------------------------------------------

std::vector<TensorMeta> activation_grad_infer(std::span<const TensorMeta> in, const Attrs&) {
  constexpr std::string_view op = "activation_grad";
  rules::expect_float(in[0], op, 0);
  rules::expect_same_dtype(in[0], in[1], op);
  if (in[0].shape != in[1].shape)
    throw ValueError(str("op 'activation_grad': dy ", in[0].shape, " and y ", in[1].shape,
                         " must have the same shape"));
  return {in[0]};
}

}  // namespace

void register_linalg_ops() {
  {
    OpDef def;
    def.name = "matmul";
    def.attrs = MatmulAttrs{};
    def.min_inputs = def.max_inputs = 2;
    def.infer = matmul_infer;
    def.gradient = matmul_gradient;
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "dense";
    def.attrs = FusedActivationAttrs{};
    def.min_inputs = 2;
    def.max_inputs = 3;
    def.infer = dense_infer;
    def.gradient = dense_gradient;
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "activation_grad";
    def.attrs = FusedActivationAttrs{};
    def.min_inputs = def.max_inputs = 2;
    def.infer = activation_grad_infer;
    def.inplace_input = 0;
    add_op(std::move(def));
  }
}

}  // namespace keras::ops::detail
