// matmul, dense (with bias and activation), activation_grad, softmax, log_softmax, their
// gradients, and Keras's fused crossentropies on ATen. The crossentropies from probabilities follow
// Keras 3 (keras/src/backend/*/nn.py), not PyTorch: the output is divided by its sum along the axis
// and clipped to [epsilon, 1 - epsilon] in its own dtype before the log.
#include "keras/backend/torch/aten_kernel.h"
#include "keras/core/error.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::torch {

namespace {

at::Tensor keep_where(const at::Tensor& condition, const at::Tensor& value) {
  return at::where(condition, value, at::Scalar(0.0));
}

// A double rounded to the kernel's dtype, as the cpu backend rounds its constants.
double in_dtype(double value, DType dtype) {
  return dtype == DType::float32 ? static_cast<double>(static_cast<float>(value)) : value;
}

// Keras's clip of probabilities: [epsilon, 1 - epsilon] in the tensor's dtype.
struct Clip {
  double lo, hi;
  Clip(double eps, DType dtype) {
    lo = in_dtype(eps, dtype);
    hi = in_dtype(1.0 - eps, dtype);
  }
  at::Tensor passes(const at::Tensor& p) const { return (p >= lo).logical_and_(p <= hi); }
};

// `shape` with axis `axis` set to 1: a per-lane result seen with keepdims.
std::vector<int64_t> kept_sizes(const Shape& shape, int axis) {
  std::vector<int64_t> kept = shape.dims();
  kept[static_cast<size_t>(axis)] = 1;
  return kept;
}

using Activation = ops::FusedActivation;

void register_linalg(KernelTable& table) {
  add(table, "matmul", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    const auto& t = spec.attrs.as<ops::MatmulAttrs>();
    bool ta = t.transpose_a, tb = t.transpose_b;
    return [ta, tb](Views& in, Views& out) {
      at::Tensor a = ta ? in[0].transpose(-2, -1) : in[0];
      at::Tensor b = tb ? in[1].transpose(-2, -1) : in[1];
      at::matmul_out(out[0], a, b);
    };
  });
  // dense: x seen as [rows, K]; one addmm (bias as beta term), then the activation in place.
  add(table, "dense", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    const Shape& kernel = spec.inputs[1].shape;
    int64_t k = kernel[0], n = kernel[1];
    int64_t rows = spec.outputs[0].size() / std::max<int64_t>(n, 1);
    bool bias = spec.inputs.size() > 2;
    Activation act = spec.attrs.as<ops::FusedActivationAttrs>().activation;
    return [k, n, rows, bias, act](Views& in, Views& out) {
      at::Tensor x = in[0].view({rows, k});
      at::Tensor y = out[0].view({rows, n});
      if (bias)
        at::addmm_out(y, in[2], x, in[1]);
      else
        at::mm_out(y, x, in[1]);
      switch (act) {
        case Activation::linear:
          break;
        case Activation::relu:
          y.clamp_min_(0);
          break;
        case Activation::sigmoid:
          y.sigmoid_();
          break;
        case Activation::tanh:
          y.tanh_();
          break;
      }
    };
  });
  // activation_grad(dy, y): dy·f'(x) from y = f(x); out may be dy itself.
  add(table, "activation_grad", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    Activation act = spec.attrs.as<ops::FusedActivationAttrs>().activation;
    return [act](Views& in, Views& out) {
      const at::Tensor &dy = in[0], &y = in[1];
      switch (act) {
        case Activation::linear:
          if (dy.data_ptr() != out[0].data_ptr()) out[0].copy_(dy);
          break;
        case Activation::relu:
          out[0].copy_(keep_where(y > 0, dy));
          break;
        case Activation::sigmoid:
          at::mul_out(out[0], dy * y, 1 - y);
          break;
        case Activation::tanh:
          at::mul_out(out[0], dy, 1 - y * y);
          break;
      }
    };
  });
}

void register_softmax(KernelTable& table) {
  for (bool log : {false, true}) {
    add(table, log ? "log_softmax" : "softmax", kFloatDtypes,
        [log](const KernelSpec& spec) -> Body {
          int64_t axis = *spec.attrs.as<ops::SoftmaxAttrs>().axis;
          return [log, axis](Views& in, Views& out) {
            if (in[0].numel() == 0) return;
            if (log)
              at::_log_softmax_out(out[0], in[0], axis, false);
            else
              at::_softmax_out(out[0], in[0], axis, false);
          };
        });
  }
  // softmax_grad(dy, y) = y·(dy - Σ dy·y); log_softmax_grad(dy, y) = dy - exp(y)·Σ dy. The sums
  // are taken before the output (which may be dy) is written.
  add(table, "softmax_grad", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    int64_t axis = *spec.attrs.as<ops::SoftmaxAttrs>().axis;
    return [axis](Views& in, Views& out) {
      at::Tensor sum = (in[0] * in[1]).sum(axis, true);
      at::mul_out(out[0], in[1], in[0] - sum);
    };
  });
  add(table, "log_softmax_grad", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    int64_t axis = *spec.attrs.as<ops::SoftmaxAttrs>().axis;
    return [axis](Views& in, Views& out) {
      at::Tensor sum = in[0].sum(axis, true);
      at::sub_out(out[0], in[0], at::exp(in[1]) * sum);
    };
  });
}

// --- categorical_crossentropy ------------------------------------------------------------------

void register_categorical(KernelTable& table) {
  add(table, "categorical_crossentropy", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    const Shape& shape = spec.inputs[1].shape;
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    int64_t axis = *a.axis;
    std::vector<int64_t> kept = kept_sizes(shape, static_cast<int>(axis));
    bool logits = a.from_logits;
    Clip clip(a.epsilon, spec.dtype);
    return [axis, kept, logits, clip](Views& in, Views& out) {
      const at::Tensor &t = in[0], &o = in[1];
      at::Tensor log_p = logits ? at::_log_softmax(o, axis, false)
                                : at::log((o / o.sum(axis, true)).clamp_(clip.lo, clip.hi));
      at::Tensor loss = out[0].view(kept);
      at::sum_out(loss, t * log_p, std::vector<int64_t>{axis}, true);
      loss.neg_();
    };
  });
  // d loss / d output. From logits: dy·(softmax(o)·Σt - t). From probabilities, with q = o / Σo
  // and g_j = -t_j/q_j where the clip passes q_j (0 elsewhere): dy·(g_k - Σ_j g_j·q_j) / Σo.
  add(table, "categorical_crossentropy_grad", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    const Shape& shape = spec.inputs[2].shape;
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    int64_t axis = *a.axis;
    std::vector<int64_t> kept = kept_sizes(shape, static_cast<int>(axis));
    bool logits = a.from_logits;
    Clip clip(a.epsilon, spec.dtype);
    return [axis, kept, logits, clip](Views& in, Views& out) {
      at::Tensor dy = in[0].view(kept);
      const at::Tensor &t = in[1], &o = in[2];
      if (logits) {
        at::Tensor softmax = at::_softmax(o, axis, false);
        at::mul_out(out[0], dy, softmax.mul_(t.sum(axis, true)).sub_(t));
        return;
      }
      at::Tensor sum = o.sum(axis, true);
      at::Tensor q = o / sum;
      at::Tensor passes = clip.passes(q);
      at::Tensor g = keep_where(passes, -t / q);
      at::Tensor gq = keep_where(passes, t).sum(axis, true).neg_();
      at::mul_out(out[0], dy * g.sub_(gq), at::reciprocal(sum));
    };
  });
}

// --- sparse_categorical_crossentropy -----------------------------------------------------------

// Labels outside [0, classes) are a user error (as Keras's backends raise).
void check_labels(const at::Tensor& labels, int64_t classes, const char* op) {
  if (labels.numel() == 0) return;
  at::Tensor bad = (labels < 0).logical_or_(labels >= classes);
  if (!bad.any().item<bool>()) return;
  int64_t position = bad.nonzero()[0][0].item<int64_t>();
  int64_t label = labels[position].item<int64_t>();
  throw ValueError(str(op, ": label ", label, " at position ", position,
                       " is out of range: the output has ", classes,
                       " classes, so labels must be in [0, ", classes, ")"));
}

void register_sparse(KernelTable& table) {
  add(table, "sparse_categorical_crossentropy", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    const Shape& shape = spec.inputs[1].shape;
    int64_t classes = shape.dim(-1), rows = spec.inputs[0].shape.num_elements();
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    bool logits = a.from_logits;
    Clip clip(a.epsilon, spec.dtype);
    return [rows, classes, logits, clip](Views& in, Views& out) {
      at::Tensor labels = in[0].reshape({rows});
      check_labels(labels, classes, "sparse_categorical_crossentropy");
      at::Tensor index = labels.to(at::kLong).view({rows, 1});
      at::Tensor o = in[1].view({rows, classes});
      at::Tensor loss = out[0].view({rows, 1});
      if (logits) {
        at::gather_out(loss, at::_log_softmax(o, 1, false), 1, index);
      } else {
        at::Tensor q = o.gather(1, index).div_(o.sum(1, true));
        at::log_out(loss, q.clamp_(clip.lo, clip.hi));
      }
      loss.neg_();
    };
  });
  add(table, "sparse_categorical_crossentropy_grad", kFloatDtypes,
      [](const KernelSpec& spec) -> Body {
        const Shape& shape = spec.inputs[2].shape;
        int64_t classes = shape.dim(-1), rows = spec.inputs[1].shape.num_elements();
        const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
        bool logits = a.from_logits;
        Clip clip(a.epsilon, spec.dtype);
        return [rows, classes, logits, clip](Views& in, Views& out) {
          at::Tensor labels = in[1].reshape({rows});
          check_labels(labels, classes, "sparse_categorical_crossentropy_grad");
          at::Tensor index = labels.to(at::kLong).view({rows, 1});
          at::Tensor g = in[0].view({rows, 1});
          at::Tensor o = in[2].view({rows, classes});
          at::Tensor dx = out[0].view({rows, classes});
          if (logits) {  // dy·softmax(o), minus dy at the label
            at::mul_out(dx, g, at::_softmax(o, 1, false));
            dx.scatter_add_(1, index, -g);
            return;
          }
          // q = o_label / Σo; where the clip passes q: dy/Σo everywhere, dy·(1 - 1/q)/Σo at the
          // label; elsewhere 0.
          at::Tensor sum = o.sum(1, true);
          at::Tensor inv = at::reciprocal(sum);
          at::Tensor q = o.gather(1, index).div_(sum);
          at::Tensor passes = clip.passes(q);
          at::Tensor other = keep_where(passes, g * inv);
          dx.copy_(other.expand({rows, classes}));
          at::Tensor at_label = (g * at::reciprocal(q).neg_().add_(1)).mul_(inv);
          dx.scatter_(1, index, at::where(passes, at_label, other));
        };
      });
}

// --- binary_crossentropy -----------------------------------------------------------------------

void register_binary_crossentropy(KernelTable& table) {
  add(table, "binary_crossentropy", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    bool logits = a.from_logits;
    Clip clip(a.epsilon, spec.dtype);
    return [logits, clip](Views& in, Views& out) {
      const at::Tensor &t = in[0], &x = in[1];
      if (logits) {  // max(x, 0) - x·t + log(1 + exp(-|x|))
        at::add_out(out[0], at::clamp_min(x, 0).sub_(x * t), at::log1p(at::exp(-at::abs(x))));
        return;
      }
      at::Tensor p = at::clamp(x, clip.lo, clip.hi);
      at::neg_out(out[0], (t * at::log(p)).add_((1 - t).mul_(at::log(1 - p))));
    };
  });
  add(table, "binary_crossentropy_grad", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    bool logits = a.from_logits;
    Clip clip(a.epsilon, spec.dtype);
    return [logits, clip](Views& in, Views& out) {
      const at::Tensor &dy = in[0], &t = in[1], &x = in[2];
      if (logits) {
        at::mul_out(out[0], dy, at::sigmoid(x).sub_(t));
        return;
      }
      at::Tensor d = ((1 - t) / (1 - x)).sub_(t / x);
      out[0].copy_(keep_where(clip.passes(x), dy * d));
    };
  });
}

}  // namespace

void register_nn_kernels(KernelTable& table) {
  register_linalg(table);
  register_softmax(table);
  register_categorical(table);
  register_sparse(table);
  register_binary_crossentropy(table);
}

}  // namespace keras::backend::torch
