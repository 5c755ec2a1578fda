#include "keras/ops/shape.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "keras/config/config.h"
#include "keras/ops/math.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"
#include "keras/ops/reduction.h"

namespace keras::ops {

namespace {

using Ints = std::vector<int64_t>;

void expect_defined(const Tensor& x, const char* op) {
  if (!x.defined()) throw ValueError(str(op, ": got an empty tensor"));
}

// The index along one axis that NumPy's pad modes read for output position p (p < 0 is in the
// leading padding, p >= n in the trailing one).
int64_t pad_source(std::string_view mode, int64_t p, int64_t n) {
  auto wrap = [](int64_t v, int64_t period) { return ((v % period) + period) % period; };
  if (mode == "edge") return std::clamp<int64_t>(p, 0, n - 1);
  if (mode == "wrap") return wrap(p, n);
  if (mode == "symmetric") {
    int64_t q = wrap(p, 2 * n);
    return q < n ? q : 2 * n - 1 - q;
  }
  // reflect: mirrored about the edge elements, which are not repeated
  if (n == 1) return 0;
  int64_t q = wrap(p, 2 * (n - 1));
  return q < n ? q : 2 * (n - 1) - q;
}

}  // namespace

Tensor reshape(const Tensor& x, const Shape& newshape) {
  expect_defined(x, "reshape");
  return call1("reshape", {x}, ReshapeAttrs{.shape = newshape.dims()});
}

Tensor expand_dims(const Tensor& x, Axes axis) {
  expect_defined(x, "expand_dims");
  if (axis.is_all()) throw ValueError("expand_dims: needs an axis (or a list of axes)");
  Ints axes = axis.normalized(x.rank() + static_cast<int>(axis.list().size()), "expand_dims");
  if (axes.empty()) return x;
  return call1("expand_dims", {x}, AxesAttrs{.axes = axes});
}

Tensor squeeze(const Tensor& x, Axes axis) {
  expect_defined(x, "squeeze");
  Ints axes;
  if (axis.is_all()) {
    // Every axis known to be 1; an unknown (batch) dimension stays, whatever it turns out to be.
    for (int a = 0; a < x.rank(); ++a)
      if (x.shape()[a] == 1) axes.push_back(a);
  } else {
    axes = axis.normalized(x.rank(), "squeeze");
  }
  if (axes.empty()) return x;  // the op reads an empty list as "every size-1 axis"
  return call1("squeeze", {x}, AxesAttrs{.axes = axes});
}

Tensor transpose(const Tensor& x, const std::vector<int>& axes) {
  expect_defined(x, "transpose");
  int rank = x.rank();
  Ints perm;
  if (axes.empty()) {
    for (int a = rank - 1; a >= 0; --a) perm.push_back(a);
  } else {
    if (static_cast<int>(axes.size()) != rank)
      throw ValueError(str("transpose: axes has ", axes.size(),
                           " entries, but the tensor has rank ", rank, " (shape ", x.shape(), ")"));
    for (int a : axes) perm.push_back(normalize_axis(a, rank, "transpose: axis"));
  }
  return call1("transpose", {x}, TransposeAttrs{.perm = perm});
}

Tensor swapaxes(const Tensor& x, int axis1, int axis2) {
  expect_defined(x, "swapaxes");
  int rank = x.rank();
  int a = normalize_axis(axis1, rank, "swapaxes: axis1"),
      b = normalize_axis(axis2, rank, "swapaxes: axis2");
  std::vector<int> perm(static_cast<size_t>(rank));
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[static_cast<size_t>(a)], perm[static_cast<size_t>(b)]);
  return transpose(x, perm);
}

Tensor moveaxis(const Tensor& x, int source, int destination) {
  expect_defined(x, "moveaxis");
  int rank = x.rank();
  int s = normalize_axis(source, rank, "moveaxis: source");
  int d = normalize_axis(destination, rank, "moveaxis: destination");
  std::vector<int> perm;
  for (int a = 0; a < rank; ++a)
    if (a != s) perm.push_back(a);
  perm.insert(perm.begin() + d, s);
  return transpose(x, perm);
}

Tensor concatenate(const std::vector<Tensor>& xs, int axis) {
  if (xs.empty()) throw ValueError("concatenate: needs at least one tensor");
  for (const Tensor& x : xs) expect_defined(x, "concatenate");
  int a = normalize_axis(axis, xs.front().rank(), "concatenate: axis");
  return call1("concat", xs, AxisAttrs{.axis = a});
}

std::vector<Tensor> split(const Tensor& x, IndicesOrSections indices_or_sections, int axis) {
  expect_defined(x, "split");
  int a = normalize_axis(axis, x.rank(), "split: axis");
  int64_t dim = x.shape()[a];
  Ints sizes;
  if (indices_or_sections.is_sections()) {
    int64_t n = indices_or_sections.sections();
    if (n <= 0) throw ValueError(str("split: the number of sections must be positive, got ", n));
    if (dim < 0)
      throw ValueError(str("split: cannot cut axis ", a, " of shape ", x.shape(),
                           " into equal sections: its size is unknown"));
    if (dim % n != 0)
      throw ValueError(str("split: array split does not result in an equal division: axis ", a,
                           " of size ", dim, " into ", n, " sections"));
    sizes.assign(static_cast<size_t>(n), dim / n);
  } else {
    int64_t previous = 0;
    for (int64_t index : indices_or_sections.indices()) {
      int64_t i = index;
      if (i < 0) {
        if (dim < 0)
          throw ValueError(
              str("split: negative index ", index, " along axis ", a, " of unknown size"));
        i += dim;
      }
      if (dim >= 0) i = std::clamp<int64_t>(i, 0, dim);
      if (i < previous)
        throw ValueError(
            str("split: indices must be increasing, got ", Shape(indices_or_sections.indices())));
      sizes.push_back(i - previous);
      previous = i;
    }
    sizes.push_back(dim >= 0 ? dim - previous : -1);  // -1: the rest, whatever the size
  }
  return call("split", {x}, SplitAttrs{.axis = a, .sizes = sizes});
}

Tensor slice(const Tensor& x, const std::vector<int64_t>& start_indices,
             const std::vector<int64_t>& shape) {
  expect_defined(x, "slice");
  if (static_cast<int>(start_indices.size()) != x.rank() ||
      static_cast<int>(shape.size()) != x.rank())
    throw ValueError(str("slice: start_indices and shape need one entry per axis of shape ",
                         x.shape(), "; got ", start_indices.size(), " and ", shape.size()));
  return call1("slice", {x}, SliceAttrs{.begin = start_indices, .size = shape});
}

Tensor pad(const Tensor& x, const PadWidth& pad_width, std::string_view mode,
           double constant_values) {
  expect_defined(x, "pad");
  int rank = x.rank();
  if (pad_width.size() != 1 && static_cast<int>(pad_width.size()) != rank)
    throw ValueError(str("pad: pad_width needs one (before, after) pair per axis of shape ",
                         x.shape(), " (or a single pair), got ", pad_width.size(), " pairs"));
  Ints paddings;
  for (int a = 0; a < rank; ++a) {
    auto [before, after] = pad_width.size() == 1 ? pad_width[0] : pad_width[static_cast<size_t>(a)];
    if (before < 0 || after < 0)
      throw ValueError(
          str("pad: pad widths must be >= 0, got (", before, ", ", after, ") for axis ", a));
    paddings.push_back(before);
    paddings.push_back(after);
  }
  if (mode == "constant")
    return call1("pad", {x}, PadAttrs{.paddings = paddings, .constant_value = constant_values});
  if (mode != "reflect" && mode != "symmetric" && mode != "edge" && mode != "wrap")
    throw ValueError(str("pad: unsupported mode '", mode,
                         "'; expected one of 'constant', 'reflect', 'symmetric', 'edge', 'wrap'"));
  // The other modes read existing elements: a gather along each padded axis, so the gradient
  // comes for free.
  Tensor y = x;
  for (int a = 0; a < rank; ++a) {
    int64_t before = paddings[2 * static_cast<size_t>(a)],
            after = paddings[2 * static_cast<size_t>(a) + 1];
    if (before == 0 && after == 0) continue;
    int64_t n = x.shape()[a];
    if (n <= 0)
      throw ValueError(str("pad: mode '", mode, "' needs a known, non-empty axis ", a,
                           ", got shape ", x.shape()));
    if (mode == "reflect" && n == 1)
      throw ValueError(str("pad: mode 'reflect' needs at least 2 elements along axis ", a));
    Ints source;
    for (int64_t p = -before; p < n + after; ++p) source.push_back(pad_source(mode, p, n));
    y = call1("gather", {y, Tensor::from_vector(source)}, AxisAttrs{.axis = a});
  }
  return y;
}

Tensor pad(const Tensor& x, const PadWidth& pad_width, double constant_values) {
  return pad(x, pad_width, "constant", constant_values);
}

Tensor take(const Tensor& x, const Tensor& indices, std::optional<int> axis) {
  expect_defined(x, "take");
  expect_defined(indices, "take");
  if (!axis) return call1("gather", {reshape(x, Shape{-1}), indices}, AxisAttrs{.axis = 0});
  int a = normalize_axis(*axis, x.rank(), "take: axis");
  return call1("gather", {x, indices}, AxisAttrs{.axis = a});
}

Tensor take(const Tensor& x, int64_t index, std::optional<int> axis) {
  expect_defined(x, "take");
  if (index < 0) {  // Python-style, from the end of a known axis
    int64_t n = axis ? x.shape()[normalize_axis(*axis, x.rank(), "take: axis")]
                     : (x.shape().is_fully_defined() ? x.size() : -1);
    if (n < 0)
      throw ValueError(str("take: negative index ", index, " along an axis of unknown size"));
    index += n;
  }
  return take(x, Tensor::scalar(index), axis);
}

Tensor one_hot(const Tensor& x, int64_t num_classes, int axis, std::optional<DType> dtype) {
  expect_defined(x, "one_hot");
  Tensor labels =
      x.dtype() == DType::uint8 || x.dtype() == DType::bool_ ? x.astype(DType::int32) : x;
  int rank = x.rank() + 1;
  int a = normalize_axis(axis, rank, "one_hot: axis");
  Tensor y =
      call1("one_hot", {labels},
            OneHotAttrs{.depth = num_classes, .dtype = dtype.value_or(config::floatx_dtype())});
  if (a == rank - 1) return y;
  return moveaxis(y, rank - 1, a);
}

Tensor dim_size(const Tensor& x, int axis, DType dtype) {
  if (!x.defined()) throw ValueError("dim_size: the input is an empty tensor");
  int a = normalize_axis(axis, x.rank(), "dim_size");
  int64_t known = x.shape()[a];
  if (known >= 0)
    return Tensor::full(Shape{}, static_cast<double>(known), dtype,
                        x.is_concrete() ? &x.backend() : nullptr);
  // Count the entries of a slice that keeps `axis` and one element of every other axis.
  std::vector<int64_t> start(static_cast<size_t>(x.rank()), 0), size(start.size(), 1);
  size[static_cast<size_t>(a)] = -1;
  return sum(ones_like(slice(x, start, size), dtype));
}

}  // namespace keras::ops
