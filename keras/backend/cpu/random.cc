// Random kernels: the Philox stream of keras/core/random.h, filled in parallel (each element is
// a function of its index, so the thread count does not change the values), then the state's
// counter is advanced in place.
#include <algorithm>

#include "keras/backend/cpu/kernels.h"
#include "keras/backend/cpu/parallel.h"
#include "keras/core/random.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::cpu {

namespace {

// Drawing costs more per element than a copy: split smaller ranges than plain loops do.
constexpr int64_t kUniformGrain = 1 << 13;
constexpr int64_t kNormalGrain = 1 << 11;
// Elements per step of the fused dropout loop (a multiple of 4: whole Philox blocks).
constexpr int64_t kDropoutChunk = 1024;

struct SeedState {
  int64_t* words;
  uint64_t seed() const { return static_cast<uint64_t>(words[0]); }
  uint64_t counter() const { return static_cast<uint64_t>(words[1]); }
  void advance() const { words[1] = static_cast<int64_t>(counter() + 1); }
};

// Mutated inputs arrive as const pointers; the op declares them in `mutates`.
SeedState state_at(std::span<const void* const> in, int index) {
  return {static_cast<int64_t*>(const_cast<void*>(in[static_cast<size_t>(index)]))};
}

// Calls f(T{}) with T = float or double for a float kernel dtype.
template <class F>
auto with_float_type(DType dtype, F&& f) {
  if (dtype == DType::float32) return f(float{});
  return f(double{});
}

// random_uniform / random_normal / truncated_normal share this shape: fill output 0 from the
// state at input 0, then advance it. fill(T* out, begin, end, seed, counter, a, b) where a and b
// are the attribute fields `a_field` and `b_field` (minval/maxval or mean/stddev), read here.
template <class Fill, class A>
KernelFactory draw_factory(Fill fill, double A::*a_field, double A::*b_field, int64_t grain) {
  return [=](const KernelSpec& spec) {
    int64_t n = spec.outputs[0].size();
    const A& attrs = spec.attrs.as<A>();
    double a = attrs.*a_field, b = attrs.*b_field;
    return with_float_type(spec.dtype, [&](auto zero) -> std::unique_ptr<Kernel> {
      using T = decltype(zero);
      return make_function_kernel([=](std::span<const void* const> in, std::span<void* const> out) {
        SeedState state = state_at(in, 0);
        uint64_t seed = state.seed(), counter = state.counter();
        T* y = static_cast<T*>(out[0]);
        parallel_for(
            n,
            [&](int64_t begin, int64_t end) { fill(y + begin, begin, end, seed, counter, a, b); },
            grain);
        state.advance();
      });
    });
  };
}

template <class T>
void dropout_range(const T* x, T* y, uint8_t* mask, int64_t begin, int64_t end, uint64_t seed,
                   uint64_t counter, uint32_t threshold, T scale) {
  // Whole Philox blocks around each chunk (element i is word i % 4 of block i / 4), used in
  // place without a copy.
  alignas(64) uint32_t words[kDropoutChunk + 8];
  for (int64_t c0 = begin; c0 < end;) {
    // Chunks end on multiples of kDropoutChunk so that no Philox block is computed twice.
    int64_t c1 = std::min(end, (c0 / kDropoutChunk + 1) * kDropoutChunk);
    int64_t b0 = c0 / 4, b1 = (c1 + 3) / 4;
    random::philox_blocks(seed, counter, static_cast<uint64_t>(b0), b1 - b0, words);
    const uint32_t* w = words + (c0 - 4 * b0);
    int64_t n = c1 - c0;
    const T* xs = x + c0;
    T* ys = y + c0;
    uint8_t* ms = mask + c0;
    for (int64_t j = 0; j < n; ++j) {
      bool keep = random::dropout_keep(w[j], threshold);
      ms[j] = keep;
      T scaled = xs[j] * scale;  // read unconditionally: a select, not a masked load
      ys[j] = keep ? scaled : T(0);
    }
    c0 = c1;
  }
}

}  // namespace

void register_random_kernels(KernelTable& table) {
  const std::vector<DType> floats = {DType::float32, DType::float64};

  table.add(
      "random_uniform", floats,
      draw_factory(
          [](auto* y, int64_t begin, int64_t end, uint64_t seed, uint64_t counter, double minval,
             double maxval) { random::fill_uniform(y, begin, end, seed, counter, minval, maxval); },
          &ops::RandomUniformAttrs::minval, &ops::RandomUniformAttrs::maxval, kUniformGrain));
  table.add(
      "random_normal", floats,
      draw_factory(
          [](auto* y, int64_t begin, int64_t end, uint64_t seed, uint64_t counter, double mean,
             double stddev) { random::fill_normal(y, begin, end, seed, counter, mean, stddev); },
          &ops::RandomNormalAttrs::mean, &ops::RandomNormalAttrs::stddev, kNormalGrain));
  table.add("truncated_normal", floats,
            draw_factory(
                [](auto* y, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                   double mean, double stddev) {
                  random::fill_truncated_normal(y, begin, end, seed, counter, mean, stddev);
                },
                &ops::RandomNormalAttrs::mean, &ops::RandomNormalAttrs::stddev, kNormalGrain));

  // dropout(x, state) -> (y, mask): one pass drawing, masking and scaling.
  table.add("dropout", floats, [](const KernelSpec& spec) {
    int64_t n = spec.inputs[0].size();
    double rate = *spec.attrs.as<ops::DropoutAttrs>().rate;
    uint32_t threshold = random::dropout_threshold(rate);
    return with_float_type(spec.dtype, [&](auto zero) -> std::unique_ptr<Kernel> {
      using T = decltype(zero);
      // y = x·mask/(1-rate), computed as x·scale with scale rounded to T once (TF's form).
      T scale = static_cast<T>(1.0 / (1.0 - rate));
      return make_function_kernel(
          [n, threshold, scale](std::span<const void* const> in, std::span<void* const> out) {
            const T* x = static_cast<const T*>(in[0]);
            SeedState state = state_at(in, 1);
            uint64_t seed = state.seed(), counter = state.counter();
            T* y = static_cast<T*>(out[0]);
            auto* mask = static_cast<uint8_t*>(out[1]);
            parallel_for(
                n,
                [&](int64_t begin, int64_t end) {
                  dropout_range(x, y, mask, begin, end, seed, counter, threshold, scale);
                },
                kUniformGrain);
            state.advance();
          });
    });
  });

  table.add("dropout_grad", floats, [](const KernelSpec& spec) {
    int64_t n = spec.inputs[0].size();
    double rate = *spec.attrs.as<ops::DropoutAttrs>().rate;
    return with_float_type(spec.dtype, [&](auto zero) -> std::unique_ptr<Kernel> {
      using T = decltype(zero);
      T scale = static_cast<T>(1.0 / (1.0 - rate));
      return make_function_kernel(
          [n, scale](std::span<const void* const> in, std::span<void* const> out) {
            const T* dy = static_cast<const T*>(in[0]);
            const auto* mask = static_cast<const uint8_t*>(in[1]);
            T* dx = static_cast<T*>(out[0]);
            parallel_for(n, [=](int64_t begin, int64_t end) {
              // Locals, so the loop does not reload the pointers from the closure.
              const T* g = dy;
              const uint8_t* keep = mask;
              T* d = dx;
              for (int64_t i = begin; i < end; ++i) {
                T scaled = g[i] * scale;
                d[i] = keep[i] ? scaled : T(0);
              }
            });
          });
    });
  });
}

}  // namespace keras::backend::cpu
