// cpu shape and data-movement kernels. They move elements by size (1, 2, 4 or 8 bytes), so one
// implementation serves every dtype; only gather_grad adds numbers and one_hot writes them.
#include <algorithm>
#include <cstring>

#include "keras/backend/cpu/cpu_backend.h"
#include "keras/backend/cpu/element_bits.h"
#include "keras/backend/cpu/kernels.h"
#include "keras/backend/cpu/parallel.h"
#include "keras/backend/cpu/shape_copy.h"
#include "keras/backend/cpu/shape_transpose.h"
#include "keras/core/tensor.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::cpu {

namespace {

using Ints = std::vector<int64_t>;
using In = std::span<const void* const>;
using Out = std::span<void* const>;

const std::vector<DType> kAllDtypes = {DType::float16,  DType::float32, DType::float64,
                                       DType::bfloat16, DType::int32,   DType::int64,
                                       DType::uint8,    DType::bool_};

int64_t element_bytes(const TensorMeta& meta) {
  return static_cast<int64_t>(size_of(meta.dtype));
}

template <class F>
decltype(auto) visit_index(DType dtype, F&& f) {
  if (dtype == DType::int32) return f(int32_t{});
  return f(int64_t{});
}

// Product of dims[begin, end).
int64_t product(const Shape& s, int begin, int end) {
  int64_t n = 1;
  for (int a = begin; a < end; ++a) n *= s[a];
  return n;
}

// reshape, reshape_like, expand_dims, squeeze: declared in place, so the planner may hand the
// same buffer in and out; otherwise the elements are copied as they are.
std::unique_ptr<Kernel> make_relabel(const KernelSpec& spec) {
  int64_t bytes = static_cast<int64_t>(spec.inputs[0].bytes());
  return make_function_kernel([bytes](In in, Out out) {
    if (out[0] != in[0]) parallel_copy(out[0], in[0], bytes);
  });
}

std::unique_ptr<Kernel> make_transpose(const KernelSpec& spec) {
  auto t =
      std::make_shared<Transpose>(spec.inputs[0].shape, spec.attrs.as<ops::TransposeAttrs>().perm,
                                  element_bytes(spec.inputs[0]));
  return make_function_kernel([t](In in, Out out) { t->run(in[0], out[0]); });
}

// concat and split: the big tensor is [outer, sum of pieces along the axis x inner]; each piece
// owns a contiguous chunk of every outer row.
struct Pieces {
  int64_t outer = 1, row = 0;
  Ints chunk, offset;  // bytes per outer row, and where the piece starts in the big row
  Pieces(const Shape& big, const std::vector<TensorMeta>& pieces, int axis, int64_t bytes) {
    outer = product(big, 0, axis);
    int64_t inner = product(big, axis + 1, big.rank()) * bytes;
    for (const TensorMeta& p : pieces) {
      offset.push_back(row);
      chunk.push_back(p.shape[axis] * inner);
      row += chunk.back();
    }
  }
  // copy(big_byte_offset, piece, piece_byte_offset, bytes)
  template <class F>
  void each(F&& copy) const {
    size_t n = chunk.size();
    if (outer == 1) {
      for (size_t i = 0; i < n; ++i) copy(offset[i], i, int64_t{0}, chunk[i], true);
      return;
    }
    parallel_for(
        outer,
        [&](int64_t o0, int64_t o1) {
          for (int64_t o = o0; o < o1; ++o)
            for (size_t i = 0; i < n; ++i)
              copy(o * row + offset[i], i, o * chunk[i], chunk[i], false);
        },
        std::max<int64_t>(1, kCopyGrain / std::max<int64_t>(row, 1)));
  }
};

std::unique_ptr<Kernel> make_concat(const KernelSpec& spec) {
  int axis = static_cast<int>(spec.attrs.as<ops::AxisAttrs>().axis);
  Pieces p(spec.outputs[0].shape, spec.inputs, axis, element_bytes(spec.inputs[0]));
  return make_function_kernel([p](In in, Out out) {
    auto* dst = static_cast<uint8_t*>(out[0]);
    p.each([&](int64_t at, size_t i, int64_t from, int64_t bytes, bool threaded) {
      const auto* src = static_cast<const uint8_t*>(in[i]) + from;
      if (threaded)
        parallel_copy(dst + at, src, bytes);
      else
        std::memcpy(dst + at, src, static_cast<size_t>(bytes));
    });
  });
}

std::unique_ptr<Kernel> make_split(const KernelSpec& spec) {
  int axis = static_cast<int>(spec.attrs.as<ops::SplitAttrs>().axis);
  Pieces p(spec.inputs[0].shape, spec.outputs, axis, element_bytes(spec.inputs[0]));
  return make_function_kernel([p](In in, Out out) {
    const auto* src = static_cast<const uint8_t*>(in[0]);
    p.each([&](int64_t at, size_t i, int64_t to, int64_t bytes, bool threaded) {
      auto* dst = static_cast<uint8_t*>(out[i]) + to;
      if (threaded)
        parallel_copy(dst, src + at, bytes);
      else
        std::memcpy(dst, src + at, static_cast<size_t>(bytes));
    });
  });
}

std::unique_ptr<Kernel> make_slice(const KernelSpec& spec) {
  const Shape &in = spec.inputs[0].shape, &out = spec.outputs[0].shape;
  auto box = std::make_shared<BoxCopy>(in, spec.attrs.as<ops::SliceAttrs>().begin, out,
                                       Ints(static_cast<size_t>(out.rank()), 0), out.dims(),
                                       element_bytes(spec.inputs[0]));
  return make_function_kernel([box](In in, Out out) { box->run(in[0], out[0]); });
}

std::unique_ptr<Kernel> make_slice_grad(const KernelSpec& spec) {
  const Shape &dy = spec.inputs[0].shape, &ref = spec.outputs[0].shape;
  int64_t bytes = element_bytes(spec.inputs[0]), count = ref.num_elements();
  auto box =
      std::make_shared<BoxCopy>(dy, Ints(static_cast<size_t>(dy.rank()), 0), ref,
                                spec.attrs.as<ops::SliceGradAttrs>().begin, dy.dims(), bytes);
  return make_function_kernel([box, bytes, count](In in, Out out) {
    const uint64_t zero = 0;
    parallel_fill(out[0], &zero, bytes, count);
    box->run(in[0], out[0]);
  });
}

std::unique_ptr<Kernel> make_pad(const KernelSpec& spec) {
  const Shape &in = spec.inputs[0].shape, &out = spec.outputs[0].shape;
  const auto& p = spec.attrs.as<ops::PadAttrs>();
  const Ints& pads = p.paddings;
  Ints before;
  for (int a = 0; a < in.rank(); ++a) before.push_back(pads[2 * static_cast<size_t>(a)]);
  int64_t bytes = element_bytes(spec.inputs[0]), count = out.num_elements();
  auto box = std::make_shared<BoxCopy>(in, Ints(static_cast<size_t>(in.rank()), 0), out, before,
                                       in.dims(), bytes);
  uint64_t pattern = 0;  // the constant as one element of the dtype
  double value = p.constant_value;
  convert_elements(&value, DType::float64, &pattern, spec.inputs[0].dtype, 1);
  return make_function_kernel([box, bytes, count, pattern](In in, Out out) {
    parallel_fill(out[0], &pattern, bytes, count);
    box->run(in[0], out[0]);
  });
}

// gather: params seen as [outer, n, inner], indices flattened to m; output [outer, m, inner].
struct GatherGeometry {
  int64_t outer, n, inner, m;
  int axis;
  GatherGeometry(const KernelSpec& spec, const Shape& params) {
    axis = static_cast<int>(spec.attrs.as<ops::AxisAttrs>().axis);
    outer = product(params, 0, axis);
    n = params[axis];
    inner = product(params, axis + 1, params.rank());
    m = spec.inputs[1].shape.num_elements();
  }
  // Throws before anything is written: an index outside [0, n).
  template <class I>
  void validate(const I* indices, const char* op) const {
    for (int64_t k = 0; k < m; ++k)
      if (indices[k] < 0 || indices[k] >= n)
        throw ValueError(str("op '", op, "': index ", int64_t(indices[k]), " (position ", k,
                             " of the indices) is out of range for axis ", axis, " of size ", n,
                             " (expected 0 <= index < ", n, ")"));
  }
};

template <class U, class I>
std::unique_ptr<Kernel> make_gather_typed(const GatherGeometry& g) {
  return make_function_kernel([g](In in, Out out) {
    const U* params = static_cast<const U*>(in[0]);
    const I* indices = static_cast<const I*>(in[1]);
    U* dst = static_cast<U*>(out[0]);
    g.validate(indices, "gather");
    int64_t inner = g.inner, n = g.n, m = g.m;
    parallel_for(
        g.outer * m,
        [&](int64_t r0, int64_t r1) {
          for (int64_t r = r0; r < r1; ++r) {
            int64_t o = r / m, k = r % m;
            const U* row = params + (o * n + static_cast<int64_t>(indices[k])) * inner;
            std::copy_n(row, inner, dst + r * inner);  // axis 0: one row copy per index
          }
        },
        std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(inner, 1)));
  });
}

std::unique_ptr<Kernel> make_gather(const KernelSpec& spec) {
  GatherGeometry g(spec, spec.inputs[0].shape);
  return visit_element_bits(static_cast<std::size_t>(element_bytes(spec.inputs[0])),
                            [&](auto bits) {
                              return visit_index(spec.inputs[1].dtype, [&](auto index) {
                                return make_gather_typed<decltype(bits), decltype(index)>(g);
                              });
                            });
}

// gather_grad: zeros shaped like ref, then dy's rows added at their indices. Threads own disjoint
// ranges of destination rows (each scans every index), so repeated indices never race and the
// sums come out in index order: deterministic.
template <class T, class I>
std::unique_ptr<Kernel> make_gather_grad_typed(const GatherGeometry& g) {
  return make_function_kernel([g](In in, Out out) {
    const T* dy = static_cast<const T*>(in[0]);
    const I* indices = static_cast<const I*>(in[1]);
    T* dx = static_cast<T*>(out[0]);
    g.validate(indices, "gather_grad");
    int64_t inner = g.inner, n = g.n, m = g.m, outer = g.outer;
    const uint64_t zero = 0;
    parallel_fill(dx, &zero, sizeof(T), outer * n * inner);
    bool big = m * inner * outer > kParallelGrain;
    auto add_rows = [&](int64_t o, int64_t lo, int64_t hi) {
      const T* src = dy + o * m * inner;
      T* base = dx + o * n * inner;
      for (int64_t k = 0; k < m; ++k) {
        int64_t row = static_cast<int64_t>(indices[k]);
        if (row < lo || row >= hi) continue;
        T* d = base + row * inner;
        const T* s = src + k * inner;
        for (int64_t i = 0; i < inner; ++i) d[i] += s[i];
      }
    };
    if (outer >= num_threads() || !big) {
      parallel_for(
          outer,
          [&](int64_t o0, int64_t o1) {
            for (int64_t o = o0; o < o1; ++o) add_rows(o, 0, n);
          },
          big ? 1 : outer);
      return;
    }
    for (int64_t o = 0; o < outer; ++o)
      parallel_for(
          n, [&](int64_t lo, int64_t hi) { add_rows(o, lo, hi); }, 1);
  });
}

std::unique_ptr<Kernel> make_gather_grad(const KernelSpec& spec) {
  GatherGeometry g(spec, spec.outputs[0].shape);
  return visit_index(spec.inputs[1].dtype, [&](auto index) -> std::unique_ptr<Kernel> {
    using I = decltype(index);
    if (spec.inputs[0].dtype == DType::float64) return make_gather_grad_typed<double, I>(g);
    return make_gather_grad_typed<float, I>(g);
  });
}

// one_hot: zeros, then the element 1 (in the output dtype) where the index is in [0, depth).
template <class U, class I>
std::unique_ptr<Kernel> make_one_hot_typed(int64_t m, int64_t depth, U one) {
  return make_function_kernel([m, depth, one](In in, Out out) {
    const I* indices = static_cast<const I*>(in[0]);
    U* dst = static_cast<U*>(out[0]);
    const uint64_t zero = 0;
    parallel_fill(dst, &zero, sizeof(U), m * depth);
    for (int64_t k = 0; k < m; ++k) {
      int64_t index = static_cast<int64_t>(indices[k]);
      if (index >= 0 && index < depth) dst[k * depth + index] = one;
    }
  });
}

std::unique_ptr<Kernel> make_one_hot(const KernelSpec& spec) {
  int64_t m = spec.inputs[0].shape.num_elements(), depth = *spec.attrs.as<ops::OneHotAttrs>().depth;
  DType dtype = spec.outputs[0].dtype;
  return visit_element_bits(size_of(dtype), [&](auto bits) {
    using U = decltype(bits);
    U one{};
    double value = 1.0;
    convert_elements(&value, DType::float64, &one, dtype, 1);
    return visit_index(spec.inputs[0].dtype, [&](auto index) {
      return make_one_hot_typed<U, decltype(index)>(m, depth, one);
    });
  });
}

}  // namespace

void register_shape_kernels(KernelTable& table) {
  for (const char* op : {"reshape", "reshape_like", "expand_dims", "squeeze"})
    table.add(op, kAllDtypes, make_relabel);
  table.add("transpose", kAllDtypes, make_transpose);
  table.add("concat", kAllDtypes, make_concat);
  table.add("split", kAllDtypes, make_split);
  table.add("slice", kAllDtypes, make_slice);
  table.add("slice_grad", kAllDtypes, make_slice_grad);
  table.add("pad", kAllDtypes, make_pad);
  table.add("gather", kAllDtypes, make_gather);
  table.add("gather_grad", {DType::float32, DType::float64}, make_gather_grad);
  table.add("one_hot", {DType::int32, DType::int64}, make_one_hot);
}

}  // namespace keras::backend::cpu
