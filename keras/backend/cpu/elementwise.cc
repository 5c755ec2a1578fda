// CPU kernels of the elementwise ops: unary math and activations, unary_grad, binary ops with
// broadcasting, comparisons, where, broadcast_like, sum_to_like, cast and fill_like.
//
// One generic loop per kind of op, instantiated with the functors of elementwise_functors.h; the
// loops are plain contiguous loops that GCC vectorizes (-O3 -march=native), transcendental
// functions included (elementwise_math.h). For float32, oneDNN's JIT eltwise primitives replace
// the loop where they measured faster (1.2x-1.6x, 64k elements, one thread: exp, sigmoid, elu,
// exact gelu and its derivative); for relu-like ops, tanh, tanh-gelu, silu and every other
// derivative our loops were as fast or faster. (oneDNN 2.6's soft_relu was faster too, but it
// returns -2e-6 instead of ~1e-8 for x near -20, so softplus stays ours.) Broadcasting follows the
// plans of broadcast.h. Kernels run on raw pointers and allocate nothing; unary kernels accept
// output == input (the ops are in-place) and unary_grad output == dy.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "keras/backend/cpu/broadcast.h"
#include "keras/backend/cpu/dnnl_context.h"
#include "keras/backend/cpu/element_bits.h"
#include "keras/backend/cpu/elementwise_functors.h"
#include "keras/backend/cpu/kernels.h"
#include "keras/backend/cpu/parallel.h"
#include "keras/core/tensor.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::cpu {

namespace {

using Inputs = std::span<const void* const>;
using Outputs = std::span<void* const>;

const std::vector<DType> kFloat = {DType::float32, DType::float64};
const std::vector<DType> kAllDtypes = {DType::float16, DType::bfloat16, DType::float32,
                                       DType::float64, DType::int32,    DType::int64,
                                       DType::uint8,   DType::bool_};

// Transcendental loops cost ~10x a load and a store per element: split them across threads sooner.
constexpr int64_t kHeavyGrain = 1 << 12;
constexpr int64_t kSqrtBlock = 256;

// --- Unary ----------------------------------------------------------------------------------

template <class Op, class T>
void forward_range(const T* x, T* y, int64_t n, const fn::UnaryParams<T> p) {
  if constexpr (Op::kSqrt) {
    T s[kSqrtBlock];
    for (int64_t i = 0; i < n; i += kSqrtBlock) {
      int64_t len = std::min(kSqrtBlock, n - i);
      vm::sqrt_block(x + i, s, len);
      for (int64_t j = 0; j < len; ++j) y[i + j] = Op::fwd(x[i + j], s[j], p);
    }
  } else {
    for (int64_t i = 0; i < n; ++i) y[i] = Op::fwd(x[i], p);
  }
}

template <class Op, class T>
void backward_range(const T* x, const T* dy, T* dx, int64_t n, const fn::UnaryParams<T> p) {
  if constexpr (Op::kSqrt) {
    T s[kSqrtBlock];
    for (int64_t i = 0; i < n; i += kSqrtBlock) {
      int64_t len = std::min(kSqrtBlock, n - i);
      vm::sqrt_block(x + i, s, len);
      for (int64_t j = 0; j < len; ++j) dx[i + j] = Op::bwd(x[i + j], s[j], dy[i + j], p);
    }
  } else {
    for (int64_t i = 0; i < n; ++i) dx[i] = Op::bwd(x[i], dy[i], p);
  }
}

template <class Op, class T>
std::unique_ptr<Kernel> typed_unary_kernel(int64_t n, const fn::UnaryParams<double>& attrs,
                                           bool backward) {
  fn::UnaryParams<T> p{static_cast<T>(attrs.a), static_cast<T>(attrs.b)};
  int64_t grain = Op::kHeavy ? kHeavyGrain : kParallelGrain;
  if (!backward)
    return make_function_kernel([n, p, grain](Inputs in, Outputs out) {
      const T* x = static_cast<const T*>(in[0]);
      T* y = static_cast<T*>(out[0]);
      parallel_for(
          n, [&](int64_t b, int64_t e) { forward_range<Op, T>(x + b, y + b, e - b, p); }, grain);
    });
  return make_function_kernel([n, p, grain](Inputs in, Outputs out) {
    const T* x = static_cast<const T*>(in[0]);
    const T* dy = static_cast<const T*>(in[1]);
    T* dx = static_cast<T*>(out[0]);
    parallel_for(
        n, [&](int64_t b, int64_t e) { backward_range<Op, T>(x + b, dy + b, dx + b, e - b, p); },
        grain);
  });
}

// Calls f(functor) with the functor of unary op `op` (gelu picks its form by `approximate`).
template <class F>
std::unique_ptr<Kernel> visit_unary(const std::string& op, const ops::Attrs& attrs, F&& f) {
  if (op == "neg") return f(fn::Neg{});
  if (op == "abs") return f(fn::Abs{});
  if (op == "sign") return f(fn::Sign{});
  if (op == "exp") return f(fn::Exp{});
  if (op == "log") return f(fn::Log{});
  if (op == "sqrt") return f(fn::Sqrt{});
  if (op == "rsqrt") return f(fn::Rsqrt{});
  if (op == "square") return f(fn::Square{});
  if (op == "tanh") return f(fn::Tanh{});
  if (op == "sigmoid") return f(fn::Sigmoid{});
  if (op == "relu") return f(fn::Relu{});
  if (op == "relu6") return f(fn::Relu6{});
  if (op == "leaky_relu") return f(fn::LeakyRelu{});
  if (op == "elu") return f(fn::Elu{});
  if (op == "selu") return f(fn::Selu{});
  if (op == "gelu") {
    if (attrs.as<ops::GeluAttrs>().approximate) return f(fn::GeluTanh{});
    return f(fn::GeluErf{});
  }
  if (op == "softplus") return f(fn::Softplus{});
  if (op == "softsign") return f(fn::Softsign{});
  if (op == "silu") return f(fn::Silu{});
  if (op == "hard_sigmoid") return f(fn::HardSigmoid{});
  if (op == "clip") return f(fn::Clip{});
  if (op == "identity") return f(fn::Identity{});
  if (op == "stop_gradient") return f(fn::StopGradient{});
  throw ValueError(str("unary_grad: no derivative for '", op, "'"));
}

fn::UnaryParams<double> unary_params(const std::string& op, const ops::Attrs& a) {
  if (op == "leaky_relu") return {a.as<ops::LeakyReluAttrs>().alpha, 0.0};
  if (op == "elu") return {a.as<ops::EluAttrs>().alpha, 0.0};
  if (op == "hard_sigmoid") {
    const auto& h = a.as<ops::HardSigmoidAttrs>();
    return {h.slope, h.offset};
  }
  if (op == "clip") {
    const auto& c = a.as<ops::ClipAttrs>();
    return {*c.min, *c.max};
  }
  return {};
}

// The oneDNN eltwise algorithm that computes `op` (forward, or its derivative for unary_grad)
// faster than our float32 loop; none where ours is as fast.
std::optional<dnnl::algorithm> dnnl_algorithm(const std::string& op, const ops::Attrs& attrs,
                                              bool backward) {
  if (op == "gelu" && !attrs.as<ops::GeluAttrs>().approximate)
    return dnnl::algorithm::eltwise_gelu_erf;  // forward and derivative
  if (backward) return std::nullopt;
  if (op == "exp") return dnnl::algorithm::eltwise_exp;
  if (op == "sigmoid") return dnnl::algorithm::eltwise_logistic;
  if (op == "elu") return dnnl::algorithm::eltwise_elu;
  return std::nullopt;
}

// A float32 eltwise primitive over the flat tensor. Forward: (x) -> y; backward: (x, dy) -> dx.
class DnnlEltwiseKernel final : public Kernel {
 public:
  DnnlEltwiseKernel(dnnl::algorithm algorithm, float alpha, int64_t n, bool backward)
      : backward_(backward) {
    dnnl::memory::desc md({n}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
    dnnl::primitive_attr attr = dnnl_default_attr();
    auto prop = backward ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
    dnnl::eltwise_forward::primitive_desc forward(
        dnnl::eltwise_forward::desc(prop, algorithm, md, alpha, 0.f), attr, dnnl_engine());
    if (!backward) {
      call_ = DnnlCall(dnnl::eltwise_forward(forward), forward.scratchpad_desc());
      slots_[0] = call_.add(DNNL_ARG_SRC, md);
      slots_[1] = call_.add(DNNL_ARG_DST, md);
      return;
    }
    dnnl::eltwise_backward::primitive_desc pd(
        dnnl::eltwise_backward::desc(algorithm, md, md, alpha, 0.f), attr, dnnl_engine(), forward);
    call_ = DnnlCall(dnnl::eltwise_backward(pd), pd.scratchpad_desc());
    slots_[0] = call_.add(DNNL_ARG_SRC, md);
    slots_[1] = call_.add(DNNL_ARG_DIFF_DST, md);
    slots_[2] = call_.add(DNNL_ARG_DIFF_SRC, md);
  }

  void run(Inputs in, Outputs out) override {
    call_.set(slots_[0], in[0]);
    if (backward_) {
      call_.set(slots_[1], in[1]);
      call_.set(slots_[2], out[0]);
    } else {
      call_.set(slots_[1], out[0]);
    }
    call_.execute();
  }

 private:
  bool backward_;
  DnnlCall call_;
  int slots_[3] = {};
};

// Unary op `op` with its attributes `attrs` (forward), or its derivative (backward: unary_grad).
std::unique_ptr<Kernel> make_unary_kernel(const KernelSpec& spec, const std::string& op,
                                          const ops::Attrs& attrs, bool backward) {
  fn::UnaryParams<double> p = unary_params(op, attrs);
  if (spec.dtype == DType::float32 && spec.outputs[0].size() > 0) {
    if (auto algorithm = dnnl_algorithm(op, attrs, backward))
      return std::make_unique<DnnlEltwiseKernel>(*algorithm, static_cast<float>(p.a),
                                                 spec.outputs[0].size(), backward);
  }
  int64_t n = spec.outputs[0].size();
  bool single = spec.dtype == DType::float32;
  return visit_unary(op, attrs, [&](auto functor) {
    using Op = decltype(functor);
    return single ? typed_unary_kernel<Op, float>(n, p, backward)
                  : typed_unary_kernel<Op, double>(n, p, backward);
  });
}

// identity / stop_gradient on any dtype: a copy, or nothing when run in place.
std::unique_ptr<Kernel> make_copy_kernel(const KernelSpec& spec) {
  std::size_t bytes = spec.outputs[0].bytes();
  return make_function_kernel([bytes](Inputs in, Outputs out) {
    if (in[0] == out[0] || bytes == 0) return;
    const auto* src = static_cast<const uint8_t*>(in[0]);
    auto* dst = static_cast<uint8_t*>(out[0]);
    parallel_for(
        static_cast<int64_t>(bytes),
        [&](int64_t b, int64_t e) { std::memcpy(dst + b, src + b, static_cast<size_t>(e - b)); },
        int64_t{1} << 18);
  });
}

// --- Binary ---------------------------------------------------------------------------------
// Own loops rather than oneDNN's binary primitive: after axis merging the shapes that matter
// (same shape, scalar, bias row) are single contiguous runs that already move data at memory
// speed (add of two 128x512 float32 tensors: 6-7 us on one thread), and oneDNN 2.6 has no float64
// or int64 binary kernels, which would need these loops anyway.

template <class Op, class T, class Out>
void binary_run(const T* a, const T* b, Out* y, int64_t n, bool a_steps, bool b_steps) {
  if (a_steps && b_steps) {
    for (int64_t i = 0; i < n; ++i) y[i] = Op::f(a[i], b[i]);
  } else if (a_steps) {
    const T s = *b;
    for (int64_t i = 0; i < n; ++i) y[i] = Op::f(a[i], s);
  } else if (b_steps) {
    const T s = *a;
    for (int64_t i = 0; i < n; ++i) y[i] = Op::f(s, b[i]);
  } else {
    const Out v = Op::f(*a, *b);
    for (int64_t i = 0; i < n; ++i) y[i] = v;
  }
}

template <class Op, class T>
std::unique_ptr<Kernel> typed_binary_kernel(const KernelSpec& spec) {
  using Out = decltype(Op::f(T{}, T{}));
  auto plan =
      make_broadcast_plan<2>(spec.outputs[0].shape, {spec.inputs[0].shape, spec.inputs[1].shape});
  int64_t grain = std::is_same_v<Op, fn::Pow> ? kHeavyGrain : kParallelGrain;
  return make_function_kernel([plan, grain](Inputs in, Outputs out) {
    const T* a = static_cast<const T*>(in[0]);
    const T* b = static_cast<const T*>(in[1]);
    Out* y = static_cast<Out*>(out[0]);
    parallel_for(
        plan.total,
        [&](int64_t begin, int64_t end) {
          for_each_run(plan, begin, end,
                       [&](int64_t pos, const std::array<int64_t, 2>& at, int64_t len) {
                         binary_run<Op, T, Out>(a + at[0], b + at[1], y + pos, len,
                                                plan.inner_steps[0], plan.inner_steps[1]);
                       });
        },
        grain);
  });
}

template <class Op, class... Ts>
void add_binary(KernelTable& table, const char* name) {
  table.add(name, {dtype_of<Ts>()...}, [](const KernelSpec& spec) {
    std::unique_ptr<Kernel> kernel;
    ((spec.dtype == dtype_of<Ts>() ? (void)(kernel = typed_binary_kernel<Op, Ts>(spec)) : void()),
     ...);
    return kernel;
  });
}

template <class Op>
void add_comparison(KernelTable& table, const char* name) {
  add_binary<Op, float, double, int32_t, int64_t, bool>(table, name);
}

// --- where, broadcast_like ----------------------------------------------------------------

template <class E, bool C, bool X, bool Y>
void where_run(const uint8_t* c, const E* x, const E* y, E* out, int64_t n) {
  // A bitwise blend: with a select GCC sees conditional loads and will not vectorize.
  for (int64_t i = 0; i < n; ++i) {
    E mask = static_cast<E>(E(0) - E(c[C ? i : 0] != 0));
    out[i] = static_cast<E>((x[X ? i : 0] & mask) | (y[Y ? i : 0] & static_cast<E>(~mask)));
  }
}

template <class E>
std::unique_ptr<Kernel> typed_where_kernel(const KernelSpec& spec) {
  auto plan = make_broadcast_plan<3>(
      spec.outputs[0].shape, {spec.inputs[0].shape, spec.inputs[1].shape, spec.inputs[2].shape});
  using Run = void (*)(const uint8_t*, const E*, const E*, E*, int64_t);
  constexpr Run runs[8] = {where_run<E, 0, 0, 0>, where_run<E, 0, 0, 1>, where_run<E, 0, 1, 0>,
                           where_run<E, 0, 1, 1>, where_run<E, 1, 0, 0>, where_run<E, 1, 0, 1>,
                           where_run<E, 1, 1, 0>, where_run<E, 1, 1, 1>};
  Run run = runs[plan.inner_steps[0] * 4 + plan.inner_steps[1] * 2 + plan.inner_steps[2]];
  return make_function_kernel([plan, run](Inputs in, Outputs out) {
    const auto* c = static_cast<const uint8_t*>(in[0]);
    const E* x = static_cast<const E*>(in[1]);
    const E* y = static_cast<const E*>(in[2]);
    E* o = static_cast<E*>(out[0]);
    parallel_for(plan.total, [&](int64_t begin, int64_t end) {
      for_each_run(plan, begin, end,
                   [&](int64_t pos, const std::array<int64_t, 3>& at, int64_t len) {
                     run(c + at[0], x + at[1], y + at[2], o + pos, len);
                   });
    });
  });
}

template <class E>
std::unique_ptr<Kernel> typed_broadcast_kernel(const KernelSpec& spec) {
  auto plan = make_broadcast_plan<1>(spec.outputs[0].shape, {spec.inputs[0].shape});
  return make_function_kernel([plan](Inputs in, Outputs out) {
    const E* x = static_cast<const E*>(in[0]);
    E* y = static_cast<E*>(out[0]);
    parallel_for(plan.total, [&](int64_t begin, int64_t end) {
      for_each_run(plan, begin, end,
                   [&](int64_t pos, const std::array<int64_t, 1>& at, int64_t len) {
                     if (plan.inner_steps[0]) {
                       std::memcpy(y + pos, x + at[0], static_cast<size_t>(len) * sizeof(E));
                     } else {
                       const E v = x[at[0]];
                       E* dst = y + pos;
                       for (int64_t i = 0; i < len; ++i) dst[i] = v;
                     }
                   });
    });
  });
}

// --- sum_to_like ----------------------------------------------------------------------------

// float32 sums accumulate in double: a bias gradient adds up a whole batch, and a float running
// sum over thousands of rows drifts by ~1e-4 relative. Converting costs nothing next to the loads.
template <class T>
using SumAcc = std::conditional_t<std::is_same_v<T, float>, double, T>;

// Sum of n contiguous values with 16 independent partial sums, so the loop vectorizes without
// reassociation flags (and rounds better than one running sum).
template <class T>
SumAcc<T> contiguous_sum(const T* x, int64_t n) {
  constexpr int kLanes = 16;
  SumAcc<T> acc[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; ++j) acc[j] += x[i + j];
  SumAcc<T> total = 0;
  for (; i < n; ++i) total += x[i];
  for (int j = 0; j < kLanes; ++j) total += acc[j];
  return total;
}

template <class T>
std::unique_ptr<Kernel> typed_sum_to_kernel(const KernelSpec& spec) {
  SumToPlan plan = make_sum_to_plan(spec.inputs[0].shape, spec.outputs[0].shape);
  return make_function_kernel([plan](Inputs in, Outputs out) {
    const T* x = static_cast<const T*>(in[0]);
    T* y = static_cast<T*>(out[0]);
    if (plan.out_size == 0) return;
    if (!plan.any_summed) {  // nothing was broadcast: a copy
      if (x != y)
        parallel_for(plan.out_size, [&](int64_t b, int64_t e) {
          std::memcpy(y + b, x + b, static_cast<size_t>(e - b) * sizeof(T));
        });
      return;
    }
    // Threads split the outputs; each output costs in_size / out_size additions.
    int64_t grain =
        std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, plan.in_size / plan.out_size));
    if (plan.inner_kept) {
      // Rows of `inner` outputs; each is the sum over the summed axes of input rows.
      constexpr int64_t kBlock = 64;
      parallel_for(
          plan.out_size,
          [&](int64_t begin, int64_t end) {
            int64_t pos = begin;
            while (pos < end) {
              int64_t row = pos / plan.inner, col = pos % plan.inner;
              int64_t len = std::min(plan.inner - col, end - pos);
              const T* base = x + plan.kept.offset_of(row) + col;
              for (int64_t c0 = 0; c0 < len; c0 += kBlock) {
                int64_t w = std::min(kBlock, len - c0);
                SumAcc<T> acc[kBlock] = {};
                plan.summed.for_each([&](int64_t off) {
                  const T* src = base + off + c0;
                  for (int64_t j = 0; j < w; ++j) acc[j] += src[j];
                });
                for (int64_t j = 0; j < w; ++j) y[pos + c0 + j] = static_cast<T>(acc[j]);
              }
              pos += len;
            }
          },
          grain);
    } else {
      // Each output sums contiguous runs of `inner` inputs (one per position of the other
      // summed axes).
      parallel_for(
          plan.out_size,
          [&](int64_t begin, int64_t end) {
            for (int64_t o = begin; o < end; ++o) {
              const T* base = x + plan.kept.offset_of(o);
              SumAcc<T> total = 0;
              plan.summed.for_each(
                  [&](int64_t off) { total += contiguous_sum(base + off, plan.inner); });
              y[o] = static_cast<T>(total);
            }
          },
          grain);
    }
  });
}

template <class... Ts>
void add_sum_to(KernelTable& table) {
  table.add("sum_to_like", {dtype_of<Ts>()...}, [](const KernelSpec& spec) {
    std::unique_ptr<Kernel> kernel;
    ((spec.dtype == dtype_of<Ts>() ? (void)(kernel = typed_sum_to_kernel<Ts>(spec)) : void()), ...);
    return kernel;
  });
}

// --- cast, fill_like --------------------------------------------------------------------------

std::unique_ptr<Kernel> make_cast_kernel(const KernelSpec& spec) {
  DType from = spec.inputs[0].dtype, to = spec.outputs[0].dtype;
  int64_t n = spec.outputs[0].size();
  std::size_t in_size = size_of(from), out_size = size_of(to);
  return make_function_kernel([=](Inputs in, Outputs out) {
    const auto* src = static_cast<const uint8_t*>(in[0]);
    auto* dst = static_cast<uint8_t*>(out[0]);
    parallel_for(n, [&](int64_t b, int64_t e) {
      convert_elements(src + static_cast<size_t>(b) * in_size, from,
                       dst + static_cast<size_t>(b) * out_size, to, e - b);
    });
  });
}

std::unique_ptr<Kernel> make_fill_kernel(const KernelSpec& spec) {
  const TensorMeta& meta = spec.outputs[0];
  double value = *spec.attrs.as<ops::FillLikeAttrs>().value;
  uint64_t pattern = 0;  // the value's bits in the output dtype
  convert_elements(&value, DType::float64, &pattern, meta.dtype, 1);
  int64_t n = meta.size();
  return visit_element_bits(size_of(meta.dtype), [&](auto e) {
    using E = decltype(e);
    E v;
    std::memcpy(&v, &pattern, sizeof(E));
    return make_function_kernel([n, v](Inputs, Outputs out) {
      E* y = static_cast<E*>(out[0]);
      parallel_for(n, [&](int64_t b, int64_t end) {
        for (int64_t i = b; i < end; ++i) y[i] = v;
      });
    });
  });
}

}  // namespace

void register_elementwise_kernels(KernelTable& table) {
  for (const char* op :
       {"neg",    "abs",  "sign",     "exp",      "log",   "sqrt",         "rsqrt",
        "square", "tanh", "sigmoid",  "relu",     "relu6", "leaky_relu",   "elu",
        "selu",   "gelu", "softplus", "softsign", "silu",  "hard_sigmoid", "clip"}) {
    std::string name = op;
    table.add(name, kFloat, [name](const KernelSpec& spec) {
      return make_unary_kernel(spec, name, spec.attrs, false);
    });
  }
  table.add("unary_grad", kFloat, [](const KernelSpec& spec) {
    const auto& a = spec.attrs.as<ops::UnaryGradAttrs>();
    return make_unary_kernel(spec, a.fn, a.fn_attrs, true);
  });
  table.add("identity", kAllDtypes, make_copy_kernel);
  table.add("stop_gradient", kAllDtypes, make_copy_kernel);

  add_binary<fn::Add, float, double, int32_t, int64_t>(table, "add");
  add_binary<fn::Sub, float, double, int32_t, int64_t>(table, "sub");
  add_binary<fn::Mul, float, double, int32_t, int64_t>(table, "mul");
  add_binary<fn::Div, float, double>(table, "div");
  add_binary<fn::Pow, float, double>(table, "pow");
  add_binary<fn::Maximum, float, double, int32_t, int64_t>(table, "maximum");
  add_binary<fn::Minimum, float, double, int32_t, int64_t>(table, "minimum");
  add_comparison<fn::Equal>(table, "equal");
  add_comparison<fn::NotEqual>(table, "not_equal");
  add_comparison<fn::Less>(table, "less");
  add_comparison<fn::LessEqual>(table, "less_equal");
  add_comparison<fn::Greater>(table, "greater");
  add_comparison<fn::GreaterEqual>(table, "greater_equal");

  table.add("where", kAllDtypes, [](const KernelSpec& spec) {
    return visit_element_bits(size_of(spec.dtype),
                              [&](auto e) { return typed_where_kernel<decltype(e)>(spec); });
  });
  table.add("broadcast_like", kAllDtypes, [](const KernelSpec& spec) {
    return visit_element_bits(size_of(spec.dtype),
                              [&](auto e) { return typed_broadcast_kernel<decltype(e)>(spec); });
  });
  add_sum_to<float, double, int32_t, int64_t>(table);
  table.add("cast", kAllDtypes, make_cast_kernel);
  table.add("fill_like", kAllDtypes, make_fill_kernel);
}

}  // namespace keras::backend::cpu
