#include "keras/layers/merging/dot.h"

#include "keras/config/config.h"
#include "keras/layers/detail/layer_config.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::layers {

std::string DotAxes::to_string() const {
  if (!pair_) return std::to_string(axes_.empty() ? 0 : axes_[0]);
  std::string out;
  for (int a : axes_) out += (out.empty() ? "" : ", ") + std::to_string(a);
  return "(" + out + (axes_.size() == 1 ? ",)" : ")");
}

namespace {

// Keras's `axes`: an int, or a list of two ints (written back as given).
struct DotAxesForm {
  static Json write(const std::optional<DotAxes>& axes) {
    if (!axes) return nullptr;
    return axes->is_pair() ? Json(axes->values()) : Json(axes->values()[0]);
  }
  static void read(const Json& value, std::optional<DotAxes>& out, const args::Site&) {
    if (value.is_number_integer()) {
      out = DotAxes(value.get<int>());
      return;
    }
    if (!value.is_array())
      throw TypeError(
          str("Invalid type for argument `axes`: it should be a list or an int. Received: axes=",
              value.dump()));
    std::vector<int> values;
    for (const Json& a : value) {
      if (!a.is_number_integer())
        throw ValueError(
            str("Invalid format for argument `axes`: list elements should be "
                "integers. Received: axes=",
                value.dump()));
      values.push_back(a.get<int>());
    }
    out = DotAxes(values);
  }
};

struct DotArgs {
  std::optional<DotAxes> axes;
  DotOptions options;
};

args::ArgList dot_args(DotArgs& a) {
  return {args::Arg::as<DotAxesForm>("axes", a.axes), {"normalize", a.options.normalize}};
}

}  // namespace

DotImpl::DotImpl(DotAxes axes, const DotOptions& options)
    : MergeImpl("Dot", options.layer_options()), axes_(std::move(axes)), options_(options) {
  if (axes_.is_pair() && axes_.values().size() != 2)
    throw ValueError(
        str("Invalid format for argument `axes`: it should contain two elements. Received: axes=",
            axes_.to_string()));
  set_reshape_inputs(false);
}

namespace {

// Python's a % n for n > 0 (never negative).
int python_mod(int a, int n) {
  return ((a % n) + n) % n;
}

// Whether Python's shape[axis] exists (a negative axis counts from the end).
bool in_range(int axis, int rank) {
  return axis >= -rank && axis < rank;
}

std::string axes_list(int a0, int a1) {
  return str("[", a0, ", ", a1, "]");
}

// An L2 normalization along `axis`: x * rsqrt(max(sum(x^2), epsilon^2)), Keras's
// ops.normalize(order=2), so a zero vector stays zero with a finite gradient.
Tensor l2_normalize(const Tensor& x, int axis) {
  double eps = config::epsilon();
  Tensor square_sum = ops::sum(ops::square(x), axis, /*keepdims=*/true);
  return ops::multiply(x, ops::rsqrt(ops::maximum(square_sum, eps * eps)));
}

// A reshape target with the batch size (and any other unknown size) as -1; ValueError when more
// than one size is unknown.
Shape reshape_target(const std::vector<int64_t>& dims, const std::string& prefix,
                     const Shape& x_shape, const Shape& y_shape) {
  int unknown = 0;
  for (int64_t d : dims) unknown += d < 0 ? 1 : 0;
  if (unknown > 1)
    throw ValueError(str(prefix,
                         "Dot on inputs of rank > 3 needs every dimension but the batch size to "
                         "be known. Received inputs with shapes ",
                         x_shape, " and ", y_shape));
  return Shape(dims);
}

int64_t product(std::vector<int64_t>::const_iterator begin,
                std::vector<int64_t>::const_iterator end) {
  int64_t n = 1;
  for (auto it = begin; it != end; ++it) {
    if (*it < 0) return Shape::kUnknown;
    n *= *it;
  }
  return n;
}

// Keras 3's batch_dot (keras/src/layers/merging/dot.py) with axes already non-negative: the dot
// axis of x moves last and that of y to axis 1, both become rank 3 (rank 2 gains an axis, higher
// ranks fold their other axes), one batched matmul, then the folded axes come back.
Tensor batch_dot(Tensor x, Tensor y, int a0, int a1, const std::string& prefix) {
  const Shape x_shape = x.shape(), y_shape = y.shape();
  int x_ndim = x_shape.rank(), y_ndim = y_shape.rank();
  if (x_ndim < 2 || y_ndim < 2)
    throw ValueError(str(prefix,
                         "Cannot do batch_dot on inputs with rank < 2. Received inputs with "
                         "shapes ",
                         x_shape, " and ", y_shape, "."));
  if (x_shape[0] >= 0 && y_shape[0] >= 0 && x_shape[0] != y_shape[0])
    throw ValueError(str(prefix,
                         "Cannot do batch_dot on inputs with different batch sizes. Received "
                         "inputs with shapes ",
                         x_shape, " and ", y_shape, "."));
  if (a0 == 0 || a1 == 0)
    throw ValueError(str(prefix,
                         "Cannot perform batch_dot over axis 0. If your inputs are not batched, "
                         "add a dummy batch dimension to your inputs using "
                         "keras.ops.expand_dims(x, 0)"));
  int64_t d1 = x_shape[a0], d2 = y_shape[a1];
  if (d1 >= 0 && d2 >= 0 && d1 != d2)
    throw ValueError(str(prefix, "Cannot do batch_dot on inputs with shapes ", x_shape, " and ",
                         y_shape, " with axes=", axes_list(a0, a1), ". x.shape[", a0,
                         "] != y.shape[", a1, "] (", d1, " != ", d2, ")."));

  const int orig_x_ndim = x_ndim, orig_y_ndim = y_ndim;
  if (x_ndim == 2) {
    x = ops::expand_dims(x, 1);
    a0 += 1;
    x_ndim += 1;
  }
  if (y_ndim == 2) {
    y = ops::expand_dims(y, 2);
    y_ndim += 1;
  }
  if (a0 != x_ndim - 1) {
    std::vector<int> pattern(static_cast<size_t>(x_ndim));
    for (int i = 0; i < x_ndim; ++i) pattern[static_cast<size_t>(i)] = i;
    for (int i = a0; i < x_ndim - 1; ++i) pattern[static_cast<size_t>(i)] = i + 1;
    pattern.back() = a0;
    x = ops::transpose(x, pattern);
  }
  if (a1 != 1) {
    std::vector<int> pattern(static_cast<size_t>(y_ndim));
    for (int i = 0; i < y_ndim; ++i) pattern[static_cast<size_t>(i)] = i;
    for (int i = a1; i > 1; --i) pattern[static_cast<size_t>(i)] = i - 1;
    pattern[1] = a1;
    y = ops::transpose(y, pattern);
  }
  const Shape xs = x.shape(), ys = y.shape();
  std::vector<int64_t> x_mid(xs.begin() + 1, xs.end() - 1), y_trail(ys.begin() + 2, ys.end());
  bool x_squashed = x_ndim > 3, y_squashed = y_ndim > 3;
  if (x_squashed)
    x = ops::reshape(
        x, reshape_target({xs[0], product(xs.begin() + 1, xs.end() - 1), xs[x_ndim - 1]}, prefix,
                          x_shape, y_shape));
  if (y_squashed)
    y = ops::reshape(y, reshape_target({ys[0], ys[1], product(ys.begin() + 2, ys.end())}, prefix,
                                       x_shape, y_shape));
  Tensor result = ops::matmul(x, y);
  if (x_squashed || y_squashed) {
    std::vector<int64_t> out = result.shape().dims();
    if (x_squashed) {
      std::vector<int64_t> dims{out.front()};
      dims.insert(dims.end(), x_mid.begin(), x_mid.end());
      dims.push_back(out.back());
      out = dims;
    }
    if (y_squashed) {
      out.pop_back();
      out.insert(out.end(), y_trail.begin(), y_trail.end());
    }
    result = ops::reshape(result, reshape_target(out, prefix, x_shape, y_shape));
  }
  if (orig_x_ndim == 2) return ops::squeeze(result, 1);
  if (orig_y_ndim == 2) return ops::squeeze(result, -1);
  return result;
}

}  // namespace

std::pair<Shape, Shape> DotImpl::two_shapes(const Shapes& input_shape) const {
  if (!input_shape.is_list() || input_shape.size() != 2)
    throw ValueError(str(prefix(),
                         "A `Dot` layer should be called on a list of 2 inputs. Received: "
                         "input_shape=",
                         shapes_repr(input_shape)));
  return {input_shape[0], input_shape[1]};
}

std::pair<int, int> DotImpl::axes_for(const Shape& shape1, const Shape& shape2) const {
  int a0, a1;
  if (!axes_.is_pair()) {
    int a = axes_.values()[0];
    bool negative = a < 0;
    a0 = negative && shape1.rank() > 0 ? python_mod(a, shape1.rank()) : a;
    a1 = negative && shape2.rank() > 0 ? python_mod(a, shape2.rank()) : a;
  } else {
    a0 = axes_.values()[0];
    a1 = axes_.values()[1];
  }
  if (!in_range(a0, shape1.rank()) || !in_range(a1, shape2.rank()))
    throw ValueError(str(prefix(), "axes=", axes_.to_string(),
                         " is out of range for the input shapes ", shape1, " and ", shape2));
  return {a0 < 0 ? a0 + shape1.rank() : a0, a1 < 0 ? a1 + shape2.rank() : a1};
}

void DotImpl::check_shapes(const Shapes& input_shape) {
  auto [shape1, shape2] = two_shapes(input_shape);
  auto [a0, a1] = axes_for(shape1, shape2);
  // Keras compares the sizes as they are, so an unknown size matches only an unknown one.
  if (shape1[a0] != shape2[a1]) {
    auto size = [](int64_t d) { return d < 0 ? std::string("None") : std::to_string(d); };
    // Keras names the axes as given in a pair (they may be negative).
    int shown0 = axes_.is_pair() ? axes_.values()[0] : a0;
    int shown1 = axes_.is_pair() ? axes_.values()[1] : a1;
    throw ValueError(str(prefix(), "Incompatible input shapes: axis values ", size(shape1[a0]),
                         " (at axis ", shown0, ") != ", size(shape2[a1]), " (at axis ", shown1,
                         "). Full input shapes: ", shape1, ", ", shape2));
  }
}

Tensor DotImpl::merge_function(const std::vector<Tensor>& inputs, const std::vector<Tensor>&) {
  if (inputs.size() != 2)
    throw ValueError(str(prefix(), "A `Dot` layer should be called on exactly 2 inputs. ",
                         "Received: inputs=", inputs.size(), " tensors"));
  Tensor x1 = inputs[0], x2 = inputs[1];
  auto [a0, a1] = axes_for(x1.shape(), x2.shape());
  if (options_.normalize) {
    x1 = l2_normalize(x1, a0);
    x2 = l2_normalize(x2, a1);
  }
  return batch_dot(x1, x2, a0, a1, prefix());
}

Shapes DotImpl::compute_output_shape(const Shapes& input_shape) {
  auto [shape1, shape2] = two_shapes(input_shape);
  auto [a0, a1] = axes_for(shape1, shape2);
  std::vector<int64_t> out = shape1.dims(), second = shape2.dims();
  out.erase(out.begin() + a0);
  second.erase(second.begin() + a1);
  if (!second.empty()) second.erase(second.begin());
  out.insert(out.end(), second.begin(), second.end());
  if (out.size() == 1) out.push_back(1);
  return Shapes(Shape(out));
}

Tensors DotImpl::compute_mask(const Tensors&, const Tensors&) {
  return {};
}

Json DotImpl::get_config() const {
  DotArgs a{axes_, options_};
  return config_with(MergeImpl::get_config(), dot_args(a));
}

std::shared_ptr<DotImpl> DotImpl::from_config(const Json& config) {
  DotArgs a;
  read_config(a.options, config, dot_args(a), "Dot");
  if (!a.axes) throw TypeError("Dot.__init__() missing 1 required positional argument: 'axes'");
  return std::make_shared<DotImpl>(*a.axes, a.options);
}

Tensor dot(const std::vector<Tensor>& inputs, DotAxes axes, const DotOptions& options) {
  return Dot(std::move(axes), options)(Tensors(inputs)).single("keras.layers.dot");
}

}  // namespace keras::layers
