// Elementwise ops (unary math and activations with their derivatives, binary ops with NumPy
// broadcasting, comparisons, where, broadcast_like, sum_to_like, cast, fill_like) and reductions
// on ATen. Where PyTorch's definition differs from Keras's (sign of NaN, softplus's threshold,
// elu's exp(x) - 1) the Keras form of keras/ops/README.md is written out with ATen operators.
#include <cmath>
#include <limits>

#include "keras/backend/torch/aten_kernel.h"
#include "keras/core/error.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::torch {

namespace {

using Unary = std::function<void(const at::Tensor& x, at::Tensor y)>;
// dx = dy * f'(x); dx may be dy itself (unary_grad is in place on dy).
using UnaryGrad = std::function<void(const at::Tensor& x, const at::Tensor& dy, at::Tensor dx)>;

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

at::Tensor keep_where(const at::Tensor& condition, const at::Tensor& value) {
  return at::where(condition, value, at::Scalar(0.0));
}

// x where x > 0, else alpha·expm1(x) (Keras's elu; PyTorch's uses exp(x) - 1).
at::Tensor elu(const at::Tensor& x, double alpha) {
  return at::clamp_min(x, 0).add_(at::expm1(at::clamp_max(x, 0)).mul_(alpha));
}

// Sums (or means) of x over `axes` into y (x's shape with the axes set to 1). float32 accumulates
// in float64, as the cpu backend: a float running sum over thousands of terms drifts by 1e-4.
void sum_into(at::Tensor y, const at::Tensor& x, const std::vector<int64_t>& axes, bool mean) {
  if (x.scalar_type() == at::kFloat) {
    y.copy_(mean ? at::mean(x, axes, true, at::kDouble) : at::sum(x, axes, true, at::kDouble));
  } else if (mean) {
    at::mean_out(y, x, axes, true);
  } else {
    at::sum_out(y, x, axes, true);
  }
}

Unary forward(const std::string& op, const ops::Attrs& attrs) {
  if (op == "neg") return [](const at::Tensor& x, at::Tensor y) { at::neg_out(y, x); };
  if (op == "abs") return [](const at::Tensor& x, at::Tensor y) { at::abs_out(y, x); };
  if (op == "sign")  // NumPy: sign(NaN) is NaN (PyTorch gives 0)
    return [](const at::Tensor& x, at::Tensor y) {
      at::Tensor nan = at::isnan(x);
      at::sign_out(y, x);
      y.masked_fill_(nan, std::numeric_limits<double>::quiet_NaN());
    };
  if (op == "exp") return [](const at::Tensor& x, at::Tensor y) { at::exp_out(y, x); };
  if (op == "log") return [](const at::Tensor& x, at::Tensor y) { at::log_out(y, x); };
  if (op == "sqrt") return [](const at::Tensor& x, at::Tensor y) { at::sqrt_out(y, x); };
  if (op == "rsqrt") return [](const at::Tensor& x, at::Tensor y) { at::rsqrt_out(y, x); };
  if (op == "square") return [](const at::Tensor& x, at::Tensor y) { at::mul_out(y, x, x); };
  if (op == "tanh") return [](const at::Tensor& x, at::Tensor y) { at::tanh_out(y, x); };
  if (op == "sigmoid") return [](const at::Tensor& x, at::Tensor y) { at::sigmoid_out(y, x); };
  if (op == "relu") return [](const at::Tensor& x, at::Tensor y) { at::clamp_min_out(y, x, 0); };
  if (op == "relu6") return [](const at::Tensor& x, at::Tensor y) { at::clamp_out(y, x, 0, 6); };
  if (op == "leaky_relu") {
    double alpha = attrs.as<ops::LeakyReluAttrs>().alpha;
    return [alpha](const at::Tensor& x, at::Tensor y) { at::leaky_relu_out(y, x, alpha); };
  }
  if (op == "elu") {
    double alpha = attrs.as<ops::EluAttrs>().alpha;
    return [alpha](const at::Tensor& x, at::Tensor y) { y.copy_(elu(x, alpha)); };
  }
  if (op == "selu")
    return [](const at::Tensor& x, at::Tensor y) { y.copy_(elu(x, kSeluAlpha).mul_(kSeluScale)); };
  if (op == "gelu") {
    std::string form = attrs.as<ops::GeluAttrs>().approximate ? "tanh" : "none";
    return [form](const at::Tensor& x, at::Tensor y) { at::gelu_out(y, x, form); };
  }
  if (op == "softplus")  // max(x, 0) + log1p(exp(-|x|)) everywhere (PyTorch: x beyond 20)
    return [](const at::Tensor& x, at::Tensor y) {
      y.copy_(at::clamp_min(x, 0).add_(at::log1p(at::exp(-at::abs(x)))));
    };
  if (op == "softsign")
    return [](const at::Tensor& x, at::Tensor y) { at::div_out(y, x, at::abs(x).add_(1)); };
  if (op == "silu") return [](const at::Tensor& x, at::Tensor y) { at::silu_out(y, x); };
  if (op == "hard_sigmoid") {
    const auto& h = attrs.as<ops::HardSigmoidAttrs>();
    double slope = h.slope, offset = h.offset;
    return [slope, offset](const at::Tensor& x, at::Tensor y) {
      at::clamp_out(y, at::mul(x, slope).add_(offset), 0, 1);
    };
  }
  if (op == "clip") {
    const auto& c = attrs.as<ops::ClipAttrs>();
    double lo = *c.min, hi = *c.max;
    return [lo, hi](const at::Tensor& x, at::Tensor y) {
      // As the cpu backend: max first, then min (so min > max gives max).
      at::clamp_min_out(y, x, lo);
      y.clamp_max_(hi);
    };
  }
  if (op == "identity" || op == "stop_gradient")
    return [](const at::Tensor& x, at::Tensor y) {
      if (x.data_ptr() != y.data_ptr()) y.copy_(x);
    };
  throw ValueError(str("torch backend: no unary op '", op, "'"));
}

// Derivatives with the kinks of keras/ops/README.md (TensorFlow's).
UnaryGrad derivative(const std::string& op, const ops::Attrs& attrs) {
  using T = const at::Tensor&;
  using O = at::Tensor;
  if (op == "neg") return [](T, T dy, O dx) { at::neg_out(dx, dy); };
  if (op == "abs")
    return [](T x, T dy, O dx) { dx.copy_(at::where(x > 0, dy, keep_where(x < 0, -dy))); };
  if (op == "sign" || op == "stop_gradient") return [](T, T, O dx) { dx.zero_(); };
  if (op == "exp") return [](T x, T dy, O dx) { at::mul_out(dx, dy, at::exp(x)); };
  if (op == "log") return [](T x, T dy, O dx) { at::div_out(dx, dy, x); };
  if (op == "sqrt") return [](T x, T dy, O dx) { at::div_out(dx, at::mul(dy, 0.5), at::sqrt(x)); };
  if (op == "rsqrt")
    return [](T x, T dy, O dx) { at::div_out(dx, at::mul(dy, -0.5), x * at::sqrt(x)); };
  if (op == "square") return [](T x, T dy, O dx) { at::mul_out(dx, at::mul(x, 2), dy); };
  if (op == "tanh")
    return [](T x, T dy, O dx) {
      at::Tensor t = at::tanh(x);
      at::mul_out(dx, dy, 1 - t * t);
    };
  if (op == "sigmoid")
    return [](T x, T dy, O dx) {
      at::Tensor s = at::sigmoid(x);
      at::mul_out(dx, dy * s, 1 - s);
    };
  if (op == "relu") return [](T x, T dy, O dx) { dx.copy_(keep_where(x > 0, dy)); };
  if (op == "relu6")
    return [](T x, T dy, O dx) { dx.copy_(keep_where((x > 0).logical_and_(x < 6), dy)); };
  if (op == "leaky_relu") {
    double alpha = attrs.as<ops::LeakyReluAttrs>().alpha;
    return [alpha](T x, T dy, O dx) { dx.copy_(at::where(x >= 0, dy, at::mul(dy, alpha))); };
  }
  if (op == "elu" || op == "selu") {
    bool selu = op == "selu";
    double alpha = selu ? kSeluAlpha : attrs.as<ops::EluAttrs>().alpha;
    return [alpha, selu](T x, T dy, O dx) {
      at::Tensor d = selu ? at::mul(dy, kSeluScale) : dy;
      dx.copy_(at::where(x > 0, d, at::mul(d, alpha)).mul_(at::exp(at::clamp_max(x, 0))));
    };
  }
  if (op == "gelu") {
    std::string form = attrs.as<ops::GeluAttrs>().approximate ? "tanh" : "none";
    return [form](T x, T dy, O dx) { at::gelu_backward_out(dx, dy, x, form); };
  }
  if (op == "softplus") return [](T x, T dy, O dx) { at::mul_out(dx, dy, at::sigmoid(x)); };
  if (op == "softsign")
    return [](T x, T dy, O dx) {
      at::Tensor d = at::abs(x).add_(1);
      at::div_out(dx, dy, d * d);
    };
  if (op == "silu")
    return [](T x, T dy, O dx) {
      at::Tensor s = at::sigmoid(x);
      at::mul_out(dx, dy * s, (x * (1 - s)).add_(1));
    };
  if (op == "hard_sigmoid") {
    const auto& h = attrs.as<ops::HardSigmoidAttrs>();
    double slope = h.slope, offset = h.offset;
    return [slope, offset](T x, T dy, O dx) {
      at::Tensor v = at::mul(x, slope).add_(offset);
      dx.copy_(keep_where((v > 0).logical_and_(v < 1), at::mul(dy, slope)));
    };
  }
  if (op == "clip") {
    const auto& c = attrs.as<ops::ClipAttrs>();
    double lo = *c.min, hi = *c.max;
    return [lo, hi](T x, T dy, O dx) { dx.copy_(keep_where((x >= lo).logical_and_(x <= hi), dy)); };
  }
  if (op == "identity")
    return [](T, T dy, O dx) {
      if (dy.data_ptr() != dx.data_ptr()) dx.copy_(dy);
    };
  throw ValueError(str("unary_grad: no derivative for '", op, "'"));
}

void register_unary(KernelTable& table) {
  for (const char* name :
       {"neg",    "abs",  "sign",     "exp",      "log",   "sqrt",         "rsqrt",
        "square", "tanh", "sigmoid",  "relu",     "relu6", "leaky_relu",   "elu",
        "selu",   "gelu", "softplus", "softsign", "silu",  "hard_sigmoid", "clip"}) {
    std::string op = name;
    add(table, op, kFloatDtypes, [op](const KernelSpec& spec) -> Body {
      Unary f = forward(op, spec.attrs);
      return [f](Views& in, Views& out) { f(in[0], out[0]); };
    });
  }
  for (const char* op : {"identity", "stop_gradient"})
    add(table, op, kAllDtypes, [](const KernelSpec& spec) -> Body {
      Unary f = forward("identity", spec.attrs);
      return [f](Views& in, Views& out) { f(in[0], out[0]); };
    });
  add(table, "unary_grad", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    const auto& a = spec.attrs.as<ops::UnaryGradAttrs>();
    UnaryGrad f = derivative(a.fn, a.fn_attrs);
    return [f](Views& in, Views& out) { f(in[0], in[1], out[0]); };
  });
}

// --- Binary, comparisons, where --------------------------------------------------------------

using BinaryOut = at::Tensor& (*)(at::Tensor&, const at::Tensor&, const at::Tensor&);

void add_binary(KernelTable& table, const char* op, std::vector<DType> dtypes, BinaryOut f) {
  add(table, op, std::move(dtypes), [f](const KernelSpec&) -> Body {
    return [f](Views& in, Views& out) {
      at::Tensor y = out[0];
      f(y, in[0], in[1]);
    };
  });
}

// The binary _out operators as plain functions (ATen's have default arguments or overloads).
at::Tensor& add_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::add_out(y, a, b);
}
at::Tensor& sub_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::sub_out(y, a, b);
}
at::Tensor& mul_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::mul_out(y, a, b);
}
at::Tensor& div_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::div_out(y, a, b);
}
at::Tensor& pow_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::pow_out(y, a, b);
}
at::Tensor& maximum_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::maximum_out(y, a, b);
}
at::Tensor& minimum_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::minimum_out(y, a, b);
}
at::Tensor& eq_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::eq_out(y, a, b);
}
at::Tensor& ne_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::ne_out(y, a, b);
}
at::Tensor& lt_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::lt_out(y, a, b);
}
at::Tensor& le_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::le_out(y, a, b);
}
at::Tensor& gt_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::gt_out(y, a, b);
}
at::Tensor& ge_out(at::Tensor& y, const at::Tensor& a, const at::Tensor& b) {
  return at::ge_out(y, a, b);
}

void register_binary(KernelTable& table) {
  const std::vector<DType> numeric = {DType::float32, DType::float64, DType::int32, DType::int64};
  const std::vector<DType> comparable = {DType::float32, DType::float64, DType::int32, DType::int64,
                                         DType::bool_};
  add_binary(table, "add", numeric, add_out);
  add_binary(table, "sub", numeric, sub_out);
  add_binary(table, "mul", numeric, mul_out);
  add_binary(table, "div", kFloatDtypes, div_out);
  add_binary(table, "pow", kFloatDtypes, pow_out);
  add_binary(table, "maximum", numeric, maximum_out);
  add_binary(table, "minimum", numeric, minimum_out);
  add_binary(table, "equal", comparable, eq_out);
  add_binary(table, "not_equal", comparable, ne_out);
  add_binary(table, "less", comparable, lt_out);
  add_binary(table, "less_equal", comparable, le_out);
  add_binary(table, "greater", comparable, gt_out);
  add_binary(table, "greater_equal", comparable, ge_out);

  add(table, "where", kAllDtypes, [](const KernelSpec&) -> Body {
    return [](Views& in, Views& out) { out[0].copy_(at::where(in[0], in[1], in[2])); };
  });
  add(table, "broadcast_like", kAllDtypes, [](const KernelSpec&) -> Body {
    return [](Views& in, Views& out) { out[0].copy_(in[0].expand(out[0].sizes())); };
  });
  // Sums over the axes where `ref` (the output's shape) was broadcast: the leading axes x has
  // beyond ref's rank and the axes where ref has 1 and x more.
  add(table, "sum_to_like", {DType::float32, DType::float64, DType::int32, DType::int64},
      [](const KernelSpec& spec) -> Body {
        const Shape &x = spec.inputs[0].shape, &ref = spec.outputs[0].shape;
        int lead = x.rank() - ref.rank();
        std::vector<int64_t> axes, kept;
        for (int a = 0; a < x.rank(); ++a) {
          bool summed = a < lead || (ref[a - lead] == 1 && x[a] != 1);
          if (summed) axes.push_back(a);
          kept.push_back(summed || a < lead ? 1 : x[a]);
        }
        return [axes, kept](Views& in, Views& out) {
          if (axes.empty()) {
            out[0].copy_(in[0].reshape(out[0].sizes()));
            return;
          }
          sum_into(out[0].view(kept), in[0], axes, false);
        };
      });
  add(table, "cast", kAllDtypes,
      [](const KernelSpec&) -> Body { return [](Views& in, Views& out) { out[0].copy_(in[0]); }; });
  add(table, "fill_like", kAllDtypes, [](const KernelSpec& spec) -> Body {
    double value = *spec.attrs.as<ops::FillLikeAttrs>().value;
    DType dtype = spec.outputs[0].dtype;
    return [value, dtype](Views&, Views& out) { fill_converted(out[0], dtype, value); };
  });
}

// --- Reductions --------------------------------------------------------------------------------

enum class Reduce { sum, mean, max, min, prod, logsumexp };

// The input's shape with the reduced axes set to 1: the output's memory seen with keepdims.
std::vector<int64_t> kept_sizes(const Shape& x, const std::vector<int64_t>& axes) {
  std::vector<int64_t> kept = x.dims();
  for (int64_t a : axes) kept[static_cast<size_t>(a)] = 1;
  return kept;
}

void add_reduction(KernelTable& table, const char* op, Reduce kind) {
  add(table, op, kFloatDtypes, [kind](const KernelSpec& spec) -> Body {
    const Shape& x = spec.inputs[0].shape;
    std::vector<int64_t> axes = reduction_axes(spec.attrs.as<ops::ReduceAttrs>().axes, x.rank());
    std::vector<int64_t> kept = kept_sizes(x, axes);
    bool empty = x.num_elements() == 0;
    return [kind, axes, kept, empty](Views& in, Views& out) {
      at::Tensor y = out[0].view(kept);
      if (axes.empty()) {  // a scalar: nothing to reduce
        y.copy_(in[0]);
        return;
      }
      if (empty) {  // the identity of the reduction, as the cpu backend
        double identity = 0;
        switch (kind) {
          case Reduce::sum:
            identity = 0;
            break;
          case Reduce::mean:
            identity = std::numeric_limits<double>::quiet_NaN();
            break;
          case Reduce::max:
          case Reduce::logsumexp:
            identity = -std::numeric_limits<double>::infinity();
            break;
          case Reduce::min:
            identity = std::numeric_limits<double>::infinity();
            break;
          case Reduce::prod:
            identity = 1;
            break;
        }
        y.fill_(identity);
        return;
      }
      switch (kind) {
        case Reduce::sum:
          sum_into(y, in[0], axes, false);
          break;
        case Reduce::mean:
          sum_into(y, in[0], axes, true);
          break;
        case Reduce::max:
          at::amax_out(y, in[0], axes, true);
          break;
        case Reduce::min:
          at::amin_out(y, in[0], axes, true);
          break;
        case Reduce::logsumexp:
          at::logsumexp_out(y, in[0], axes, true);
          break;
        case Reduce::prod: {
          // ATen's prod takes one axis at a time; float64 products, as the cpu backend (float32
          // products drift).
          at::Tensor p = in[0].to(at::kDouble);
          for (int64_t a : axes) p = p.prod(a, true);
          y.copy_(p);
          break;
        }
      }
    };
  });
}

void add_arg_reduction(KernelTable& table, const char* op, bool max) {
  add(table, op, kFloatDtypes, [max](const KernelSpec& spec) -> Body {
    const Shape& x = spec.inputs[0].shape;
    int64_t axis = *spec.attrs.as<ops::ArgReduceAttrs>().axis;
    std::vector<int64_t> kept = kept_sizes(x, {axis});
    bool empty = x.num_elements() == 0;
    // ATen's argmax/argmin take the first index on ties and let NaN win, as NumPy.
    return [max, axis, kept, empty](Views& in, Views& out) {
      at::Tensor y = out[0].view(kept);
      if (empty) {
        y.zero_();
      } else if (max) {
        at::argmax_out(y, in[0], axis, true);
      } else {
        at::argmin_out(y, in[0], axis, true);
      }
    };
  });
}

void register_reductions(KernelTable& table) {
  add_reduction(table, "sum", Reduce::sum);
  add_reduction(table, "mean", Reduce::mean);
  add_reduction(table, "max", Reduce::max);
  add_reduction(table, "min", Reduce::min);
  add_reduction(table, "prod", Reduce::prod);
  add_reduction(table, "logsumexp", Reduce::logsumexp);
  add_arg_reduction(table, "argmax", true);
  add_arg_reduction(table, "argmin", false);
  // reduce_grad(dy, x): dy seen with keepdims, broadcast over x, over the count for a mean.
  add(table, "reduce_grad", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    const Shape& x = spec.inputs[1].shape;
    const auto& a = spec.attrs.as<ops::ReduceGradAttrs>();
    std::vector<int64_t> axes = reduction_axes(a.axes, x.rank());
    std::vector<int64_t> kept = kept_sizes(x, axes);
    int64_t count = 1;
    for (int64_t a : axes) count *= x[static_cast<int>(a)];
    bool mean = a.mean && count > 0;
    // The scale in the kernel's dtype, as the cpu backend rounds it.
    double scale = spec.dtype == DType::float32
                       ? static_cast<double>(1.0f / static_cast<float>(count))
                       : 1.0 / static_cast<double>(count);
    return [kept, mean, scale](Views& in, Views& out) {
      at::Tensor dy = in[0].view(kept).expand(out[0].sizes());
      if (mean)
        at::mul_out(out[0], dy, at::scalar_tensor(scale, out[0].options()));
      else
        out[0].copy_(dy);
    };
  });
}

}  // namespace

void register_math_kernels(KernelTable& table) {
  register_unary(table);
  register_binary(table);
  register_reductions(table);
}

}  // namespace keras::backend::torch
