// Shape and data-movement ops on ATen: copies through views (narrow, permute, expand), gather as
// index_select, its gradient as index_add (sequential in index order: deterministic), one_hot as a
// comparison with the class indices. Every dtype, as the cpu backend.
#include "keras/backend/torch/aten_kernel.h"
#include "keras/core/error.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend::torch {

namespace {

using Ints = std::vector<int64_t>;

int64_t product(const Shape& s, int begin, int end) {
  int64_t n = 1;
  for (int a = begin; a < end; ++a) n *= s[a];
  return n;
}

// `out` narrowed to the box at `begin` with the sizes of `box`.
at::Tensor box_of(at::Tensor out, const Ints& begin, at::IntArrayRef box) {
  for (size_t a = 0; a < begin.size(); ++a)
    out = out.narrow(static_cast<int64_t>(a), begin[a], box[a]);
  return out;
}

// gather's geometry: params as [outer, n, inner], indices flattened to m.
struct Gather {
  int64_t outer, n, inner, m, axis;
  Gather(const KernelSpec& spec, const Shape& params) {
    axis = spec.attrs.as<ops::AxisAttrs>().axis;
    int a = static_cast<int>(axis);
    outer = product(params, 0, a);
    n = params[a];
    inner = product(params, a + 1, params.rank());
    m = spec.inputs[1].shape.num_elements();
  }
  // The indices as int64 [m]; throws ValueError (before anything is written) on one outside
  // [0, n), with the cpu backend's message.
  at::Tensor checked(const at::Tensor& indices, const char* op) const {
    at::Tensor flat = indices.reshape({m}).to(at::kLong);
    if (m == 0) return flat;
    at::Tensor bad = (flat < 0).logical_or_(flat >= n);
    if (bad.any().item<bool>()) {
      int64_t k = bad.nonzero()[0][0].item<int64_t>();
      throw ValueError(str("op '", op, "': index ", flat[k].item<int64_t>(), " (position ", k,
                           " of the indices) is out of range for axis ", axis, " of size ", n,
                           " (expected 0 <= index < ", n, ")"));
    }
    return flat;
  }
};

void register_copies(KernelTable& table) {
  // Declared in place: the planner may hand the same buffer in and out.
  for (const char* op : {"reshape", "reshape_like", "expand_dims", "squeeze"})
    add(table, op, kAllDtypes, [](const KernelSpec&) -> Body {
      return [](Views& in, Views& out) {
        if (in[0].data_ptr() != out[0].data_ptr()) out[0].view(-1).copy_(in[0].view(-1));
      };
    });
  add(table, "transpose", kAllDtypes, [](const KernelSpec& spec) -> Body {
    Ints perm = spec.attrs.as<ops::TransposeAttrs>().perm;
    return [perm](Views& in, Views& out) { out[0].copy_(in[0].permute(perm)); };
  });
  add(table, "concat", kAllDtypes, [](const KernelSpec& spec) -> Body {
    int64_t axis = spec.attrs.as<ops::AxisAttrs>().axis;
    return [axis](Views& in, Views& out) {
      int64_t at = 0;
      for (const at::Tensor& piece : in) {
        out[0].narrow(axis, at, piece.size(axis)).copy_(piece);
        at += piece.size(axis);
      }
    };
  });
  add(table, "split", kAllDtypes, [](const KernelSpec& spec) -> Body {
    int64_t axis = spec.attrs.as<ops::SplitAttrs>().axis;
    return [axis](Views& in, Views& out) {
      int64_t at = 0;
      for (at::Tensor& piece : out) {
        piece.copy_(in[0].narrow(axis, at, piece.size(axis)));
        at += piece.size(axis);
      }
    };
  });
  add(table, "slice", kAllDtypes, [](const KernelSpec& spec) -> Body {
    Ints begin = spec.attrs.as<ops::SliceAttrs>().begin;
    return [begin](Views& in, Views& out) { out[0].copy_(box_of(in[0], begin, out[0].sizes())); };
  });
  add(table, "slice_grad", kAllDtypes, [](const KernelSpec& spec) -> Body {
    Ints begin = spec.attrs.as<ops::SliceGradAttrs>().begin;
    DType dtype = spec.outputs[0].dtype;
    return [begin, dtype](Views& in, Views& out) {
      fill_converted(out[0], dtype, 0.0);
      box_of(out[0], begin, in[0].sizes()).copy_(in[0]);
    };
  });
  add(table, "pad", kAllDtypes, [](const KernelSpec& spec) -> Body {
    const auto& p = spec.attrs.as<ops::PadAttrs>();
    Ints before;
    for (int a = 0; a < spec.inputs[0].shape.rank(); ++a)
      before.push_back(p.paddings[2 * static_cast<size_t>(a)]);
    double value = p.constant_value;
    DType dtype = spec.inputs[0].dtype;
    return [before, value, dtype](Views& in, Views& out) {
      fill_converted(out[0], dtype, value);
      box_of(out[0], before, in[0].sizes()).copy_(in[0]);
    };
  });
}

void register_indexing(KernelTable& table) {
  add(table, "gather", kAllDtypes, [](const KernelSpec& spec) -> Body {
    Gather g(spec, spec.inputs[0].shape);
    return [g](Views& in, Views& out) {
      at::Tensor index = g.checked(in[1], "gather");
      at::Tensor y = out[0].view({g.outer, g.m, g.inner});
      at::index_select_out(y, in[0].view({g.outer, g.n, g.inner}), 1, index);
    };
  });
  add(table, "gather_grad", kFloatDtypes, [](const KernelSpec& spec) -> Body {
    Gather g(spec, spec.outputs[0].shape);
    return [g](Views& in, Views& out) {
      at::Tensor index = g.checked(in[1], "gather_grad");
      at::Tensor dx = out[0].view({g.outer, g.n, g.inner});
      dx.zero_();
      dx.index_add_(1, index, in[0].view({g.outer, g.m, g.inner}));
    };
  });
  // one_hot: row k is (k's index == class) for every class, converted to the output dtype; an
  // index outside [0, depth) matches no class, so its row is all zero (as Keras).
  add(table, "one_hot", {DType::int32, DType::int64}, [](const KernelSpec& spec) -> Body {
    int64_t m = spec.inputs[0].shape.num_elements(),
            depth = *spec.attrs.as<ops::OneHotAttrs>().depth;
    at::Tensor classes = at::arange(depth, at::TensorOptions().dtype(at::kLong));
    return [m, depth, classes](Views& in, Views& out) {
      out[0].view({m, depth}).copy_(in[0].reshape({m, 1}).to(at::kLong) == classes);
    };
  });
}

}  // namespace

void register_shape_kernels(KernelTable& table) {
  register_copies(table);
  register_indexing(table);
}

}  // namespace keras::backend::torch
