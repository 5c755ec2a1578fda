// Shape and data-movement ops: reshape, reshape_like, expand_dims, squeeze, transpose, concat,
// split, slice, slice_grad, pad, gather, gather_grad, one_hot. Every rule accepts unknown (-1)
// dimensions: they stay unknown in the output unless an attribute fixes them, and checks that
// need a known size are left to the run-time inference, where every shape is known.
#include <algorithm>
#include <numeric>

#include "keras/ops/defs/rules.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops::detail {

namespace {

using Ints = std::vector<int64_t>;

bool known(int64_t d) {
  return d >= 0;
}

void expect_axis(int64_t axis, int rank, std::string_view op, const Shape& shape) {
  if (axis < 0 || axis >= rank)
    throw ValueError(str("op '", op, "': axis ", axis, " is out of range for an input of shape ",
                         shape, " (rank ", rank, ")"));
}

// Sorted, unique, each in [0, limit).
void expect_axes(const Ints& axes, int limit, std::string_view op, std::string_view what) {
  for (size_t i = 0; i < axes.size(); ++i) {
    if (axes[i] < 0 || axes[i] >= limit)
      throw ValueError(
          str("op '", op, "': ", what, " ", axes[i], " is out of range [0, ", limit, ")"));
    if (i > 0 && axes[i] <= axes[i - 1])
      throw ValueError(str("op '", op, "': ", what, "s must be sorted and unique, got ", axes[i],
                           " after ", axes[i - 1]));
  }
}

void expect_length(const Ints& values, size_t n, std::string_view op, std::string_view attr,
                   const Shape& shape) {
  if (values.size() != n)
    throw ValueError(str("op '", op, "': attribute '", attr, "' needs ", n,
                         " values for an input of shape ", shape, ", got ", values.size()));
}

// Known-element product of a shape (unknown dimensions skipped) and whether any was unknown.
std::pair<int64_t, bool> known_product(const Shape& s) {
  int64_t n = 1;
  bool unknown = false;
  for (int64_t d : s) {
    if (known(d))
      n *= d;
    else
      unknown = true;
  }
  return {n, unknown};
}

Tensor undefined() {
  return Tensor();
}

// The gradient of ops that only re-label x's elements: dy given x's shape back.
std::vector<Tensor> reshape_back(const GradContext& c) {
  return {call1("reshape_like", {c.output_grads[0], c.inputs[0]})};
}

std::vector<TensorMeta> infer_reshape(std::span<const TensorMeta> in, const Attrs& attrs) {
  const Ints& target = attrs.as<ReshapeAttrs>().shape;
  const Shape& s = in[0].shape;
  int free_axis = -1;
  int64_t fixed = 1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1) {
      if (free_axis >= 0)
        throw ValueError(str("op 'reshape': at most one dimension of the new shape may be -1, got ",
                             Shape(target)));
      free_axis = static_cast<int>(i);
    } else if (target[i] < 0) {
      throw ValueError(
          str("op 'reshape': invalid dimension ", target[i], " in the new shape ", Shape(target)));
    } else {
      fixed *= target[i];
    }
  }
  Ints out = target;
  auto [n, unknown] = known_product(s);
  if (!unknown) {
    if (free_axis >= 0) {
      if (fixed == 0 || n % fixed != 0)
        throw ValueError(str("op 'reshape': cannot reshape a tensor of shape ", s, " (", n,
                             " elements) into shape ", Shape(target)));
      out[static_cast<size_t>(free_axis)] = n / fixed;
    } else if (fixed != n) {
      throw ValueError(str("op 'reshape': cannot reshape a tensor of shape ", s, " (", n,
                           " elements) into shape ", Shape(target), " (", fixed, " elements)"));
    }
  } else if (free_axis < 0 && n != 0 && fixed % n != 0) {
    // The unknown batch multiplies n; a fixed target must be a multiple of it.
    throw ValueError(str("op 'reshape': cannot reshape a tensor of shape ", s, " into shape ",
                         Shape(target), " (", fixed, " elements is not a multiple of ", n, ")"));
  }
  // With an unknown input dimension the -1 of the target absorbs it and stays unknown.
  return {{in[0].dtype, Shape(std::move(out))}};
}

std::vector<TensorMeta> infer_squeeze(std::span<const TensorMeta> in, const Attrs& attrs) {
  const Shape& s = in[0].shape;
  Ints axes = attrs.as<AxesAttrs>().axes;
  expect_axes(axes, s.rank(), "squeeze", "axis");
  if (axes.empty())  // every axis of size 1
    for (int a = 0; a < s.rank(); ++a)
      if (s[a] == 1) axes.push_back(a);
  Ints out;
  for (int a = 0; a < s.rank(); ++a) {
    if (!std::binary_search(axes.begin(), axes.end(), int64_t{a})) {
      out.push_back(s[a]);
    } else if (s[a] != 1 && known(s[a])) {
      throw ValueError(str("op 'squeeze': cannot squeeze axis ", a, " of shape ", s,
                           ": its size is ", s[a], ", not 1"));
    }
  }
  return {{in[0].dtype, Shape(std::move(out))}};
}

std::vector<TensorMeta> infer_concat(std::span<const TensorMeta> in, const Attrs& attrs) {
  const Shape& first = in[0].shape;
  int64_t axis = attrs.as<AxisAttrs>().axis;
  expect_axis(axis, first.rank(), "concat", first);
  Ints out = first.dims();
  int ax = static_cast<int>(axis);
  for (size_t i = 1; i < in.size(); ++i) {
    const Shape& s = in[i].shape;
    if (in[i].dtype != in[0].dtype)
      throw TypeError(str("op 'concat': all inputs must share a dtype; input 0 is ", in[0].dtype,
                          ", input ", i, " is ", in[i].dtype));
    if (s.rank() != first.rank())
      throw ValueError(str("op 'concat': all inputs must have the same rank; input 0 has shape ",
                           first, ", input ", i, " has shape ", s));
    for (int a = 0; a < s.rank(); ++a) {
      int64_t& d = out[static_cast<size_t>(a)];
      if (a == ax) {
        d = known(d) && known(s[a]) ? d + s[a] : Shape::kUnknown;
      } else if (known(d) && known(s[a]) && d != s[a]) {
        throw ValueError(str("op 'concat': input shapes must match except along axis ", axis,
                             "; input 0 has shape ", first, ", input ", i, " has shape ", s));
      } else if (!known(d)) {
        d = s[a];
      }
    }
  }
  return {{in[0].dtype, Shape(std::move(out))}};
}

std::vector<TensorMeta> infer_split(std::span<const TensorMeta> in, const Attrs& attrs) {
  const Shape& s = in[0].shape;
  const auto& a = attrs.as<SplitAttrs>();
  int64_t axis = a.axis;
  expect_axis(axis, s.rank(), "split", s);
  const Ints& sizes = a.sizes;
  if (sizes.empty()) throw ValueError("op 'split': attribute 'sizes' is empty");
  int rest = -1;  // one size may be -1: whatever is left (as TensorFlow's split)
  int64_t total = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1 && rest < 0)
      rest = static_cast<int>(i);
    else if (sizes[i] < 0)
      throw ValueError(
          str("op 'split': invalid sizes ", Shape(sizes), " (sizes are >= 0; one may be -1)"));
    else
      total += sizes[i];
  }
  int64_t dim = s[static_cast<int>(axis)];
  Ints pieces = sizes;
  if (known(dim)) {
    if (rest >= 0 ? total > dim : total != dim)
      throw ValueError(str("op 'split': sizes ", Shape(sizes), " do not add up to ", dim,
                           ", the size of axis ", axis, " of shape ", s));
    if (rest >= 0) pieces[static_cast<size_t>(rest)] = dim - total;
  }
  std::vector<TensorMeta> out;
  for (int64_t piece : pieces) {
    Ints dims = s.dims();
    dims[static_cast<size_t>(axis)] = piece;
    out.push_back({in[0].dtype, Shape(std::move(dims))});
  }
  return out;
}

std::vector<TensorMeta> infer_slice(std::span<const TensorMeta> in, const Attrs& attrs) {
  const Shape& s = in[0].shape;
  const Ints& begin = attrs.as<SliceAttrs>().begin;
  const Ints& size = attrs.as<SliceAttrs>().size;
  expect_length(begin, static_cast<size_t>(s.rank()), "slice", "begin", s);
  expect_length(size, static_cast<size_t>(s.rank()), "slice", "size", s);
  Ints out(begin.size());
  for (int a = 0; a < s.rank(); ++a) {
    int64_t b = begin[static_cast<size_t>(a)], n = size[static_cast<size_t>(a)], d = s[a];
    bool bad = b < 0 || n < -1 || (known(d) && (b > d || (n >= 0 && b + n > d)));
    if (bad)
      throw ValueError(str("op 'slice': the box begin ", Shape(begin), " size ", Shape(size),
                           " does not fit in a tensor of shape ", s, " (axis ", a, ")"));
    out[static_cast<size_t>(a)] = n >= 0 ? n : (known(d) ? d - b : Shape::kUnknown);
  }
  return {{in[0].dtype, Shape(std::move(out))}};
}

std::vector<TensorMeta> infer_slice_grad(std::span<const TensorMeta> in, const Attrs& attrs) {
  const Shape &dy = in[0].shape, &ref = in[1].shape;
  const Ints& begin = attrs.as<SliceGradAttrs>().begin;
  if (dy.rank() != ref.rank())
    throw ValueError(str("op 'slice_grad': dy of shape ", dy, " and ref of shape ", ref,
                         " must have the same rank"));
  expect_length(begin, static_cast<size_t>(ref.rank()), "slice_grad", "begin", ref);
  for (int a = 0; a < ref.rank(); ++a) {
    int64_t b = begin[static_cast<size_t>(a)];
    if (b < 0 || (known(dy[a]) && known(ref[a]) && b + dy[a] > ref[a]))
      throw ValueError(str("op 'slice_grad': dy of shape ", dy, " at begin ", Shape(begin),
                           " does not fit in shape ", ref));
  }
  return {{in[0].dtype, ref}};
}

std::vector<TensorMeta> infer_pad(std::span<const TensorMeta> in, const Attrs& attrs) {
  const Shape& s = in[0].shape;
  const Ints& pads = attrs.as<PadAttrs>().paddings;
  expect_length(pads, 2 * static_cast<size_t>(s.rank()), "pad", "paddings", s);
  Ints out = s.dims();
  for (int a = 0; a < s.rank(); ++a) {
    int64_t before = pads[2 * static_cast<size_t>(a)], after = pads[2 * static_cast<size_t>(a) + 1];
    if (before < 0 || after < 0)
      throw ValueError(
          str("op 'pad': paddings must be >= 0, got (", before, ", ", after, ") for axis ", a));
    if (known(s[a])) out[static_cast<size_t>(a)] += before + after;
  }
  return {{in[0].dtype, Shape(std::move(out))}};
}

// params.shape[:axis] + indices.shape + params.shape[axis+1:]
Shape gathered_shape(const Shape& params, const Shape& indices, int axis) {
  Ints out(params.begin(), params.begin() + axis);
  out.insert(out.end(), indices.begin(), indices.end());
  out.insert(out.end(), params.begin() + axis + 1, params.end());
  return Shape(std::move(out));
}

std::vector<TensorMeta> infer_gather(std::span<const TensorMeta> in, const Attrs& attrs) {
  const Shape& params = in[0].shape;
  int64_t axis = attrs.as<AxisAttrs>().axis;
  expect_axis(axis, params.rank(), "gather", params);
  rules::expect_dtype(in[1], {DType::int32, DType::int64}, "gather", 1);
  return {{in[0].dtype, gathered_shape(params, in[1].shape, static_cast<int>(axis))}};
}

std::vector<TensorMeta> infer_gather_grad(std::span<const TensorMeta> in, const Attrs& attrs) {
  const Shape& ref = in[2].shape;
  int64_t axis = attrs.as<AxisAttrs>().axis;
  expect_axis(axis, ref.rank(), "gather_grad", ref);
  rules::expect_float(in[0], "gather_grad", 0);
  rules::expect_dtype(in[1], {DType::int32, DType::int64}, "gather_grad", 1);
  Shape want = gathered_shape(ref, in[1].shape, static_cast<int>(axis));
  const Shape& dy = in[0].shape;
  bool ok = dy.rank() == want.rank();
  for (int a = 0; ok && a < dy.rank(); ++a)
    ok = dy[a] == want[a] || !known(dy[a]) || !known(want[a]);
  if (!ok) throw ValueError(str("op 'gather_grad': dy must have shape ", want, ", got ", dy));
  return {{in[0].dtype, ref}};
}

}  // namespace

void register_shape_ops() {
  {
    OpDef def;
    def.name = "reshape";
    def.attrs = ReshapeAttrs{};
    def.infer = infer_reshape;
    def.inplace_input = 0;
    def.gradient = reshape_back;
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "reshape_like";
    def.min_inputs = def.max_inputs = 2;
    def.infer = [](std::span<const TensorMeta> in, const Attrs&) -> std::vector<TensorMeta> {
      const Shape &s = in[0].shape, &ref = in[1].shape;
      if (s.is_fully_defined() && ref.is_fully_defined() && s.num_elements() != ref.num_elements())
        throw ValueError(str("op 'reshape_like': cannot reshape a tensor of shape ", s, " (",
                             s.num_elements(), " elements) into shape ", ref, " (",
                             ref.num_elements(), " elements)"));
      return {{in[0].dtype, ref}};
    };
    def.inplace_input = 0;
    def.gradient = [](const GradContext& c) -> std::vector<Tensor> {
      return {call1("reshape_like", {c.output_grads[0], c.inputs[0]}), undefined()};
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "expand_dims";
    def.attrs = AxesAttrs{};
    def.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) -> std::vector<TensorMeta> {
      const Shape& s = in[0].shape;
      const Ints& axes = attrs.as<AxesAttrs>().axes;
      int out_rank = s.rank() + static_cast<int>(axes.size());
      expect_axes(axes, out_rank, "expand_dims", "axis");
      Ints out;
      auto next = s.begin();
      for (int a = 0; a < out_rank; ++a)
        out.push_back(std::binary_search(axes.begin(), axes.end(), int64_t{a}) ? 1 : *next++);
      return {{in[0].dtype, Shape(std::move(out))}};
    };
    def.inplace_input = 0;
    def.gradient = reshape_back;
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "squeeze";
    def.attrs = AxesAttrs{};
    def.infer = infer_squeeze;
    def.inplace_input = 0;
    def.gradient = reshape_back;
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "transpose";
    def.attrs = TransposeAttrs{};
    def.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) -> std::vector<TensorMeta> {
      const Shape& s = in[0].shape;
      const Ints& perm = attrs.as<TransposeAttrs>().perm;
      Ints sorted = perm;
      std::sort(sorted.begin(), sorted.end());
      Ints identity(static_cast<size_t>(s.rank()));
      std::iota(identity.begin(), identity.end(), 0);
      if (sorted != identity)
        throw ValueError(str("op 'transpose': perm ", Shape(perm),
                             " is not a permutation of the axes of shape ", s));
      Ints out;
      for (int64_t p : perm) out.push_back(s[static_cast<int>(p)]);
      return {{in[0].dtype, Shape(std::move(out))}};
    };
    def.gradient = [](const GradContext& c) -> std::vector<Tensor> {
      const Ints& perm = c.attrs.as<TransposeAttrs>().perm;
      Ints inverse(perm.size());
      for (size_t i = 0; i < perm.size(); ++i) inverse[static_cast<size_t>(perm[i])] = int64_t(i);
      return {call1("transpose", {c.output_grads[0]}, TransposeAttrs{.perm = inverse})};
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "concat";
    def.attrs = AxisAttrs{};
    def.max_inputs = -1;
    def.infer = infer_concat;
    def.gradient = [](const GradContext& c) -> std::vector<Tensor> {
      int64_t axis = c.attrs.as<AxisAttrs>().axis;
      Ints sizes;
      int unknown = 0;
      for (const Tensor& x : c.inputs) {
        sizes.push_back(x.shape()[static_cast<int>(axis)]);
        if (!known(sizes.back())) unknown++;
      }
      if (unknown > 1)
        throw NotImplementedError(str("the gradient of concat needs the sizes along axis ", axis,
                                      "; more than one input has an unknown size there"));
      return call("split", {c.output_grads[0]}, SplitAttrs{.axis = axis, .sizes = sizes});
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "split";
    def.attrs = SplitAttrs{};
    def.infer = infer_split;
    def.gradient = [](const GradContext& c) -> std::vector<Tensor> {
      std::vector<Tensor> pieces;
      for (size_t i = 0; i < c.outputs.size(); ++i) {
        const Tensor& g = c.output_grads[i];
        pieces.push_back(
            g.defined() ? g : call1("fill_like", {c.outputs[i]}, FillLikeAttrs{.value = 0.0}));
      }
      return {call1("concat", pieces, AxisAttrs{.axis = c.attrs.as<SplitAttrs>().axis})};
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "slice";
    def.attrs = SliceAttrs{};
    def.infer = infer_slice;
    def.gradient = [](const GradContext& c) -> std::vector<Tensor> {
      return {call1("slice_grad", {c.output_grads[0], c.inputs[0]},
                    SliceGradAttrs{.begin = c.attrs.as<SliceAttrs>().begin})};
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "slice_grad";
    def.attrs = SliceGradAttrs{};
    def.min_inputs = def.max_inputs = 2;
    def.infer = infer_slice_grad;
    def.gradient = [](const GradContext& c) -> std::vector<Tensor> {
      // dy's shape is the box; an unknown size there came from a slice "to the end".
      return {call1("slice", {c.output_grads[0]},
                    SliceAttrs{.begin = c.attrs.as<SliceGradAttrs>().begin,
                               .size = c.inputs[0].shape().dims()}),
              undefined()};
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "pad";
    def.attrs = PadAttrs{};
    def.infer = infer_pad;
    def.gradient = [](const GradContext& c) -> std::vector<Tensor> {
      const Shape& s = c.inputs[0].shape();
      const Ints& pads = c.attrs.as<PadAttrs>().paddings;
      Ints begin, size;
      for (int a = 0; a < s.rank(); ++a) {
        begin.push_back(pads[2 * static_cast<size_t>(a)]);
        size.push_back(s[a]);  // unknown: to the end, the trailing padding cut below
      }
      Tensor g = call1("slice", {c.output_grads[0]}, SliceAttrs{.begin = begin, .size = size});
      for (int a = 0; a < s.rank(); ++a) {
        int64_t after = pads[2 * static_cast<size_t>(a) + 1];
        if (!known(s[a]) && after > 0)
          g = call("split", {g}, SplitAttrs{.axis = a, .sizes = {-1, after}})[0];
      }
      return {g};
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "gather";
    def.attrs = AxisAttrs{};
    def.min_inputs = def.max_inputs = 2;
    def.infer = infer_gather;
    def.gradient = [](const GradContext& c) -> std::vector<Tensor> {
      return {call1("gather_grad", {c.output_grads[0], c.inputs[1], c.inputs[0]}, c.attrs),
              undefined()};
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "gather_grad";
    def.attrs = AxisAttrs{};
    def.min_inputs = def.max_inputs = 3;
    def.infer = infer_gather_grad;
    def.gradient = [](const GradContext& c) -> std::vector<Tensor> {
      return {call1("gather", {c.output_grads[0], c.inputs[1]}, c.attrs), undefined(), undefined()};
    };
    add_op(std::move(def));
  }
  {
    OpDef def;
    def.name = "one_hot";
    def.attrs = OneHotAttrs{};
    def.infer = [](std::span<const TensorMeta> in, const Attrs& attrs) -> std::vector<TensorMeta> {
      rules::expect_dtype(in[0], {DType::int32, DType::int64}, "one_hot", 0);
      const auto& a = attrs.as<OneHotAttrs>();
      int64_t depth = rules::required(a.depth, "one_hot", "depth");
      if (depth < 0) throw ValueError(str("op 'one_hot': depth must be >= 0, got ", depth));
      Ints out = in[0].shape.dims();
      out.push_back(depth);
      return {{a.dtype, Shape(std::move(out))}};
    };
    add_op(std::move(def));  // indices: not differentiable
  }
}

}  // namespace keras::ops::detail
