// softmax, log_softmax, their gradients and the fused crossentropies on the cpu backend.
// float32 softmax runs on oneDNN's softmax_v2 (vectorized exp); everything else is ours: one
// pass per lane (max, sum of exp, loss), exactly Keras 3's formulas (KERAS.md §7.2). oneDNN's
// softmax_log is not used: its float32 results were 12 ulps from Keras's (1.5e-6 at -2.1) and
// above 0 at a row's maximum (1.4e-6 where the maximum leads by 23), ours are within 2 ulps
// (tests/activations/activations_golden_test.cc).
#include <algorithm>
#include <cmath>
#include <limits>

#include "keras/backend/cpu/dnnl_context.h"
#include "keras/backend/cpu/kernels.h"
#include "keras/backend/cpu/nn_lanes.h"
#include "keras/backend/cpu/parallel.h"
#include "keras/core/error.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::cpu {

namespace {

// The softmax axis (SoftmaxAttrs) or the crossentropy class axis (CrossentropyAttrs).
int softmax_axis(const KernelSpec& spec) {
  return static_cast<int>(*spec.attrs.as<ops::SoftmaxAttrs>().axis);
}
int class_axis(const KernelSpec& spec) {
  return static_cast<int>(*spec.attrs.as<ops::CrossentropyAttrs>().axis);
}

// Runs f(base) for every lane, in parallel when there is enough work.
template <class F>
void for_lanes(const AxisLanes& lanes, F&& f) {
  parallel_for(
      lanes.count(),
      [&](int64_t begin, int64_t end) {
        for (int64_t lane = begin; lane < end; ++lane) f(lane, lanes.base(lane));
      },
      lanes.grain(kParallelGrain));
}

// Keras clips probabilities to [eps, 1 - eps] in the tensor's dtype.
template <class T>
struct Clip {
  T lo, hi;
  explicit Clip(double eps) : lo(static_cast<T>(eps)), hi(static_cast<T>(1.0 - eps)) {}
  T operator()(T p) const { return std::min(std::max(p, lo), hi); }
  bool passes(T p) const { return p >= lo && p <= hi; }  // clip's derivative is 1 on [lo, hi]
};

// --- softmax, log_softmax ----------------------------------------------------------------------

template <class T>
void softmax_lanes(const T* x, T* y, const AxisLanes& lanes, bool log) {
  const int64_t n = lanes.n, s = lanes.inner;
  for_lanes(lanes, [&](int64_t, int64_t base) {
    const T* xl = x + base;
    T* yl = y + base;
    T m = -std::numeric_limits<T>::infinity();
    for (int64_t a = 0; a < n; ++a) m = std::max(m, xl[a * s]);
    T sum = 0;
    if (log) {
      for (int64_t a = 0; a < n; ++a) sum += std::exp(xl[a * s] - m);
      T log_sum = std::log(sum);
      for (int64_t a = 0; a < n; ++a) yl[a * s] = (xl[a * s] - m) - log_sum;
    } else {
      for (int64_t a = 0; a < n; ++a) {
        T e = std::exp(xl[a * s] - m);
        yl[a * s] = e;
        sum += e;
      }
      T inv = T(1) / sum;
      for (int64_t a = 0; a < n; ++a) yl[a * s] *= inv;
    }
  });
}

class SoftmaxF32 final : public Kernel {
 public:
  SoftmaxF32(const KernelSpec& spec, bool log) {
    const Shape& shape = spec.inputs[0].shape;
    AxisLanes lanes(shape, softmax_axis(spec));
    if (lanes.count() * lanes.n == 0) return;
    dnnl::memory::dims dims = {lanes.outer, lanes.n};
    dnnl::memory::dims strides = {lanes.n, 1};
    if (lanes.inner > 1) {
      dims.push_back(lanes.inner);
      strides = {lanes.n * lanes.inner, lanes.inner, 1};
    }
    dnnl::memory::desc md(dims, dnnl::memory::data_type::f32, strides);
    auto alg = log ? dnnl::algorithm::softmax_log : dnnl::algorithm::softmax_accurate;
    dnnl::softmax_v2_forward::primitive_desc pd(
        dnnl::softmax_v2_forward::desc(dnnl::prop_kind::forward_inference, alg, md, md, 1),
        dnnl_default_attr(), dnnl_engine());
    call_ = DnnlCall(dnnl::softmax_v2_forward(pd), pd.scratchpad_desc());
    call_.add(DNNL_ARG_SRC, md);
    call_.add(DNNL_ARG_DST, md);
    ready_ = true;
  }
  void run(std::span<const void* const> in, std::span<void* const> out) override {
    if (!ready_) return;
    call_.set(0, in[0]);
    call_.set(1, out[0]);
    call_.execute();
  }

 private:
  DnnlCall call_;
  bool ready_ = false;
};

// softmax_grad: y*(dy - Σ dy·y); log_softmax_grad: dy - exp(y)·Σ dy. `dx` may alias `dy`.
template <class T>
void softmax_grad_lanes(const T* dy, const T* y, T* dx, const AxisLanes& lanes, bool log) {
  const int64_t n = lanes.n, s = lanes.inner;
  for_lanes(lanes, [&](int64_t, int64_t base) {
    const T *dyl = dy + base, *yl = y + base;
    T* dxl = dx + base;
    T sum = 0;
    if (log) {
      for (int64_t a = 0; a < n; ++a) sum += dyl[a * s];
      for (int64_t a = 0; a < n; ++a) dxl[a * s] = dyl[a * s] - std::exp(yl[a * s]) * sum;
    } else {
      for (int64_t a = 0; a < n; ++a) sum += dyl[a * s] * yl[a * s];
      for (int64_t a = 0; a < n; ++a) dxl[a * s] = yl[a * s] * (dyl[a * s] - sum);
    }
  });
}

// --- categorical_crossentropy ------------------------------------------------------------------

// keras/src/backend/*/nn.py categorical_crossentropy: from logits -Σ t·log_softmax(o); from
// probabilities p = o / Σ o clipped to [eps, 1-eps], -Σ t·log p.
template <class T>
void categorical_forward(const T* t, const T* o, T* loss, const AxisLanes& lanes, bool logits,
                         Clip<T> clip) {
  const int64_t n = lanes.n, s = lanes.inner;
  for_lanes(lanes, [&](int64_t lane, int64_t base) {
    const T *tl = t + base, *ol = o + base;
    T acc = 0;
    if (logits) {
      T m = -std::numeric_limits<T>::infinity();
      for (int64_t a = 0; a < n; ++a) m = std::max(m, ol[a * s]);
      T sum = 0;
      for (int64_t a = 0; a < n; ++a) sum += std::exp(ol[a * s] - m);
      T log_sum = std::log(sum);
      for (int64_t a = 0; a < n; ++a) acc += tl[a * s] * ((ol[a * s] - m) - log_sum);
    } else {
      T sum = 0;
      for (int64_t a = 0; a < n; ++a) sum += ol[a * s];
      for (int64_t a = 0; a < n; ++a) acc += tl[a * s] * std::log(clip(ol[a * s] / sum));
    }
    loss[lane] = -acc;
  });
}

// d loss / d output. From logits: dy·(softmax(o)·Σt - t). From probabilities, with q = o / Σo and
// g_j = -t_j/q_j where the clip passes q_j (0 elsewhere): dy·(g_k - Σ_j g_j·q_j) / Σo.
template <class T>
void categorical_backward(const T* dy, const T* t, const T* o, T* dx, const AxisLanes& lanes,
                          bool logits, Clip<T> clip) {
  const int64_t n = lanes.n, s = lanes.inner;
  for_lanes(lanes, [&](int64_t lane, int64_t base) {
    const T *tl = t + base, *ol = o + base;
    T* dxl = dx + base;
    T g = dy[lane];
    if (logits) {
      T m = -std::numeric_limits<T>::infinity();
      for (int64_t a = 0; a < n; ++a) m = std::max(m, ol[a * s]);
      T sum = 0, t_sum = 0;
      for (int64_t a = 0; a < n; ++a) {
        sum += std::exp(ol[a * s] - m);
        t_sum += tl[a * s];
      }
      T scale = t_sum / sum;
      for (int64_t a = 0; a < n; ++a)
        dxl[a * s] = g * (std::exp(ol[a * s] - m) * scale - tl[a * s]);
    } else {
      T sum = 0;
      for (int64_t a = 0; a < n; ++a) sum += ol[a * s];
      T gq = 0;  // Σ_j g_j·q_j = -Σ t_j over the classes the clip passes
      for (int64_t a = 0; a < n; ++a)
        if (clip.passes(ol[a * s] / sum)) gq -= tl[a * s];
      T inv = T(1) / sum;
      for (int64_t a = 0; a < n; ++a) {
        T q = ol[a * s] / sum;
        T gk = clip.passes(q) ? -tl[a * s] / q : T(0);
        dxl[a * s] = g * (gk - gq) * inv;
      }
    }
  });
}

// --- sparse_categorical_crossentropy -----------------------------------------------------------

template <class L>
void check_labels(const L* labels, int64_t rows, int64_t classes, const char* op) {
  for (int64_t r = 0; r < rows; ++r)
    if (labels[r] < 0 || labels[r] >= classes)
      throw ValueError(str(op, ": label ", int64_t{labels[r]}, " at position ", r,
                           " is out of range: the output has ", classes,
                           " classes, so labels must be in [0, ", classes, ")"));
}

template <class T, class L>
void sparse_forward(const L* labels, const T* o, T* loss, const AxisLanes& lanes, bool logits,
                    Clip<T> clip) {
  const int64_t n = lanes.n;
  for_lanes(lanes, [&](int64_t row, int64_t base) {
    const T* ol = o + base;
    int64_t label = static_cast<int64_t>(labels[row]);
    if (logits) {
      T m = -std::numeric_limits<T>::infinity();
      for (int64_t a = 0; a < n; ++a) m = std::max(m, ol[a]);
      T sum = 0;
      for (int64_t a = 0; a < n; ++a) sum += std::exp(ol[a] - m);
      loss[row] = -((ol[label] - m) - std::log(sum));
    } else {
      T sum = 0;
      for (int64_t a = 0; a < n; ++a) sum += ol[a];
      loss[row] = -std::log(clip(ol[label] / sum));
    }
  });
}

template <class T, class L>
void sparse_backward(const T* dy, const L* labels, const T* o, T* dx, const AxisLanes& lanes,
                     bool logits, Clip<T> clip) {
  const int64_t n = lanes.n;
  for_lanes(lanes, [&](int64_t row, int64_t base) {
    const T* ol = o + base;
    T* dxl = dx + base;
    int64_t label = static_cast<int64_t>(labels[row]);
    T g = dy[row];
    if (logits) {
      T m = -std::numeric_limits<T>::infinity();
      for (int64_t a = 0; a < n; ++a) m = std::max(m, ol[a]);
      T sum = 0;
      for (int64_t a = 0; a < n; ++a) sum += std::exp(ol[a] - m);
      T inv = T(1) / sum;
      for (int64_t a = 0; a < n; ++a) dxl[a] = g * std::exp(ol[a] - m) * inv;
      dxl[label] -= g;
    } else {
      T sum = 0;
      for (int64_t a = 0; a < n; ++a) sum += ol[a];
      T q = ol[label] / sum;
      bool passes = clip.passes(q);
      T inv = T(1) / sum;
      T other = passes ? g * inv : T(0);  // -(g_l·q_l)/Σo with g_l = -1/q_l
      for (int64_t a = 0; a < n; ++a) dxl[a] = other;
      if (passes) dxl[label] = g * (T(-1) / q + T(1)) * inv;
    }
  });
}

// --- binary_crossentropy -----------------------------------------------------------------------

template <class T>
void binary_forward(const T* t, const T* o, T* loss, int64_t size, bool logits, Clip<T> clip) {
  parallel_for(size, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      T x = o[i];
      if (logits) {
        loss[i] = std::max(x, T(0)) - x * t[i] + std::log1p(std::exp(-std::fabs(x)));
      } else {
        T p = clip(x);
        loss[i] = -(t[i] * std::log(p) + (T(1) - t[i]) * std::log(T(1) - p));
      }
    }
  });
}

template <class T>
void binary_backward(const T* dy, const T* t, const T* o, T* dx, int64_t size, bool logits,
                     Clip<T> clip) {
  parallel_for(size, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      T x = o[i];
      if (logits) {
        T e = std::exp(-std::fabs(x));  // stable sigmoid
        T sig = x >= T(0) ? T(1) / (T(1) + e) : e / (T(1) + e);
        dx[i] = dy[i] * (sig - t[i]);
      } else {
        dx[i] = clip.passes(x) ? dy[i] * ((T(1) - t[i]) / (T(1) - x) - t[i] / x) : T(0);
      }
    }
  });
}

// --- registration ------------------------------------------------------------------------------

// Calls f(T{}) for the float dtypes these kernels support.
template <class F>
std::unique_ptr<Kernel> for_float(DType dtype, F&& f) {
  if (dtype == DType::float32) return f(float{});
  KERAS_ASSERT(dtype == DType::float64, "nn kernel asked for ", dtype);
  return f(double{});
}

template <class F>
std::unique_ptr<Kernel> for_label(DType dtype, F&& f) {
  if (dtype == DType::int32) return f(int32_t{});
  KERAS_ASSERT(dtype == DType::int64, "sparse labels of dtype ", dtype);
  return f(int64_t{});
}

const std::vector<DType> kFloats = {DType::float32, DType::float64};

void register_softmax(KernelTable& table, const char* op, bool log) {
  table.add(op, kFloats, [log](const KernelSpec& spec) -> std::unique_ptr<Kernel> {
    if (spec.dtype == DType::float32 && !log) return std::make_unique<SoftmaxF32>(spec, log);
    const Shape& shape = spec.inputs[0].shape;
    AxisLanes lanes(shape, softmax_axis(spec));
    return for_float(spec.dtype, [&](auto zero) {
      using T = decltype(zero);
      return make_function_kernel([lanes, log](auto in, auto out) {
        softmax_lanes(static_cast<const T*>(in[0]), static_cast<T*>(out[0]), lanes, log);
      });
    });
  });
}

void register_softmax_grad(KernelTable& table, const char* op, bool log) {
  table.add(op, kFloats, [log](const KernelSpec& spec) {
    const Shape& shape = spec.inputs[0].shape;
    AxisLanes lanes(shape, softmax_axis(spec));
    return for_float(spec.dtype, [&](auto zero) {
      using T = decltype(zero);
      return make_function_kernel([lanes, log](auto in, auto out) {
        softmax_grad_lanes(static_cast<const T*>(in[0]), static_cast<const T*>(in[1]),
                           static_cast<T*>(out[0]), lanes, log);
      });
    });
  });
}

}  // namespace

void register_nn_kernels(KernelTable& table) {
  register_softmax(table, "softmax", false);
  register_softmax(table, "log_softmax", true);
  register_softmax_grad(table, "softmax_grad", false);
  register_softmax_grad(table, "log_softmax_grad", true);

  table.add("categorical_crossentropy", kFloats, [](const KernelSpec& spec) {
    const Shape& shape = spec.inputs[1].shape;
    AxisLanes lanes(shape, class_axis(spec));
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    bool logits = a.from_logits;
    double eps = a.epsilon;
    return for_float(spec.dtype, [&](auto zero) {
      using T = decltype(zero);
      return make_function_kernel([lanes, logits, clip = Clip<T>(eps)](auto in, auto out) {
        categorical_forward(static_cast<const T*>(in[0]), static_cast<const T*>(in[1]),
                            static_cast<T*>(out[0]), lanes, logits, clip);
      });
    });
  });
  table.add("categorical_crossentropy_grad", kFloats, [](const KernelSpec& spec) {
    const Shape& shape = spec.inputs[2].shape;
    AxisLanes lanes(shape, class_axis(spec));
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    bool logits = a.from_logits;
    double eps = a.epsilon;
    return for_float(spec.dtype, [&](auto zero) {
      using T = decltype(zero);
      return make_function_kernel([lanes, logits, clip = Clip<T>(eps)](auto in, auto out) {
        categorical_backward(static_cast<const T*>(in[0]), static_cast<const T*>(in[1]),
                             static_cast<const T*>(in[2]), static_cast<T*>(out[0]), lanes, logits,
                             clip);
      });
    });
  });

  table.add("sparse_categorical_crossentropy", kFloats, [](const KernelSpec& spec) {
    const Shape& shape = spec.inputs[1].shape;
    AxisLanes lanes(shape, shape.rank() - 1);
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    bool logits = a.from_logits;
    double eps = a.epsilon;
    return for_float(spec.dtype, [&](auto zero) {
      using T = decltype(zero);
      return for_label(spec.inputs[0].dtype, [&](auto label_zero) {
        using L = decltype(label_zero);
        return make_function_kernel([lanes, logits, clip = Clip<T>(eps)](auto in, auto out) {
          const auto* labels = static_cast<const L*>(in[0]);
          check_labels(labels, lanes.count(), lanes.n, "sparse_categorical_crossentropy");
          sparse_forward(labels, static_cast<const T*>(in[1]), static_cast<T*>(out[0]), lanes,
                         logits, clip);
        });
      });
    });
  });
  table.add("sparse_categorical_crossentropy_grad", kFloats, [](const KernelSpec& spec) {
    const Shape& shape = spec.inputs[2].shape;
    AxisLanes lanes(shape, shape.rank() - 1);
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    bool logits = a.from_logits;
    double eps = a.epsilon;
    return for_float(spec.dtype, [&](auto zero) {
      using T = decltype(zero);
      return for_label(spec.inputs[1].dtype, [&](auto label_zero) {
        using L = decltype(label_zero);
        return make_function_kernel([lanes, logits, clip = Clip<T>(eps)](auto in, auto out) {
          const auto* labels = static_cast<const L*>(in[1]);
          check_labels(labels, lanes.count(), lanes.n, "sparse_categorical_crossentropy_grad");
          sparse_backward(static_cast<const T*>(in[0]), labels, static_cast<const T*>(in[2]),
                          static_cast<T*>(out[0]), lanes, logits, clip);
        });
      });
    });
  });

  table.add("binary_crossentropy", kFloats, [](const KernelSpec& spec) {
    int64_t size = spec.outputs[0].size();
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    bool logits = a.from_logits;
    double eps = a.epsilon;
    return for_float(spec.dtype, [&](auto zero) {
      using T = decltype(zero);
      return make_function_kernel([size, logits, clip = Clip<T>(eps)](auto in, auto out) {
        binary_forward(static_cast<const T*>(in[0]), static_cast<const T*>(in[1]),
                       static_cast<T*>(out[0]), size, logits, clip);
      });
    });
  });
  table.add("binary_crossentropy_grad", kFloats, [](const KernelSpec& spec) {
    int64_t size = spec.outputs[0].size();
    const auto& a = spec.attrs.as<ops::CrossentropyAttrs>();
    bool logits = a.from_logits;
    double eps = a.epsilon;
    return for_float(spec.dtype, [&](auto zero) {
      using T = decltype(zero);
      return make_function_kernel([size, logits, clip = Clip<T>(eps)](auto in, auto out) {
        binary_backward(static_cast<const T*>(in[0]), static_cast<const T*>(in[1]),
                        static_cast<const T*>(in[2]), static_cast<T*>(out[0]), size, logits, clip);
      });
    });
  });
}

}  // namespace keras::backend::cpu
