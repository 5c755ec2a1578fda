// matmul, dense (matmul + bias + activation) and activation_grad on the cpu backend.
// float32 runs on oneDNN: its matmul primitive, created once per kernel for the concrete shapes
// (transposes as memory-descriptor strides, broadcast batch dimensions as size-1 dimensions, the
// dense bias and activation as bias argument and eltwise post-op), or its sgemm where that is
// faster (see MatmulDnnl). bfloat16 and float16 run on the same primitive in those types, which
// accumulates in float32 and rounds the result once (bias and activation applied before the
// rounding), where oneDNN has the kernel for this CPU; otherwise, and for empty products, on the
// float32 kernel between conversions (keras/backend/half_promotion.h). float64 runs on our
// GemmF64: oneDNN has no f64 matmul on CPU.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "keras/backend/cpu/dnnl_context.h"
#include "keras/backend/cpu/gemm_f64.h"
#include "keras/backend/cpu/kernels.h"
#include "keras/backend/cpu/parallel.h"
#include "keras/backend/half_promotion.h"
#include "keras/core/error.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::cpu {

namespace {

using dims = dnnl::memory::dims;

// The shapes of one matmul: batch dimensions broadcast, operands as stored.
struct MatmulGeometry {
  int64_t m = 0, n = 0, k = 0;
  bool transpose_a = false, transpose_b = false;
  std::vector<int64_t> batch, a_batch, b_batch;  // a_batch/b_batch: 1 where broadcast

  explicit MatmulGeometry(const KernelSpec& spec) {
    const Shape& a = spec.inputs[0].shape;
    const Shape& b = spec.inputs[1].shape;
    const Shape& c = spec.outputs[0].shape;
    const auto& t = spec.attrs.as<ops::MatmulAttrs>();
    transpose_a = t.transpose_a;
    transpose_b = t.transpose_b;
    m = c.dim(-2);
    n = c.dim(-1);
    k = transpose_a ? a.dim(-2) : a.dim(-1);
    // Batch dimensions, simplified: size-1 output dimensions dropped, and neighbours merged when
    // each operand is broadcast along both or along neither (their elements stay contiguous).
    // This keeps oneDNN within its 12 dimensions and shortens the float64 offset table setup.
    int rank = c.rank() - 2;
    bool last_a = false, last_b = false;
    for (int i = 0; i < rank; ++i) {
      if (c[i] == 1) continue;
      int ia = a.rank() - 2 - rank + i, ib = b.rank() - 2 - rank + i;
      bool full_a = ia >= 0 && a[ia] != 1, full_b = ib >= 0 && b[ib] != 1;
      if (!batch.empty() && full_a == last_a && full_b == last_b) {
        batch.back() *= c[i];
        if (full_a) a_batch.back() *= c[i];
        if (full_b) b_batch.back() *= c[i];
        continue;
      }
      batch.push_back(c[i]);
      a_batch.push_back(full_a ? c[i] : 1);
      b_batch.push_back(full_b ? c[i] : 1);
      last_a = full_a;
      last_b = full_b;
    }
    // [batch, M, K] @ [K, N] is one [batch*M, K] @ [K, N] product: bigger tiles, one call.
    if (batch.size() == 1 && !transpose_a && a_batch[0] == batch[0] && b_batch[0] == 1) {
      m *= batch[0];
      batch.clear();
      a_batch.clear();
      b_batch.clear();
    }
  }
  int64_t batch_count() const {
    int64_t count = 1;
    for (int64_t d : batch) count *= d;
    return count;
  }
  bool empty() const { return m == 0 || n == 0 || batch_count() == 0; }
};

// Row-major strides of a batch of matrices stored [batch..., rows, cols].
std::vector<int64_t> batch_strides(const std::vector<int64_t>& batch, int64_t matrix_size) {
  std::vector<int64_t> strides(batch.size());
  int64_t stride = matrix_size;
  for (size_t i = batch.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= batch[i];
  }
  return strides;
}

// A oneDNN descriptor for a logical [batch..., rows, cols] operand stored [batch..., rows, cols]
// row-major, or [batch..., cols, rows] when `transposed`.
dnnl::memory::desc matrix_desc(const std::vector<int64_t>& batch, int64_t rows, int64_t cols,
                               bool transposed,
                               dnnl::memory::data_type type = dnnl::memory::data_type::f32) {
  dims shape(batch.begin(), batch.end()), strides = batch_strides(batch, rows * cols);
  shape.push_back(rows);
  shape.push_back(cols);
  if (transposed) {
    strides.push_back(1);
    strides.push_back(rows);
  } else {
    strides.push_back(cols);
    strides.push_back(1);
  }
  return dnnl::memory::desc(shape, type, strides);
}

dnnl::memory::data_type dnnl_type(DType dtype) {
  switch (dtype) {
    case DType::bfloat16:
      return dnnl::memory::data_type::bf16;
    case DType::float16:
      return dnnl::memory::data_type::f16;
    default:
      return dnnl::memory::data_type::f32;
  }
}

using Activation = ops::FusedActivation;

template <class T>
T activate(Activation act, T x) {
  switch (act) {
    case Activation::linear:
      return x;
    case Activation::relu:
      return x > T(0) ? x : T(0);
    case Activation::sigmoid:
      return T(1) / (T(1) + std::exp(-x));
    case Activation::tanh:
      return std::tanh(x);
  }
  return x;
}

// --- matmul ------------------------------------------------------------------------------------

// Single products with B as stored (not transposed) go to oneDNN's GEMM (dnnl_sgemm): measured
// here 5-12% faster than the matmul primitive for those (e.g. 2048^3: about 370 vs 330 GFLOP/s
// on 2 threads). Batched products and transposed B go to the matmul primitive, which wins there.
class MatmulDnnl final : public Kernel {
 public:
  explicit MatmulDnnl(const KernelSpec& spec) {
    MatmulGeometry g(spec);
    const dnnl::memory::data_type type = dnnl_type(spec.dtype);
    if (g.empty()) return;
    if (g.k == 0) {
      mode_ = Mode::zeros;
      zero_bytes_ = spec.outputs[0].bytes();
      return;
    }
    if (g.batch.empty() && !g.transpose_b && spec.dtype == DType::float32) {
      mode_ = Mode::sgemm;
      m_ = g.m;
      n_ = g.n;
      k_ = g.k;
      transpose_a_ = g.transpose_a;
      return;
    }
    if (g.batch.size() > DNNL_MAX_NDIMS - 2)
      throw NotImplementedError(str("matmul: the cpu backend's oneDNN kernel takes at most ",
                                    DNNL_MAX_NDIMS - 2, " batch dimensions that broadcast ",
                                    "differently; got a ", spec.inputs[0].shape, " and b ",
                                    spec.inputs[1].shape));
    auto src = matrix_desc(g.a_batch, g.m, g.k, g.transpose_a, type);
    auto weights = matrix_desc(g.b_batch, g.k, g.n, g.transpose_b, type);
    auto dst = matrix_desc(g.batch, g.m, g.n, false, type);
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(src, weights, dst), dnnl_default_attr(),
                                    dnnl_engine());
    implementation_ = pd.impl_info_str();
    call_ = DnnlCall(dnnl::matmul(pd), pd.scratchpad_desc());
    call_.add(DNNL_ARG_SRC, src);
    call_.add(DNNL_ARG_WEIGHTS, weights);
    call_.add(DNNL_ARG_DST, dst);
    mode_ = Mode::primitive;
  }
  void run(std::span<const void* const> in, std::span<void* const> out) override {
    switch (mode_) {
      case Mode::empty:
        return;
      case Mode::zeros:
        std::memset(out[0], 0, zero_bytes_);
        return;
      case Mode::sgemm: {
        dnnl_status_t status =
            dnnl_sgemm(transpose_a_ ? 'T' : 'N', 'N', m_, n_, k_, 1.0f,
                       static_cast<const float*>(in[0]), transpose_a_ ? m_ : k_,
                       static_cast<const float*>(in[1]), n_, 0.0f, static_cast<float*>(out[0]), n_);
        KERAS_ASSERT(status == dnnl_success, "dnnl_sgemm failed with status ", int(status));
        return;
      }
      case Mode::primitive:
        call_.set(0, in[0]);
        call_.set(1, in[1]);
        call_.set(2, out[0]);
        call_.execute();
        return;
    }
  }
  // oneDNN's name of the primitive's implementation (empty for sgemm and degenerate shapes).
  const std::string& implementation() const { return implementation_; }

 private:
  enum class Mode { empty, zeros, sgemm, primitive };
  Mode mode_ = Mode::empty;
  std::size_t zero_bytes_ = 0;
  int64_t m_ = 0, n_ = 0, k_ = 0;
  bool transpose_a_ = false;
  DnnlCall call_;
  std::string implementation_;
};

std::unique_ptr<GemmF64> make_gemm_f64(const MatmulGeometry& g) {
  GemmLayout la = g.transpose_a ? GemmLayout{1, g.m} : GemmLayout{g.k, 1};
  GemmLayout lb = g.transpose_b ? GemmLayout{1, g.k} : GemmLayout{g.n, 1};
  auto a_strides = batch_strides(g.a_batch, g.m * g.k);
  auto b_strides = batch_strides(g.b_batch, g.k * g.n);
  std::vector<GemmBatchOffsets> offsets;
  int64_t count = g.batch_count();
  std::vector<int64_t> index(g.batch.size(), 0);
  for (int64_t i = 0; i < count; ++i) {
    GemmBatchOffsets off;
    off.c = i * g.m * g.n;
    for (size_t d = 0; d < index.size(); ++d) {
      if (g.a_batch[d] != 1) off.a += index[d] * a_strides[d];
      if (g.b_batch[d] != 1) off.b += index[d] * b_strides[d];
    }
    offsets.push_back(off);
    for (size_t d = index.size(); d-- > 0;) {  // odometer over the batch dimensions
      if (++index[d] < g.batch[d]) break;
      index[d] = 0;
    }
  }
  return std::make_unique<GemmF64>(g.m, g.n, g.k, la, lb, std::move(offsets));
}

class MatmulF64 final : public Kernel {
 public:
  explicit MatmulF64(const KernelSpec& spec) {
    MatmulGeometry g(spec);
    if (!g.empty()) gemm_ = make_gemm_f64(g);
  }
  void run(std::span<const void* const> in, std::span<void* const> out) override {
    if (gemm_)
      gemm_->run(static_cast<const double*>(in[0]), static_cast<const double*>(in[1]),
                 static_cast<double*>(out[0]));
  }

 private:
  std::unique_ptr<GemmF64> gemm_;
};

// --- dense -------------------------------------------------------------------------------------

// x [..., K] viewed as [M, K]; kernel [K, N]; bias [N].
struct DenseGeometry {
  int64_t m = 1, k, n;
  bool has_bias;
  Activation activation;
  explicit DenseGeometry(const KernelSpec& spec)
      : k(spec.inputs[1].shape[0]),
        n(spec.inputs[1].shape[1]),
        has_bias(spec.inputs.size() > 2),
        activation(spec.attrs.as<ops::FusedActivationAttrs>().activation) {
    const Shape& x = spec.inputs[0].shape;
    for (int i = 0; i + 1 < x.rank(); ++i) m *= x[i];
  }
};

// out[i, :] = act(out[i, :] + bias) (or act(bias) when `fresh`, for K = 0).
template <class T>
void dense_epilogue(T* out, const T* bias, int64_t m, int64_t n, Activation act, bool fresh) {
  parallel_for(
      m,
      [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
          T* row = out + i * n;
          for (int64_t j = 0; j < n; ++j) {
            T v = fresh ? T(0) : row[j];
            if (bias) v += bias[j];
            row[j] = activate(act, v);
          }
        }
      },
      std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, n)));
}

class DenseDnnl final : public Kernel {
 public:
  explicit DenseDnnl(const KernelSpec& spec) : g_(spec) {
    if (g_.m == 0 || g_.n == 0 || g_.k == 0) return;
    const dnnl::memory::data_type type = dnnl_type(spec.dtype);
    auto src = matrix_desc({}, g_.m, g_.k, false, type);
    auto weights = matrix_desc({}, g_.k, g_.n, false, type);
    auto dst = matrix_desc({}, g_.m, g_.n, false, type);
    dnnl::memory::desc bias =
        g_.has_bias ? matrix_desc({}, 1, g_.n, false, type) : dnnl::memory::desc();
    dnnl::primitive_attr attr = dnnl_default_attr();
    if (g_.activation != Activation::linear) {
      dnnl::post_ops post;
      dnnl::algorithm alg = g_.activation == Activation::relu ? dnnl::algorithm::eltwise_relu
                            : g_.activation == Activation::sigmoid
                                ? dnnl::algorithm::eltwise_logistic
                                : dnnl::algorithm::eltwise_tanh;
      post.append_eltwise(1.0f, alg, 0.0f, 0.0f);
      attr.set_post_ops(post);
    }
    auto desc = g_.has_bias ? dnnl::matmul::desc(src, weights, bias, dst)
                            : dnnl::matmul::desc(src, weights, dst);
    dnnl::matmul::primitive_desc pd(desc, attr, dnnl_engine());
    implementation_ = pd.impl_info_str();
    call_ = DnnlCall(dnnl::matmul(pd), pd.scratchpad_desc());
    call_.add(DNNL_ARG_SRC, src);
    call_.add(DNNL_ARG_WEIGHTS, weights);
    call_.add(DNNL_ARG_DST, dst);
    if (g_.has_bias) call_.add(DNNL_ARG_BIAS, bias);
    ready_ = true;
  }
  void run(std::span<const void* const> in, std::span<void* const> out) override {
    if (!ready_) {  // an empty product: act(bias) when K = 0, nothing when there is no output
      dense_epilogue(static_cast<float*>(out[0]),
                     g_.has_bias ? static_cast<const float*>(in[2]) : nullptr, g_.m, g_.n,
                     g_.activation, true);
      return;
    }
    call_.set(0, in[0]);
    call_.set(1, in[1]);
    call_.set(2, out[0]);
    if (g_.has_bias) call_.set(3, in[2]);
    call_.execute();
  }
  const std::string& implementation() const { return implementation_; }

 private:
  DenseGeometry g_;
  DnnlCall call_;
  bool ready_ = false;
  std::string implementation_;
};

class DenseF64 final : public Kernel {
 public:
  explicit DenseF64(const KernelSpec& spec) : g_(spec) {
    if (g_.m > 0 && g_.n > 0)
      gemm_ = std::make_unique<GemmF64>(g_.m, g_.n, g_.k, GemmLayout{g_.k, 1}, GemmLayout{g_.n, 1});
  }
  void run(std::span<const void* const> in, std::span<void* const> out) override {
    if (!gemm_) return;
    auto* y = static_cast<double*>(out[0]);
    gemm_->run(static_cast<const double*>(in[0]), static_cast<const double*>(in[1]), y);
    const double* bias = g_.has_bias ? static_cast<const double*>(in[2]) : nullptr;
    if (bias || g_.activation != Activation::linear)
      dense_epilogue(y, bias, g_.m, g_.n, g_.activation, false);
  }

 private:
  DenseGeometry g_;
  std::unique_ptr<GemmF64> gemm_;
};

// --- activation_grad ---------------------------------------------------------------------------

// dy * f'(x) computed from y = f(x); `out` may alias `dy`.
template <class T>
void activation_grad(Activation act, const T* dy, const T* y, T* out, int64_t size) {
  parallel_for(size, [&](int64_t begin, int64_t end) {
    switch (act) {
      case Activation::linear:
        for (int64_t i = begin; i < end; ++i) out[i] = dy[i];
        break;
      case Activation::relu:
        // dy is read on every lane (not only where y > 0) so that the loop vectorizes: a load
        // under the condition keeps GCC scalar, with a mispredicted branch per element.
        for (int64_t i = begin; i < end; ++i) {
          T g = dy[i];
          out[i] = y[i] > T(0) ? g : T(0);
        }
        break;
      case Activation::sigmoid:
        for (int64_t i = begin; i < end; ++i) out[i] = dy[i] * y[i] * (T(1) - y[i]);
        break;
      case Activation::tanh:
        for (int64_t i = begin; i < end; ++i) out[i] = dy[i] * (T(1) - y[i] * y[i]);
        break;
    }
  });
}

// A bfloat16 / float16 product on oneDNN's primitive in that type when oneDNN runs it on AMX
// tiles; otherwise the float32 kernel between conversions. Measured with build/bench/matmul_bench
// on this project's machine (AVX-512 with avx512_bf16, no AMX; oneDNN 2.6): the bf16 brgemm
// kernel reaches 160 GFLOP/s (128x784x512 to 2048^3, B plain or reordered to oneDNN's blocked
// layout alike), the float32 GEMM 315 and float32 between conversions 210; oneDNN 2.6 has no
// float16 matmul for this CPU. Degenerate shapes (an empty product) take the float32 path too.
template <class Native>
std::unique_ptr<Kernel> narrow_kernel(const KernelSpec& spec, bool degenerate,
                                      const KernelFactory& float_factory) {
  if (!degenerate) {
    try {
      auto native = std::make_unique<Native>(spec);
      if (native->implementation().find("amx") != std::string::npos) return native;
    } catch (const dnnl::error&) {  // no kernel in this type for this CPU
    }
  }
  return make_half_promoted_kernel(spec, float_factory);
}

}  // namespace

void register_linalg_kernels(KernelTable& table) {
  KernelFactory matmul_float = [](const KernelSpec& spec) -> std::unique_ptr<Kernel> {
    if (spec.dtype == DType::float32) return std::make_unique<MatmulDnnl>(spec);
    return std::make_unique<MatmulF64>(spec);
  };
  KernelFactory dense_float = [](const KernelSpec& spec) -> std::unique_ptr<Kernel> {
    if (spec.dtype == DType::float32) return std::make_unique<DenseDnnl>(spec);
    return std::make_unique<DenseF64>(spec);
  };
  table.add("matmul", {DType::float32, DType::float64}, matmul_float);
  table.add("dense", {DType::float32, DType::float64}, dense_float);
  table.add("matmul", {DType::bfloat16, DType::float16}, [matmul_float](const KernelSpec& spec) {
    return narrow_kernel<MatmulDnnl>(spec, MatmulGeometry(spec).empty(), matmul_float);
  });
  table.add("dense", {DType::bfloat16, DType::float16}, [dense_float](const KernelSpec& spec) {
    DenseGeometry g(spec);
    return narrow_kernel<DenseDnnl>(spec, g.m == 0 || g.n == 0 || g.k == 0, dense_float);
  });
  table.add("activation_grad", {DType::float32, DType::float64}, [](const KernelSpec& spec) {
    Activation act = spec.attrs.as<ops::FusedActivationAttrs>().activation;
    int64_t size = spec.outputs[0].size();
    return visit_dtype(spec.dtype, [&](auto zero) -> std::unique_ptr<Kernel> {
      using T = decltype(zero);
      if constexpr (std::is_floating_point_v<T>) {
        return make_function_kernel([act, size](auto in, auto out) {
          activation_grad(act, static_cast<const T*>(in[0]), static_cast<const T*>(in[1]),
                          static_cast<T*>(out[0]), size);
        });
      } else {
        KERAS_UNREACHABLE("activation_grad has no kernel for ", spec.dtype);
      }
    });
  });
}

}  // namespace keras::backend::cpu
