// cpu reductions: sum, mean, max, min, prod, logsumexp, argmax, argmin and reduce_grad.
//
// Own loops rather than oneDNN's reduction primitive: oneDNN 2.6 falls back to its reference
// implementation for most axis sets, and these loops (contiguous, vectorized, threaded over
// outputs or over the reduced range when outputs are few) measured faster for the common cases.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "keras/backend/cpu/cpu_backend.h"
#include "keras/backend/cpu/kernels.h"
#include "keras/backend/cpu/parallel.h"
#include "keras/backend/cpu/reduction_geometry.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::cpu {

namespace {

// --- The combining rules -------------------------------------------------------------------------
// `combine` works on scalars and on GCC/Clang vectors alike. Row mode combines in vectors of
// `Lane` over short blocks (a float32 row sum then runs at cache bandwidth) and merges each block
// into `A`, the accumulator across blocks, rows and threads; column mode accumulates in A
// directly. float32 sums and products take A = double: float accumulators drift by 1e-5 and more
// over long reductions (products near 1 drift systematically).

template <class T>
struct SumOp {
  using Lane = T;
  using A = double;
  static constexpr T lane_identity() { return T(0); }
  static A identity() { return 0.0; }
  template <class V>
  static V combine(V a, V x) {
    return a + x;
  }
  static A merge(A a, A b) { return a + b; }
};

// Products keep double lanes too: float lanes drift even over blocks.
template <class T>
struct ProdOp {
  using Lane = double;
  using A = double;
  static constexpr Lane lane_identity() { return 1.0; }
  static A identity() { return 1.0; }
  template <class V>
  static V combine(V a, V x) {
    return a * x;
  }
  static A merge(A a, A b) { return a * b; }
};

// NaN wins, as in NumPy: once a lane holds NaN it keeps it.
template <class T>
struct MaxOp {
  using Lane = T;
  using A = T;
  static constexpr T lane_identity() { return -std::numeric_limits<T>::infinity(); }
  static A identity() { return lane_identity(); }
  template <class V>
  static V combine(V a, V x) {
    return ((x > a) | (x != x)) ? x : a;
  }
  static A merge(A a, A b) { return combine(a, b); }
};

template <class T>
struct MinOp {
  using Lane = T;
  using A = T;
  static constexpr T lane_identity() { return std::numeric_limits<T>::infinity(); }
  static A identity() { return lane_identity(); }
  template <class V>
  static V combine(V a, V x) {
    return ((x < a) | (x != x)) ? x : a;
  }
  static A merge(A a, A b) { return combine(a, b); }
};

// 64 bytes of T: one AVX-512 register (two AVX2 registers).
template <class T>
struct Vec;
template <>
struct Vec<float> {
  typedef float type __attribute__((vector_size(64)));
};
template <>
struct Vec<double> {
  typedef double type __attribute__((vector_size(64)));
};
typedef float HalfVecFloat __attribute__((vector_size(32)));

// One vector of Lane loaded (unaligned) from p, widened from float when Lane is double.
template <class Lane, class T>
typename Vec<Lane>::type load_lanes(const T* p) {
  typename Vec<Lane>::type v;
  if constexpr (std::is_same_v<Lane, T>) {
    std::memcpy(&v, p, sizeof v);
  } else {
    HalfVecFloat h;
    std::memcpy(&h, p, sizeof h);
    v = __builtin_convertvector(h, typename Vec<Lane>::type);
  }
  return v;
}

constexpr int64_t kBlock = 4096;       // elements per lane block (row mode)
constexpr int64_t kTile = 64;          // outputs per task in logsumexp's and argmax's column mode
constexpr int64_t kColumnTile = 1024;  // outputs per task in the reductions' column mode
constexpr int64_t kStrip = 256;        // elements per strip when short rows are folded

// Reduces n contiguous elements: four vectors of lanes over blocks of kBlock, each block merged.
template <class Op, class T>
typename Op::A reduce_contiguous(const T* p, int64_t n) {
  using Lane = typename Op::Lane;
  using V = typename Vec<Lane>::type;
  using A = typename Op::A;
  constexpr int64_t W = 64 / sizeof(Lane), Step = 4 * W;
  A a = Op::identity();
  int64_t i = 0;
  while (i + Step <= n) {
    V v0 = V{} + Op::lane_identity(), v1 = v0, v2 = v0, v3 = v0;
    int64_t end = std::min(n, i + kBlock);
    for (; i + Step <= end; i += Step) {
      v0 = Op::combine(v0, load_lanes<Lane>(p + i));
      v1 = Op::combine(v1, load_lanes<Lane>(p + i + W));
      v2 = Op::combine(v2, load_lanes<Lane>(p + i + 2 * W));
      v3 = Op::combine(v3, load_lanes<Lane>(p + i + 3 * W));
    }
    V v = Op::combine(Op::combine(v0, v1), Op::combine(v2, v3));
    Lane lanes[W];  // a tree across the lanes: a chain of W merges would cost more than the block
    std::memcpy(lanes, &v, sizeof v);
    for (int64_t w = W / 2; w > 0; w /= 2)
      for (int64_t k = 0; k < w; ++k) lanes[k] = Op::combine(lanes[k], lanes[k + w]);
    a = Op::merge(a, static_cast<A>(lanes[0]));
  }
  for (; i < n; ++i) a = Op::merge(a, static_cast<A>(p[i]));
  return a;
}

// Chunk c of `chunks` in [0, n).
inline int64_t chunk_begin(int64_t n, int64_t chunks, int64_t c) {
  return n * c / chunks;
}

// Runs f(c) for c in [0, chunks) on the OpenMP team (serially inside a parallel region).
template <class F>
void for_each_chunk(int64_t chunks, F&& f) {
  if (chunks <= 1 || omp_in_parallel()) {
    for (int64_t c = 0; c < chunks; ++c) f(c);
    return;
  }
  int team_size = static_cast<int>(chunks);
#pragma omp parallel num_threads(team_size)
  {
    int64_t team = omp_get_num_threads();
    for (int64_t c = omp_get_thread_num(); c < chunks; c += team) f(c);
  }
}

// A reduction kernel for one op and dtype. The factory decides how to spread the work: over
// outputs when there are enough of them, otherwise over the reduced range with per-chunk partial
// results kept in scratch space reserved up front (merged in a fixed order: deterministic).
template <class T, class Op>
class ReduceKernel final : public Kernel {
 public:
  using A = typename Op::A;

  ReduceKernel(const KernelSpec& spec, bool mean)
      : g_(make_reduce_geometry(spec.inputs[0].shape, spec.attrs.as<ops::ReduceAttrs>().axes)),
        mean_(mean) {
    int64_t threads = num_threads();
    int64_t tasks = g_.column ? g_.outer * ((g_.inner + kColumnTile - 1) / kColumnTile) : g_.outer;
    // Rows of one group back to back (reducing one axis, or leading axes): strips apply.
    dense_ = g_.column;
    for (int64_t r = 0; dense_ && r < g_.rows(); ++r)
      dense_ = g_.runs[static_cast<size_t>(r)] == r * g_.inner;
    bool big = g_.elements >= 4 * kParallelGrain;
    if (threads > 1 && big && tasks < threads && g_.outputs() <= 16384) {
      chunks_ = threads;
      scratch_.assign(static_cast<size_t>(chunks_ * g_.outputs()), Op::identity());
    }
  }

  void run(std::span<const void* const> in, std::span<void* const> out) override {
    const T* x = static_cast<const T*>(in[0]);
    T* y = static_cast<T*>(out[0]);
    int64_t outputs = g_.outputs();
    if (g_.elements == 0) {  // empty reduction: the identity (NaN for the mean)
      for (int64_t k = 0; k < outputs; ++k) y[k] = finish(Op::identity());
      return;
    }
    if (g_.column)
      run_columns(x, y);
    else
      run_rows(x, y);
  }

 private:
  T finish(A a) const {
    if (mean_) return static_cast<T>(static_cast<double>(a) / static_cast<double>(g_.count));
    return static_cast<T>(a);
  }

  // Row mode: reduced positions [begin, end) of output k (position = run * inner + offset).
  A reduce_range(const T* x, int64_t k, int64_t begin, int64_t end) const {
    const T* base = x + g_.base(k);
    A a = Op::identity();
    int64_t run = begin / g_.inner, offset = begin % g_.inner;
    while (begin < end) {
      int64_t n = std::min(g_.inner - offset, end - begin);
      a = Op::merge(a, reduce_contiguous<Op>(base + g_.runs[static_cast<size_t>(run)] + offset, n));
      begin += n;
      offset = 0;
      ++run;
    }
    return a;
  }

  void run_rows(const T* x, T* y) {
    int64_t outputs = g_.outer, count = g_.count;
    if (chunks_ > 1) {
      A* partial = scratch_.data();
      for_each_chunk(chunks_, [&](int64_t c) {
        for (int64_t k = 0; k < outputs; ++k)
          partial[c * outputs + k] = reduce_range(x, k, chunk_begin(count, chunks_, c),
                                                  chunk_begin(count, chunks_, c + 1));
      });
      for (int64_t k = 0; k < outputs; ++k) {
        A a = Op::identity();
        for (int64_t c = 0; c < chunks_; ++c) a = Op::merge(a, partial[c * outputs + k]);
        y[k] = finish(a);
      }
      return;
    }
    parallel_for(
        outputs,
        [&](int64_t k0, int64_t k1) {
          for (int64_t k = k0; k < k1; ++k) y[k] = finish(reduce_range(x, k, 0, count));
        },
        std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(count, 1)));
  }

  // Column mode: outputs [i0, i0 + w) of group k accumulate rows [r0, r1) into acc, sweeping
  // the rows in memory order (a tile as wide as the row when it fits: every page once).
  void reduce_tile(const T* x, int64_t k, int64_t i0, int64_t w, int64_t r0, int64_t r1,
                   A* acc) const {
    const T* base = x + g_.base(k) + i0;
    if (dense_ && w < kStrip / 2) {
      // Short rows back to back: accumulate strips of several rows, then fold the strip.
      int64_t per = kStrip / w, strip = per * w;
      A folded[kStrip];
      std::fill(folded, folded + strip, Op::identity());
      const T* p = base + r0 * w;
      int64_t r = r0;
      for (; r + per <= r1; r += per, p += strip)
        for (int64_t j = 0; j < strip; ++j)
          folded[j] = Op::combine(folded[j], static_cast<A>(p[j]));
      for (; r < r1; ++r, p += w)
        for (int64_t i = 0; i < w; ++i) acc[i] = Op::combine(acc[i], static_cast<A>(p[i]));
      for (int64_t m = 0; m < per; ++m)
        for (int64_t i = 0; i < w; ++i) acc[i] = Op::merge(acc[i], folded[m * w + i]);
      return;
    }
    for (int64_t r = r0; r < r1; ++r) {
      const T* p = base + g_.runs[static_cast<size_t>(r)];
      for (int64_t i = 0; i < w; ++i) acc[i] = Op::combine(acc[i], static_cast<A>(p[i]));
    }
  }

  void run_columns(const T* x, T* y) {
    int64_t inner = g_.inner, rows = g_.rows(), outputs = g_.outputs();
    int64_t tiles = (inner + kColumnTile - 1) / kColumnTile;
    if (chunks_ > 1) {
      A* partial = scratch_.data();
      for_each_chunk(chunks_, [&](int64_t c) {
        A* acc = partial + c * outputs;
        std::fill(acc, acc + outputs, Op::identity());
        int64_t r0 = chunk_begin(rows, chunks_, c), r1 = chunk_begin(rows, chunks_, c + 1);
        for (int64_t k = 0; k < g_.outer; ++k)
          for (int64_t t = 0; t < tiles; ++t) {
            int64_t i0 = t * kColumnTile;
            reduce_tile(x, k, i0, std::min(kColumnTile, inner - i0), r0, r1, acc + k * inner + i0);
          }
      });
      for (int64_t o = 0; o < outputs; ++o) {
        A a = Op::identity();
        for (int64_t c = 0; c < chunks_; ++c) a = Op::merge(a, partial[c * outputs + o]);
        y[o] = finish(a);
      }
      return;
    }
    parallel_for(
        g_.outer * tiles,
        [&](int64_t t0, int64_t t1) {
          A acc[kColumnTile];
          for (int64_t task = t0; task < t1; ++task) {
            int64_t k = task / tiles, i0 = (task % tiles) * kColumnTile,
                    w = std::min(kColumnTile, inner - i0);
            std::fill(acc, acc + w, Op::identity());
            reduce_tile(x, k, i0, w, 0, rows, acc);
            T* out = y + k * inner + i0;
            for (int64_t i = 0; i < w; ++i) out[i] = finish(acc[i]);
          }
        },
        std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(rows * kColumnTile, 1)));
  }

  ReduceGeometry g_;
  bool mean_, dense_ = false;
  int64_t chunks_ = 1;
  std::vector<A> scratch_;
};

// logsumexp = m + log Σ exp(x - m) with m the maximum, taken as 0 when it is not finite (so all
// -inf gives -inf and +inf gives +inf, as tf.reduce_logsumexp which Keras 3 uses). Threaded over
// outputs only: it is not on any training hot path.
template <class T>
class LogSumExpKernel final : public Kernel {
 public:
  explicit LogSumExpKernel(const KernelSpec& spec)
      : g_(make_reduce_geometry(spec.inputs[0].shape, spec.attrs.as<ops::ReduceAttrs>().axes)) {}

  void run(std::span<const void* const> in, std::span<void* const> out) override {
    const T* x = static_cast<const T*>(in[0]);
    T* y = static_cast<T*>(out[0]);
    int64_t outputs = g_.outputs(), rows = g_.rows(), inner = g_.inner;
    if (g_.elements == 0) {
      for (int64_t k = 0; k < outputs; ++k) y[k] = -std::numeric_limits<T>::infinity();
      return;
    }
    int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(g_.count, 1));
    if (!g_.column) {
      parallel_for(
          outputs,
          [&](int64_t k0, int64_t k1) {
            for (int64_t k = k0; k < k1; ++k) {
              const T* base = x + g_.base(k);
              T m = MaxOp<T>::identity();
              for (int64_t r = 0; r < rows; ++r)
                m = MaxOp<T>::merge(m, reduce_contiguous<MaxOp<T>>(base + g_.runs[r], inner));
              T shift = std::isfinite(m) ? m : T(0);
              double s = 0;
              for (int64_t r = 0; r < rows; ++r) {
                const T* p = base + g_.runs[static_cast<size_t>(r)];
                for (int64_t i = 0; i < inner; ++i) s += std::exp(double(p[i]) - double(shift));
              }
              y[k] = static_cast<T>(std::log(s) + double(shift));
            }
          },
          grain);
      return;
    }
    int64_t tiles = (inner + kTile - 1) / kTile;
    parallel_for(
        g_.outer * tiles,
        [&](int64_t t0, int64_t t1) {
          T shift[kTile];
          double sums[kTile];
          for (int64_t task = t0; task < t1; ++task) {
            int64_t k = task / tiles, i0 = (task % tiles) * kTile, w = std::min(kTile, inner - i0);
            const T* base = x + g_.base(k) + i0;
            for (int64_t i = 0; i < w; ++i) shift[i] = MaxOp<T>::identity();
            for (int64_t r = 0; r < rows; ++r) {
              const T* p = base + g_.runs[static_cast<size_t>(r)];
              for (int64_t i = 0; i < w; ++i) shift[i] = MaxOp<T>::combine(shift[i], p[i]);
            }
            for (int64_t i = 0; i < w; ++i) {
              if (!std::isfinite(shift[i])) shift[i] = T(0);
              sums[i] = 0;
            }
            for (int64_t r = 0; r < rows; ++r) {
              const T* p = base + g_.runs[static_cast<size_t>(r)];
              for (int64_t i = 0; i < w; ++i) sums[i] += std::exp(double(p[i]) - double(shift[i]));
            }
            T* out = y + k * inner + i0;
            for (int64_t i = 0; i < w; ++i)
              out[i] = static_cast<T>(std::log(sums[i]) + double(shift[i]));
          }
        },
        std::max<int64_t>(1, grain / kTile));
  }

 private:
  ReduceGeometry g_;
};

// argmax / argmin over one axis, the input seen as [outer, n, inner]. First index on ties; the
// first NaN wins, as in NumPy.
template <class T, bool kMax>
class ArgKernel final : public Kernel {
 public:
  explicit ArgKernel(const KernelSpec& spec) {
    const Shape& s = spec.inputs[0].shape;
    int axis = static_cast<int>(*spec.attrs.as<ops::ArgReduceAttrs>().axis);
    for (int a = 0; a < s.rank(); ++a) (a < axis ? outer_ : a > axis ? inner_ : n_) *= s[a];
  }

  static bool better(T x, T best) {
    return (kMax ? x > best : x < best) || (x != x && best == best);
  }

  void run(std::span<const void* const> in, std::span<void* const> out) override {
    const T* x = static_cast<const T*>(in[0]);
    int64_t* y = static_cast<int64_t*>(out[0]);
    int64_t n = n_, inner = inner_;
    if (inner == 1) {
      parallel_for(
          outer_,
          [&](int64_t k0, int64_t k1) {
            for (int64_t k = k0; k < k1; ++k) y[k] = arg_row(x + k * n, n);
          },
          std::max<int64_t>(1, kParallelGrain / n));
      return;
    }
    int64_t tiles = (inner + kTile - 1) / kTile;
    parallel_for(
        outer_ * tiles,
        [&](int64_t t0, int64_t t1) {
          T best[kTile];
          for (int64_t task = t0; task < t1; ++task) {
            int64_t k = task / tiles, i0 = (task % tiles) * kTile, w = std::min(kTile, inner - i0);
            const T* p = x + k * n * inner + i0;
            int64_t* idx = y + k * inner + i0;
            for (int64_t i = 0; i < w; ++i) {
              best[i] = p[i];
              idx[i] = 0;
            }
            for (int64_t r = 1; r < n; ++r) {
              const T* row = p + r * inner;
              for (int64_t i = 0; i < w; ++i) {
                bool b = better(row[i], best[i]);
                best[i] = b ? row[i] : best[i];
                idx[i] = b ? r : idx[i];
              }
            }
          }
        },
        std::max<int64_t>(1, kParallelGrain / (n * kTile)));
  }

 private:
  // Two passes, the first vectorized: the extreme value (NaN if any), then its first position.
  static int64_t arg_row(const T* p, int64_t n) {
    T extreme = kMax ? reduce_contiguous<MaxOp<T>>(p, n) : reduce_contiguous<MinOp<T>>(p, n);
    if (extreme != extreme) {
      for (int64_t i = 0; i < n; ++i)
        if (p[i] != p[i]) return i;
    }
    for (int64_t i = 0; i < n; ++i)
      if (p[i] == extreme) return i;
    return 0;
  }

  int64_t outer_ = 1, n_ = 1, inner_ = 1;
};

// reduce_grad: dy (the reduced shape) broadcast back over x's shape, divided by the count for a
// mean. Walks x's shape with the same geometry as the reduction, so dy is read in output order.
template <class T>
class ReduceGradKernel final : public Kernel {
 public:
  explicit ReduceGradKernel(const KernelSpec& spec)
      : g_(make_reduce_geometry(spec.inputs[1].shape, spec.attrs.as<ops::ReduceGradAttrs>().axes)) {
    scale_ = spec.attrs.as<ops::ReduceGradAttrs>().mean && g_.count > 0 ? T(1) / T(g_.count) : T(1);
  }

  void run(std::span<const void* const> in, std::span<void* const> out) override {
    const T* dy = static_cast<const T*>(in[0]);
    T* dx = static_cast<T*>(out[0]);
    if (g_.elements == 0) return;
    int64_t inner = g_.inner, rows = g_.rows();
    T scale = scale_;
    if (!g_.column) {
      parallel_for(
          g_.outer,
          [&](int64_t k0, int64_t k1) {
            for (int64_t k = k0; k < k1; ++k) {
              T v = dy[k] * scale;
              T* base = dx + g_.base(k);
              for (int64_t r = 0; r < rows; ++r) {
                T* p = base + g_.runs[static_cast<size_t>(r)];
                for (int64_t i = 0; i < inner; ++i) p[i] = v;
              }
            }
          },
          std::max<int64_t>(1, kParallelGrain / g_.count));
      return;
    }
    parallel_for(
        g_.outer * rows,
        [&](int64_t t0, int64_t t1) {
          for (int64_t t = t0; t < t1; ++t) {
            int64_t k = t / rows, r = t % rows;
            const T* src = dy + k * inner;
            T* p = dx + g_.base(k) + g_.runs[static_cast<size_t>(r)];
            for (int64_t i = 0; i < inner; ++i) p[i] = src[i] * scale;
          }
        },
        std::max<int64_t>(1, kParallelGrain / inner));
  }

 private:
  ReduceGeometry g_;
  T scale_ = 1;
};

template <template <class> class Op>
KernelFactory reduce_factory(bool mean = false) {
  return [mean](const KernelSpec& spec) -> std::unique_ptr<Kernel> {
    if (spec.dtype == DType::float64)
      return std::make_unique<ReduceKernel<double, Op<double>>>(spec, mean);
    return std::make_unique<ReduceKernel<float, Op<float>>>(spec, mean);
  };
}

template <template <class> class K>
KernelFactory float_factory() {
  return [](const KernelSpec& spec) -> std::unique_ptr<Kernel> {
    if (spec.dtype == DType::float64) return std::make_unique<K<double>>(spec);
    return std::make_unique<K<float>>(spec);
  };
}

template <class T>
using ArgMaxKernel = ArgKernel<T, true>;
template <class T>
using ArgMinKernel = ArgKernel<T, false>;

}  // namespace

void register_reduction_kernels(KernelTable& table) {
  const std::vector<DType> floats = {DType::float32, DType::float64};
  table.add("sum", floats, reduce_factory<SumOp>());
  table.add("mean", floats, reduce_factory<SumOp>(/*mean=*/true));
  table.add("max", floats, reduce_factory<MaxOp>());
  table.add("min", floats, reduce_factory<MinOp>());
  table.add("prod", floats, reduce_factory<ProdOp>());
  table.add("logsumexp", floats, float_factory<LogSumExpKernel>());
  table.add("argmax", floats, float_factory<ArgMaxKernel>());
  table.add("argmin", floats, float_factory<ArgMinKernel>());
  table.add("reduce_grad", floats, float_factory<ReduceGradKernel>());
}

}  // namespace keras::backend::cpu
