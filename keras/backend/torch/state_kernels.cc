// Ops with state: the random draws and dropout (Philox numbers from keras/core/random.h, the
// generator every backend must reproduce, so a seeded run draws what it draws on the cpu backend),
// and the variable updates: assign, assign_add and the Keras 3 optimizer steps (KERAS.md §6.2;
// keras/src/optimizers/*.py), written with ATen in-place operators in the cpu backend's order of
// operations, so float64 steps agree with it to the last bits of rounding.
//
// The seed state, the learning rate and the iteration count are read through ATen views. The
// tensors live in host memory, so the Philox fill writes the output's memory directly.
#include <ATen/Parallel.h>

#include <cmath>

#include "keras/backend/row_sparse.h"
#include "keras/backend/torch/aten_kernel.h"
#include "keras/core/error.h"
#include "keras/core/random.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::torch {

namespace {

// Drawing costs more per element than a copy: ATen threads split smaller ranges.
constexpr int64_t kDrawGrain = 1 << 12;

// A double rounded to the kernel's dtype, as the cpu backend rounds its constants.
double in_dtype(double value, DType dtype) {
  return dtype == DType::float32 ? static_cast<double>(static_cast<float>(value)) : value;
}

// The (seed, counter) state: int64 [2]. Read before a draw, advanced after it.
struct SeedState {
  at::Tensor words;
  uint64_t seed() const { return static_cast<uint64_t>(words[0].item<int64_t>()); }
  uint64_t counter() const { return static_cast<uint64_t>(words[1].item<int64_t>()); }
  void advance() const { words[1].add_(1); }
};

// random_uniform / random_normal / truncated_normal: fill(out, begin, end, seed, counter, a, b)
// over the output in parallel chunks (each element depends on its index only); a and b are the
// attribute fields `a_field` and `b_field` (minval/maxval or mean/stddev).
template <class Fill, class A>
void add_draw(KernelTable& table, const char* op, Fill fill, double A::*a_field,
              double A::*b_field) {
  add(table, op, kFloatDtypes, [=](const KernelSpec& spec) -> Body {
    const A& attrs = spec.attrs.as<A>();
    double a = attrs.*a_field, b = attrs.*b_field;
    bool single = spec.dtype == DType::float32;
    return [fill, a, b, single](Views& in, Views& out) {
      SeedState state{in[0]};
      uint64_t seed = state.seed(), counter = state.counter();
      at::Tensor y = out[0];
      at::parallel_for(0, y.numel(), kDrawGrain, [&](int64_t begin, int64_t end) {
        if (single)
          fill(y.data_ptr<float>() + begin, begin, end, seed, counter, a, b);
        else
          fill(y.data_ptr<double>() + begin, begin, end, seed, counter, a, b);
      });
      state.advance();
    };
  });
}

void register_random(KernelTable& table) {
  add_draw(
      table, "random_uniform",
      [](auto* y, int64_t begin, int64_t end, uint64_t seed, uint64_t counter, double lo,
         double hi) { random::fill_uniform(y, begin, end, seed, counter, lo, hi); },
      &ops::RandomUniformAttrs::minval, &ops::RandomUniformAttrs::maxval);
  add_draw(
      table, "random_normal",
      [](auto* y, int64_t begin, int64_t end, uint64_t seed, uint64_t counter, double mean,
         double stddev) { random::fill_normal(y, begin, end, seed, counter, mean, stddev); },
      &ops::RandomNormalAttrs::mean, &ops::RandomNormalAttrs::stddev);
  add_draw(
      table, "truncated_normal",
      [](auto* y, int64_t begin, int64_t end, uint64_t seed, uint64_t counter, double mean,
         double stddev) {
        random::fill_truncated_normal(y, begin, end, seed, counter, mean, stddev);
      },
      &ops::RandomNormalAttrs::mean, &ops::RandomNormalAttrs::stddev);

  // dropout(x, state) -> (x·mask/(1-rate), mask): the bits stream of the state, kept where
  // u24(word) >= rate (random::dropout_keep's rule, on 24-bit integers), scaled by 1/(1-rate)
  // rounded to the dtype once (TensorFlow's form, as the cpu backend).
  add(table, "dropout", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    int64_t n = spec.inputs[0].size();
    double rate = *spec.attrs.as<ops::DropoutAttrs>().rate;
    int64_t threshold = random::dropout_threshold(rate);
    double scale = in_dtype(1.0 / (1.0 - rate), spec.dtype);
    at::Tensor bits = at::empty({n}, at::TensorOptions().dtype(at::kInt));  // scratch, reused
    return [n, threshold, scale, bits](Views& in, Views& out) {
      SeedState state{in[1]};
      uint64_t seed = state.seed(), counter = state.counter();
      auto* words = static_cast<uint32_t*>(bits.data_ptr());
      at::parallel_for(0, n, kDrawGrain, [&](int64_t begin, int64_t end) {
        random::fill_bits(words + begin, begin, end, seed, counter);
      });
      // The top 24 bits of each word (the arithmetic shift of int32 sign-extends: mask it off).
      at::Tensor keep = at::bitwise_right_shift(bits, 8).bitwise_and_(0xFFFFFF).ge_(threshold).view(
          in[0].sizes());
      out[1].copy_(keep);
      out[0].copy_(at::where(keep.to(at::kBool), at::mul(in[0], scale), at::Scalar(0.0)));
      state.advance();
    };
  });
  add(table, "dropout_grad", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    double scale = in_dtype(1.0 / (1.0 - *spec.attrs.as<ops::DropoutAttrs>().rate), spec.dtype);
    return [scale](Views& in, Views& out) {
      out[0].copy_(at::where(in[1] != 0, at::mul(in[0], scale), at::Scalar(0.0)));
    };
  });
}

// --- Variable updates ---------------------------------------------------------------------------

// The per-kernel constants of an optimizer, rounded to the variable's dtype.
struct Constants {
  DType dtype;
  double get(double value) const { return in_dtype(value, dtype); }
  double one_minus(double value) const { return in_dtype(1.0 - value, dtype); }
};

// f(T{}) with T the variable's float type, as a double: the step's scalars (bias corrections,
// Nadam's schedule) are computed as Keras computes them, in the variable's dtype (ops.power of
// the betas cast to it), as the cpu backend does (keras/backend/cpu/optimizers.cc says why).
template <class F>
double in_float_type(DType dtype, F f) {
  if (dtype == DType::float32) return static_cast<double>(f(float{}));
  return f(double{});
}

double learning_rate(const Views& in) {  // input 2: a scalar of the variable's dtype
  return in[2].item<double>();
}
double step_of(const Views& in, size_t index) {  // t = iterations + 1, as Keras's local_step
  return static_cast<double>(in[index].item<int64_t>() + 1);
}

// --- Row-sparse gradients (keras/backend/row_sparse.h) -----------------------------------------

at::Tensor long_tensor(const std::vector<int64_t>& values) {
  return at::tensor(at::ArrayRef<int64_t>(values), at::TensorOptions().dtype(at::kLong));
}

// The row-sparse form of a step whose dense body is `dense`: the body runs on views of the
// variable and its slots (the inputs shaped like it) narrowed to a range of rows, with in[1] the
// gradient of those rows summed from the index groups by index_add_ (list order, as gather_grad).
// Updates that leave zero-gradient rows alone run once on copies of the gradient's rows; the
// others sweep every row in blocks.
Body row_sparse_body(const KernelSpec& spec, Body dense) {
  const RowSparseStep step(spec);
  std::vector<int64_t> row_sizes = sizes_of(spec.inputs[0].shape);
  const at::ScalarType type = scalar_type(spec.dtype);
  // ATen runs each operator over the block in parallel; blocks amortize its per-call cost.
  const int64_t block = rows_per_block(step.row, int64_t{1} << 20);
  return [=](Views& in, Views& out) {
    const RowGroups groups = step.groups(in[step.indices].data_ptr());
    const int64_t row = step.row, num_rows = step.num_rows;
    const at::Tensor rows = in[1].reshape({step.count, row});
    // The gradient of rows [first, first + n) as a tensor shaped like those rows of the variable:
    // groups [k0, k1) added in list order.
    auto gradient_of = [&](int64_t first, int64_t n, int64_t k0, int64_t k1, bool compact) {
      std::vector<int64_t> target, source;
      for (int64_t k = k0; k < k1; ++k)
        for (int64_t j = groups.begin[k]; j < groups.begin[k + 1]; ++j) {
          target.push_back(compact ? k - k0 : groups.rows[k] - first);
          source.push_back(groups.positions[j]);
        }
      at::Tensor g = at::zeros({n, row}, at::TensorOptions().dtype(type));
      if (!target.empty())
        g.index_add_(0, long_tensor(target), rows.index_select(0, long_tensor(source)));
      std::vector<int64_t> sizes = row_sizes;
      sizes[0] = n;
      return g.view(sizes);
    };
    Views view = in;
    if (step.touched_rows_only) {
      const int64_t u = groups.size();
      at::Tensor touched = long_tensor(groups.rows);
      view[1] = gradient_of(0, u, 0, u, true);
      for (size_t a : step.aligned) view[a] = in[a].index_select(0, touched);
      dense(view, out);
      for (size_t a : step.aligned) in[a].index_copy_(0, touched, view[a]);
      return;
    }
    for (int64_t r0 = 0; r0 < num_rows; r0 += block) {
      const int64_t n = std::min(block, num_rows - r0);
      view[1] =
          gradient_of(r0, n, groups.first_at_or_after(r0), groups.first_at_or_after(r0 + n), false);
      for (size_t a : step.aligned) view[a] = in[a].narrow(0, r0, n);
      dense(view, out);
    }
  };
}

// Registers an optimizer step with attributes A: `make` builds the dense body; the row-sparse
// form wraps it.
template <class A>
void add_step(KernelTable& table, const char* op,
              std::function<Body(const KernelSpec&, const A&)> make) {
  add(table, op, kFloatDtypes, [make](const KernelSpec& spec) -> Body {
    const A& a = spec.attrs.as<A>();
    Body dense = make(spec, a);
    if (!a.row_sparse) return dense;
    return row_sparse_body(spec, std::move(dense));
  });
}

void register_updates(KernelTable& table) {
  // The steps' attributes (keras/ops/op_attrs.h).
  using SGD = ops::SGDUpdateAttrs;
  using RMSprop = ops::RMSpropUpdateAttrs;
  using Adagrad = ops::AdagradUpdateAttrs;
  using Adadelta = ops::AdadeltaUpdateAttrs;
  using Adam = ops::AdamUpdateAttrs;
  using Adamax = ops::AdamaxUpdateAttrs;
  using Nadam = ops::NadamUpdateAttrs;
  add(table, "assign", kAllDtypes, [](const KernelSpec&) -> Body {
    return [](Views& in, Views&) {
      if (in[0].data_ptr() != in[1].data_ptr()) in[0].copy_(in[1]);  // a scalar broadcasts
    };
  });
  add(table, "assign_add", {DType::float32, DType::float64, DType::int32, DType::int64},
      [](const KernelSpec&) -> Body { return [](Views& in, Views&) { in[0].add_(in[1]); }; });

  // SGD (sgd.py): m = m·momentum - g·lr; w += m (nesterov: w += m·momentum - g·lr).
  add_step<SGD>(table, "sgd_update", [](const KernelSpec& spec, const auto& a) -> Body {
    Constants c{spec.dtype};
    bool with_momentum = a.momentum > 0.0;
    double momentum = c.get(a.momentum);
    bool nesterov = a.nesterov;
    return [with_momentum, momentum, nesterov](Views& in, Views&) {
      double lr = learning_rate(in);
      const at::Tensor &w = in[0], &g = in[1];
      if (!with_momentum) {
        w.sub_(g * lr);
        return;
      }
      const at::Tensor& m = in[3];
      m.mul_(momentum).sub_(g * lr);
      if (nesterov)
        w.add_((m * momentum).sub_(g * lr));
      else
        w.add_(m);
    };
  });

  // RMSprop (rmsprop.py; epsilon inside the root): v = ρv + (1-ρ)g²; centered: a = ρa + (1-ρ)g,
  // root of v - a² + ε; increment lr·g/root, through momentum when there is one.
  add_step<RMSprop>(table, "rmsprop_update", [](const KernelSpec& spec, const auto& a) -> Body {
    Constants c{spec.dtype};
    double rho = c.get(a.rho), one_minus_rho = c.one_minus(a.rho);
    double eps = c.get(a.epsilon), momentum = c.get(a.momentum);
    bool with_momentum = a.momentum > 0.0;
    bool centered = a.centered;
    size_t average = with_momentum ? 5 : 4;
    return [=](Views& in, Views&) {
      double lr = learning_rate(in);
      const at::Tensor &w = in[0], &g = in[1], &v = in[3];
      v.mul_(rho).add_(at::mul(g, one_minus_rho).mul_(g));
      at::Tensor root;
      if (centered) {
        const at::Tensor& a = in[average];
        a.mul_(rho).add_(at::mul(g, one_minus_rho));
        root = (v - a * a).add_(eps).sqrt_();
      } else {
        root = at::add(v, eps).sqrt_();
      }
      at::Tensor increment = at::mul(g, lr).div_(root);
      if (with_momentum) {
        const at::Tensor& m = in[4];
        m.mul_(momentum).add_(increment);
        w.sub_(m);
      } else {
        w.sub_(increment);
      }
    };
  });

  // Adagrad (adagrad.py): acc += g²; w -= lr·g/√(acc + ε).
  add_step<Adagrad>(table, "adagrad_update", [](const KernelSpec& spec, const auto& a) -> Body {
    double eps = Constants{spec.dtype}.get(a.epsilon);
    return [eps](Views& in, Views&) {
      double lr = learning_rate(in);
      const at::Tensor &w = in[0], &g = in[1], &acc = in[3];
      acc.add_(g * g);
      w.sub_(at::mul(g, lr).div_(at::add(acc, eps).sqrt_()));
    };
  });

  // Adadelta (adadelta.py): a = ρa + (1-ρ)g²; δ = g·√(d + ε)/√(a + ε); d = ρd + (1-ρ)δ²;
  // w -= lr·δ.
  add_step<Adadelta>(table, "adadelta_update", [](const KernelSpec& spec, const auto& a) -> Body {
    Constants c{spec.dtype};
    double rho = c.get(a.rho), one_minus_rho = c.one_minus(a.rho);
    double eps = c.get(a.epsilon);
    return [=](Views& in, Views&) {
      double lr = learning_rate(in);
      const at::Tensor &w = in[0], &g = in[1], &grad_avg = in[3], &delta_avg = in[4];
      grad_avg.mul_(rho).add_(at::mul(g, one_minus_rho).mul_(g));
      at::Tensor delta = (g * at::add(delta_avg, eps).sqrt_()).div_(at::add(grad_avg, eps).sqrt_());
      delta_avg.mul_(rho).add_(at::mul(delta, one_minus_rho).mul_(delta));
      w.sub_(delta.mul_(lr));
    };
  });

  // Adam / AdamW (adam.py, adamw.py): m += (g - m)(1-β1); v += (g² - v)(1-β2) (amsgrad: v̂ =
  // max(v̂, v)); AdamW first decays w -= w·wd·lr; then w -= m·α/(√v + ε) with
  // α = lr·√(1-β2^t)/(1-β1^t).
  add_step<Adam>(table, "adam_update", [](const KernelSpec& spec, const auto& a) -> Body {
    Constants c{spec.dtype};
    double beta_1 = a.beta_1, beta_2 = a.beta_2;
    double one_minus_b1 = c.one_minus(beta_1), one_minus_b2 = c.one_minus(beta_2);
    double eps = c.get(a.epsilon);
    double weight_decay = a.weight_decay;
    bool amsgrad = a.amsgrad;
    DType dtype = spec.dtype;
    return [=](Views& in, Views&) {
      double lr = learning_rate(in), t = step_of(in, 3);
      double alpha = in_float_type(dtype, [&](auto zero) {
        using T = decltype(zero);
        T beta_1_power = std::pow(static_cast<T>(beta_1), static_cast<T>(t));
        T beta_2_power = std::pow(static_cast<T>(beta_2), static_cast<T>(t));
        return static_cast<T>(lr) * std::sqrt(T(1) - beta_2_power) / (T(1) - beta_1_power);
      });
      const at::Tensor &w = in[0], &g = in[1], &m = in[4], &v = in[5];
      m.add_((g - m).mul_(one_minus_b1));
      v.add_((g * g).sub_(v).mul_(one_minus_b2));
      at::Tensor second = v;
      if (amsgrad) {
        in[6].copy_(at::maximum(in[6], v));
        second = in[6];
      }
      if (weight_decay != 0.0) w.sub_(w * in_dtype(weight_decay * lr, dtype));
      w.sub_((m * alpha).div_(at::sqrt(second).add_(eps)));
    };
  });

  // Adamax (adamax.py): m += (g - m)(1-β1); u = max(β2·u, |g|); w -= lr·m/((1-β1^t)(u + ε)).
  add_step<Adamax>(table, "adamax_update", [](const KernelSpec& spec, const auto& a) -> Body {
    Constants c{spec.dtype};
    double beta_1 = a.beta_1;
    double one_minus_b1 = c.one_minus(beta_1), beta_2 = c.get(a.beta_2);
    double eps = c.get(a.epsilon);
    DType dtype = spec.dtype;
    return [=](Views& in, Views&) {
      double lr = learning_rate(in);
      double correction = in_float_type(dtype, [&](auto zero) {
        using T = decltype(zero);
        return T(1) - std::pow(static_cast<T>(beta_1), static_cast<T>(step_of(in, 3)));
      });
      const at::Tensor &w = in[0], &g = in[1], &m = in[4], &u = in[5];
      m.add_((g - m).mul_(one_minus_b1));
      u.copy_(at::maximum(u * beta_2, at::abs(g)));
      w.sub_(at::mul(m, lr).div_(at::add(u, eps).mul_(correction)));
    };
  });

  // Nadam (nadam.py, Keras 3's momentum schedule u_t = β1(1 - ½·0.96^t)): m̂ = c_m·m + c_g·g,
  // v̂ = v/(1-β2^t), w -= m̂·lr/(√v̂ + ε); u_product (input 6) already includes u_t.
  add_step<Nadam>(table, "nadam_update", [](const KernelSpec& spec, const auto& a) -> Body {
    Constants c{spec.dtype};
    DType dtype = spec.dtype;
    // Keras casts the betas to the variable's dtype first: 1 - β is computed in it.
    double beta_1 = c.get(a.beta_1), beta_2 = c.get(a.beta_2);
    double one_minus_b1 = c.get(1.0 - beta_1), one_minus_b2 = c.get(1.0 - beta_2);
    double eps = c.get(a.epsilon);
    return [=](Views& in, Views&) {
      double lr = learning_rate(in), t = step_of(in, 3);
      double u_product = in[6].item<double>();  // already includes u_t
      double c_m = 0, c_g = 0, v_denominator = 0;
      in_float_type(dtype, [&](auto zero) {
        using T = decltype(zero);
        const T b1 = static_cast<T>(beta_1), decay = static_cast<T>(0.96), tt = static_cast<T>(t);
        const T u_t = b1 * (T(1) - T(0.5) * std::pow(decay, tt));
        const T u_t1 = b1 * (T(1) - T(0.5) * std::pow(decay, tt + T(1)));
        const T product = static_cast<T>(u_product);
        c_m = u_t1 / (T(1) - product * u_t1);
        c_g = (T(1) - u_t) / (T(1) - product);
        v_denominator = T(1) - std::pow(static_cast<T>(beta_2), tt);
        return T(0);
      });
      const at::Tensor &w = in[0], &g = in[1], &m = in[4], &v = in[5];
      m.add_((g - m).mul_(one_minus_b1));
      v.add_((g * g).sub_(v).mul_(one_minus_b2));
      at::Tensor m_hat = (m * c_m).add_(g * c_g);
      w.sub_(m_hat.mul_(lr).div_(at::div(v, v_denominator).sqrt_().add_(eps)));
    };
  });
}

}  // namespace

void register_state_kernels(KernelTable& table) {
  register_random(table);
  register_updates(table);
}

}  // namespace keras::backend::torch
