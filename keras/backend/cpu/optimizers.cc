// Variable updates: assign, assign_add and the fused optimizer steps. Each optimizer kernel makes
// one pass over the elements, reading and writing the variable and its slots in place; the
// per-step scalars (bias corrections, Nadam's schedule) are computed once per run, in the
// variable's dtype as Keras computes them (ops.power of the betas cast to it): in float32,
// 1 - β2^t keeps few digits in the first steps (1 - 0.999² = 0.002, so one ulp of β2^t is 3e-5
// of it), and computing it in double moved Adam's first steps by 2e-5 from Keras's
// (tests/optimizers/optimizers_golden_test.cc). Formulas: KERAS.md §6.2, Keras 3
// (keras/src/optimizers/*.py).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "keras/backend/cpu/elementwise_math.h"
#include "keras/backend/cpu/kernels.h"
#include "keras/backend/cpu/parallel.h"
#include "keras/backend/row_sparse.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::cpu {

namespace {

using In = std::span<const void* const>;
using Out = std::span<void* const>;

// Updated inputs arrive as const pointers; the ops list them in `mutates`.
template <class T>
T* mutable_at(In in, size_t i) {
  return static_cast<T*>(const_cast<void*>(in[i]));
}
template <class T>
const T* at(In in, size_t i) {
  return static_cast<const T*>(in[i]);
}

// Calls f(T{}) with T = float or double.
template <class F>
auto with_float_type(DType dtype, F&& f) {
  if (dtype == DType::float32) return f(float{});
  return f(double{});
}

// ----- Row-sparse gradients (keras/backend/row_sparse.h) ---------------------------------------

// Variable elements per block of the dense sweep: the block's gradient buffer and its rows of
// the variable and slots stay in L2 while the body runs over them.
constexpr int64_t kSweepBlock = 1 << 14;

// The row-sparse form of a step: body(in', n', lr) runs on the same pointers shifted to a range
// of rows (the variable and the slots: the inputs shaped like it), with in'[1] the gradient of
// those rows assembled from the index groups. Updates that leave zero-gradient rows alone run
// once on the gradient's rows gathered into compact copies; the others sweep every row.
template <class T, class Body>
std::unique_ptr<Kernel> row_sparse_step_kernel(const KernelSpec& spec, Body body) {
  const RowSparseStep step(spec);
  return make_function_kernel([step, body](In in, Out) {
    const T lr = *at<T>(in, 2);
    const RowGroups groups = step.groups(in[step.indices]);
    const T* rows = at<T>(in, 1);
    const int64_t row = step.row, num_rows = step.num_rows;
    const std::vector<size_t>& aligned = step.aligned;
    // Group k's gradient row into dst, summed from zero in list order (gather_grad's order).
    auto add_group = [&](int64_t k, T* dst) {
      const int64_t* p = groups.positions.data();
      for (int64_t j = groups.begin[k]; j < groups.begin[k + 1]; ++j) {
        const T* src = rows + p[j] * row;
        for (int64_t i = 0; i < row; ++i) dst[i] += src[i];
      }
    };
    auto row_of = [&](size_t input, int64_t r) { return mutable_at<T>(in, input) + r * row; };
    const int64_t row_grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(row, 1));

    if (step.touched_rows_only) {
      const int64_t u = groups.size();
      std::vector<std::vector<T>> compact(aligned.size() + 1, std::vector<T>(u * row, T(0)));
      parallel_for(
          u,
          [&](int64_t k0, int64_t k1) {
            for (int64_t k = k0; k < k1; ++k) {
              add_group(k, compact.back().data() + k * row);
              for (size_t a = 0; a < aligned.size(); ++a)
                std::copy_n(row_of(aligned[a], groups.rows[k]), row, compact[a].data() + k * row);
            }
          },
          row_grain);
      std::vector<const void*> view(in.begin(), in.end());
      view[1] = compact.back().data();
      for (size_t a = 0; a < aligned.size(); ++a) view[aligned[a]] = compact[a].data();
      body(In(view), u * row, lr);
      parallel_for(
          u,
          [&](int64_t k0, int64_t k1) {
            for (int64_t k = k0; k < k1; ++k)
              for (size_t a = 0; a < aligned.size(); ++a)
                std::copy_n(compact[a].data() + k * row, row, row_of(aligned[a], groups.rows[k]));
          },
          row_grain);
      return;
    }

    const int64_t block = rows_per_block(row, kSweepBlock);
    const int64_t blocks = (num_rows + block - 1) / block;
    parallel_for(
        blocks,
        [&](int64_t b0, int64_t b1) {
          std::vector<T> gradient(block * row);
          std::vector<const void*> view(in.begin(), in.end());
          view[1] = gradient.data();
          int64_t k = groups.first_at_or_after(b0 * block);
          for (int64_t b = b0; b < b1; ++b) {
            const int64_t r0 = b * block, r1 = std::min(num_rows, r0 + block);
            std::fill_n(gradient.data(), (r1 - r0) * row, T(0));
            for (; k < groups.size() && groups.rows[k] < r1; ++k)
              add_group(k, gradient.data() + (groups.rows[k] - r0) * row);
            for (size_t a : aligned) view[a] = row_of(a, r0);
            body(In(view), (r1 - r0) * row, lr);
          }
        },
        std::max<int64_t>(1, kParallelGrain / (block * std::max<int64_t>(row, 1))));
  });
}

// Builds the kernel of an optimizer step from body(in, n, lr): the fused pass over n elements
// (parallel_for over [0, n)), lr the scalar learning rate (input 2) in T. The dense form runs it
// once over the variable; the row-sparse form (the attribute row_sparse) as
// row_sparse_step_kernel says.
template <class T, class Body>
std::unique_ptr<Kernel> step_kernel(const KernelSpec& spec, bool row_sparse, Body body) {
  if (row_sparse) return row_sparse_step_kernel<T>(spec, std::move(body));
  const int64_t n = spec.inputs[0].size();
  return make_function_kernel([n, body](In in, Out) {
    const T lr = *at<T>(in, 2);
    body(in, n, lr);
  });
}

// ----- Square roots in SIMD --------------------------------------------------------------------
// GCC does not vectorize a loop calling std::sqrt while -fmath-errno is on (the default): every
// call is guarded for errno, and a scalar sqrt+div costs about 15x a vector one here. So the
// loops that need roots run over L1-sized blocks in three steps: pre(i) updates the slots and
// returns the value to take the root of, the roots are taken with the vector instruction, and
// post(i, root) finishes the element. Each step is a plain loop that vectorizes.
constexpr int64_t kRootBlock = 256;

// Calls f with std::true_type / std::false_type for two options, so each combination gets its own
// branch-free instantiation of the element loop.
template <class F>
void with_flags(bool a, bool b, F&& f) {
  if (a) {
    if (b)
      f(std::true_type{}, std::true_type{});
    else
      f(std::true_type{}, std::false_type{});
  } else {
    if (b)
      f(std::false_type{}, std::true_type{});
    else
      f(std::false_type{}, std::false_type{});
  }
}

// Runs pre/root/post over [begin, end) in blocks (see above).
template <class T, class Pre, class Post>
void with_roots(int64_t begin, int64_t end, Pre&& pre, Post&& post) {
  alignas(64) T root[kRootBlock];
  for (int64_t s = begin; s < end; s += kRootBlock) {
    const int64_t n = std::min(kRootBlock, end - s);
    for (int64_t j = 0; j < n; ++j) root[j] = pre(s + j);
    vm::sqrt_block(root, root, n);
    for (int64_t j = 0; j < n; ++j) post(s + j, root[j]);
  }
}

// The same with two roots per element (Adadelta).
template <class T, class Pre, class Post>
void with_two_roots(int64_t begin, int64_t end, Pre&& pre, Post&& post) {
  alignas(64) T root_a[kRootBlock], root_b[kRootBlock];
  for (int64_t s = begin; s < end; s += kRootBlock) {
    const int64_t n = std::min(kRootBlock, end - s);
    for (int64_t j = 0; j < n; ++j) {
      T a, b;
      pre(s + j, a, b);
      root_a[j] = a;
      root_b[j] = b;
    }
    vm::sqrt_block(root_a, root_a, n);
    vm::sqrt_block(root_b, root_b, n);
    for (int64_t j = 0; j < n; ++j) post(s + j, root_a[j], root_b[j]);
  }
}

double step_of(In in, size_t index) {  // t = iterations + 1, as Keras's local_step
  return static_cast<double>(*static_cast<const int64_t*>(in[index]) + 1);
}

// ----- assign, assign_add -------------------------------------------------------------------

std::unique_ptr<Kernel> assign_kernel(const KernelSpec& spec) {
  int64_t n = spec.inputs[0].size();
  std::size_t item = size_of(spec.inputs[0].dtype);
  bool broadcast = spec.inputs[1].shape.rank() == 0 && spec.inputs[0].shape.rank() != 0;
  return make_function_kernel([n, item, broadcast](In in, Out) {
    auto* dst = static_cast<uint8_t*>(const_cast<void*>(in[0]));
    const auto* src = static_cast<const uint8_t*>(in[1]);
    if (dst == src) return;
    if (broadcast) {
      for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * item, src, item);
      return;
    }
    parallel_for(n, [=](int64_t begin, int64_t end) {
      std::memmove(dst + begin * item, src + begin * item, static_cast<size_t>(end - begin) * item);
    });
  });
}

template <class T>
std::unique_ptr<Kernel> assign_add_kernel(const KernelSpec& spec) {
  int64_t n = spec.inputs[0].size();
  bool broadcast = spec.inputs[1].shape.rank() == 0 && spec.inputs[0].shape.rank() != 0;
  return make_function_kernel([n, broadcast](In in, Out) {
    T* var = mutable_at<T>(in, 0);
    const T* value = at<T>(in, 1);
    if (broadcast) {
      const T v = *value;
      parallel_for(n, [=](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) var[i] += v;
      });
    } else {
      parallel_for(n, [=](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) var[i] += value[i];
      });
    }
  });
}

// ----- SGD: keras/src/optimizers/sgd.py --------------------------------------------------------

template <class T>
std::unique_ptr<Kernel> sgd_kernel(const KernelSpec& spec) {
  const auto& a = spec.attrs.as<ops::SGDUpdateAttrs>();
  const T momentum = static_cast<T>(a.momentum);
  const bool nesterov = a.nesterov;
  if (!(a.momentum > 0.0)) {
    return step_kernel<T>(spec, a.row_sparse, [](In in, int64_t n, T lr) {
      T* w = mutable_at<T>(in, 0);
      const T* g = at<T>(in, 1);
      parallel_for(n, [=](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) w[i] -= g[i] * lr;
      });
    });
  }
  return step_kernel<T>(spec, a.row_sparse, [momentum, nesterov](In in, int64_t n, T lr) {
    T* w = mutable_at<T>(in, 0);
    const T* g = at<T>(in, 1);
    T* m = mutable_at<T>(in, 3);
    parallel_for(n, [=](int64_t b, int64_t e) {
      if (nesterov) {
        for (int64_t i = b; i < e; ++i) {
          T mi = m[i] * momentum - g[i] * lr;
          m[i] = mi;
          w[i] += mi * momentum - g[i] * lr;
        }
      } else {
        for (int64_t i = b; i < e; ++i) {
          T mi = m[i] * momentum - g[i] * lr;
          m[i] = mi;
          w[i] += mi;
        }
      }
    });
  });
}

// ----- RMSprop: keras/src/optimizers/rmsprop.py (epsilon inside the sqrt) ----------------------

template <class T>
std::unique_ptr<Kernel> rmsprop_kernel(const KernelSpec& spec) {
  const auto& a = spec.attrs.as<ops::RMSpropUpdateAttrs>();
  const T rho = static_cast<T>(a.rho), one_minus_rho = static_cast<T>(1.0 - a.rho);
  const T eps = static_cast<T>(a.epsilon);
  const T momentum = static_cast<T>(a.momentum);
  const bool with_momentum = a.momentum > 0.0;
  const bool centered = a.centered;
  const size_t avg_index = with_momentum ? 5 : 4;
  return step_kernel<T>(spec, a.row_sparse, [=](In in, int64_t n, T lr) {
    T* w = mutable_at<T>(in, 0);
    const T* g = at<T>(in, 1);
    T* v = mutable_at<T>(in, 3);
    T* mom = with_momentum ? mutable_at<T>(in, 4) : nullptr;
    T* mg = centered ? mutable_at<T>(in, avg_index) : nullptr;
    // One instantiation per (centered, momentum) keeps every inner loop branch-free.
    auto pass = [&](int64_t b, int64_t e, auto is_centered, auto has_momentum) {
      with_roots<T>(
          b, e,
          [=](int64_t i) {
            T vi = rho * v[i] + one_minus_rho * g[i] * g[i];
            v[i] = vi;
            if constexpr (decltype(is_centered)::value) {
              T ai = rho * mg[i] + one_minus_rho * g[i];
              mg[i] = ai;
              return vi - ai * ai + eps;
            } else {
              return vi + eps;
            }
          },
          [=](int64_t i, T root) {
            T increment = lr * g[i] / root;
            if constexpr (decltype(has_momentum)::value) {
              T mi = momentum * mom[i] + increment;
              mom[i] = mi;
              w[i] -= mi;
            } else {
              w[i] -= increment;
            }
          });
    };
    parallel_for(n, [=](int64_t b, int64_t e) {
      with_flags(centered, with_momentum, [&](auto c, auto m) { pass(b, e, c, m); });
    });
  });
}

// ----- Adagrad: keras/src/optimizers/adagrad.py (epsilon inside the sqrt) ----------------------

template <class T>
std::unique_ptr<Kernel> adagrad_kernel(const KernelSpec& spec) {
  const auto& a = spec.attrs.as<ops::AdagradUpdateAttrs>();
  const T eps = static_cast<T>(a.epsilon);
  return step_kernel<T>(spec, a.row_sparse, [eps](In in, int64_t n, T lr) {
    T* w = mutable_at<T>(in, 0);
    const T* g = at<T>(in, 1);
    T* acc = mutable_at<T>(in, 3);
    parallel_for(n, [=](int64_t b, int64_t e) {
      with_roots<T>(
          b, e,
          [=](int64_t i) {
            T a = acc[i] + g[i] * g[i];
            acc[i] = a;
            return a + eps;
          },
          [=](int64_t i, T root) { w[i] -= lr * g[i] / root; });
    });
  });
}

// ----- Adadelta: keras/src/optimizers/adadelta.py ----------------------------------------------

template <class T>
std::unique_ptr<Kernel> adadelta_kernel(const KernelSpec& spec) {
  const auto& a = spec.attrs.as<ops::AdadeltaUpdateAttrs>();
  const T rho = static_cast<T>(a.rho), one_minus_rho = static_cast<T>(1.0 - a.rho);
  const T eps = static_cast<T>(a.epsilon);
  return step_kernel<T>(spec, a.row_sparse, [=](In in, int64_t n, T lr) {
    T* w = mutable_at<T>(in, 0);
    const T* g = at<T>(in, 1);
    T* ag = mutable_at<T>(in, 3);
    T* ad = mutable_at<T>(in, 4);
    parallel_for(n, [=](int64_t b, int64_t e) {
      with_two_roots<T>(
          b, e,
          [=](int64_t i, T& delta_arg, T& grad_arg) {
            T a = rho * ag[i] + one_minus_rho * g[i] * g[i];
            ag[i] = a;
            delta_arg = ad[i] + eps;
            grad_arg = a + eps;
          },
          [=](int64_t i, T rms_delta, T rms_grad) {
            T delta = g[i] * rms_delta / rms_grad;
            ad[i] = rho * ad[i] + one_minus_rho * delta * delta;
            w[i] -= lr * delta;
          });
    });
  });
}

// ----- Adam / AdamW: keras/src/optimizers/adam.py, adamw.py ------------------------------------

template <class T>
std::unique_ptr<Kernel> adam_kernel(const KernelSpec& spec) {
  const auto& a = spec.attrs.as<ops::AdamUpdateAttrs>();
  const double beta_1 = a.beta_1, beta_2 = a.beta_2;
  const T one_minus_b1 = static_cast<T>(1.0 - beta_1), one_minus_b2 = static_cast<T>(1.0 - beta_2);
  const T eps = static_cast<T>(a.epsilon);
  const double weight_decay = a.weight_decay;
  const bool amsgrad = a.amsgrad;
  return step_kernel<T>(spec, a.row_sparse, [=](In in, int64_t n, T lr) {
    const T t = static_cast<T>(step_of(in, 3));
    // Keras folds the bias corrections into the step size ("epsilon-hat" form), in T.
    const T beta_1_power = std::pow(static_cast<T>(beta_1), t);
    const T beta_2_power = std::pow(static_cast<T>(beta_2), t);
    const T alpha = lr * std::sqrt(T(1) - beta_2_power) / (T(1) - beta_1_power);
    // AdamW's decoupled decay w -= w·wd·lr comes first (Keras's _apply_weight_decay).
    const T decay = static_cast<T>(weight_decay * static_cast<double>(lr));
    T* w = mutable_at<T>(in, 0);
    const T* g = at<T>(in, 1);
    T* m = mutable_at<T>(in, 4);
    T* v = mutable_at<T>(in, 5);
    T* vhat = amsgrad ? mutable_at<T>(in, 6) : nullptr;
    auto pass = [&](int64_t b, int64_t e, auto decays, auto ams) {
      with_roots<T>(
          b, e,
          [=](int64_t i) {
            T mi = m[i] + (g[i] - m[i]) * one_minus_b1;
            T vi = v[i] + (g[i] * g[i] - v[i]) * one_minus_b2;
            m[i] = mi;
            v[i] = vi;
            if constexpr (decltype(ams)::value) {
              vi = std::max(vhat[i], vi);
              vhat[i] = vi;
            }
            return vi;
          },
          [=](int64_t i, T root) {
            T wi = w[i];
            if constexpr (decltype(decays)::value) wi -= wi * decay;
            w[i] = wi - m[i] * alpha / (root + eps);
          });
    };
    parallel_for(n, [=](int64_t b, int64_t e) {
      with_flags(weight_decay != 0.0, amsgrad, [&](auto d, auto a) { pass(b, e, d, a); });
    });
  });
}

// ----- Adamax: keras/src/optimizers/adamax.py --------------------------------------------------

template <class T>
std::unique_ptr<Kernel> adamax_kernel(const KernelSpec& spec) {
  const auto& a = spec.attrs.as<ops::AdamaxUpdateAttrs>();
  const double beta_1 = a.beta_1;
  const T b2 = static_cast<T>(a.beta_2);
  const T one_minus_b1 = static_cast<T>(1.0 - beta_1);
  const T eps = static_cast<T>(a.epsilon);
  return step_kernel<T>(spec, a.row_sparse, [=](In in, int64_t n, T lr) {
    const T correction = T(1) - std::pow(static_cast<T>(beta_1), static_cast<T>(step_of(in, 3)));
    T* w = mutable_at<T>(in, 0);
    const T* g = at<T>(in, 1);
    T* m = mutable_at<T>(in, 4);
    T* u = mutable_at<T>(in, 5);
    parallel_for(n, [=](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        T mi = m[i] + (g[i] - m[i]) * one_minus_b1;
        T ui = std::max(b2 * u[i], std::abs(g[i]));
        m[i] = mi;
        u[i] = ui;
        w[i] -= lr * mi / (correction * (ui + eps));
      }
    });
  });
}

// ----- Nadam: keras/src/optimizers/nadam.py (Keras 3 schedule, no 0.004 factor) ---------------

template <class T>
std::unique_ptr<Kernel> nadam_kernel(const KernelSpec& spec) {
  const auto& a = spec.attrs.as<ops::NadamUpdateAttrs>();
  // Keras casts the betas to the variable's dtype first, so 1 - β1 is T(1) - T(β1) here (Adam's
  // 1 - β1 is a Python float, rounded once).
  const T beta_1 = static_cast<T>(a.beta_1), beta_2 = static_cast<T>(a.beta_2);
  const T one_minus_b1 = T(1) - beta_1, one_minus_b2 = T(1) - beta_2;
  const T eps = static_cast<T>(a.epsilon);
  return step_kernel<T>(spec, a.row_sparse, [=](In in, int64_t n, T lr) {
    const T t = static_cast<T>(step_of(in, 3)), decay = static_cast<T>(0.96);
    const T u_t = beta_1 * (T(1) - T(0.5) * std::pow(decay, t));
    const T u_t1 = beta_1 * (T(1) - T(0.5) * std::pow(decay, t + T(1)));
    const T u_product = *at<T>(in, 6);  // already includes u_t
    const T u_product_next = u_product * u_t1;
    // m_hat = c_m·m + c_g·g; v_hat = v / (1 - β2^t).
    const T c_m = u_t1 / (T(1) - u_product_next);
    const T c_g = (T(1) - u_t) / (T(1) - u_product);
    const T v_denominator = T(1) - std::pow(beta_2, t);
    T* w = mutable_at<T>(in, 0);
    const T* g = at<T>(in, 1);
    T* m = mutable_at<T>(in, 4);
    T* v = mutable_at<T>(in, 5);
    parallel_for(n, [=](int64_t b, int64_t e) {
      with_roots<T>(
          b, e,
          [=](int64_t i) {
            T mi = m[i] + (g[i] - m[i]) * one_minus_b1;
            T vi = v[i] + (g[i] * g[i] - v[i]) * one_minus_b2;
            m[i] = mi;
            v[i] = vi;
            return vi / v_denominator;
          },
          [=](int64_t i, T root) {
            T m_hat = c_m * m[i] + c_g * g[i];
            w[i] -= m_hat * lr / (root + eps);
          });
    });
  });
}

template <template <class> class Make>
KernelFactory float_factory() {
  return [](const KernelSpec& spec) {
    return with_float_type(spec.dtype, [&](auto zero) { return Make<decltype(zero)>()(spec); });
  };
}

#define KERAS_KERNEL_MAKER(name, fn)                                             \
  template <class T>                                                             \
  struct name {                                                                  \
    std::unique_ptr<Kernel> operator()(const KernelSpec& s) { return fn<T>(s); } \
  }
KERAS_KERNEL_MAKER(MakeSgd, sgd_kernel);
KERAS_KERNEL_MAKER(MakeRmsprop, rmsprop_kernel);
KERAS_KERNEL_MAKER(MakeAdagrad, adagrad_kernel);
KERAS_KERNEL_MAKER(MakeAdadelta, adadelta_kernel);
KERAS_KERNEL_MAKER(MakeAdam, adam_kernel);
KERAS_KERNEL_MAKER(MakeAdamax, adamax_kernel);
KERAS_KERNEL_MAKER(MakeNadam, nadam_kernel);
#undef KERAS_KERNEL_MAKER

}  // namespace

void register_optimizer_kernels(KernelTable& table) {
  table.add("assign",
            {DType::float16, DType::bfloat16, DType::float32, DType::float64, DType::int32,
             DType::int64, DType::uint8, DType::bool_},
            assign_kernel);
  table.add("assign_add", {DType::float32, DType::float64, DType::int32, DType::int64},
            [](const KernelSpec& spec) -> std::unique_ptr<Kernel> {
              switch (spec.dtype) {
                case DType::float32:
                  return assign_add_kernel<float>(spec);
                case DType::float64:
                  return assign_add_kernel<double>(spec);
                case DType::int32:
                  return assign_add_kernel<int32_t>(spec);
                default:
                  return assign_add_kernel<int64_t>(spec);
              }
            });
  const std::vector<DType> floats = {DType::float32, DType::float64};
  table.add("sgd_update", floats, float_factory<MakeSgd>());
  table.add("rmsprop_update", floats, float_factory<MakeRmsprop>());
  table.add("adagrad_update", floats, float_factory<MakeAdagrad>());
  table.add("adadelta_update", floats, float_factory<MakeAdadelta>());
  table.add("adam_update", floats, float_factory<MakeAdam>());
  table.add("adamax_update", floats, float_factory<MakeAdamax>());
  table.add("nadam_update", floats, float_factory<MakeNadam>());
}

}  // namespace keras::backend::cpu
