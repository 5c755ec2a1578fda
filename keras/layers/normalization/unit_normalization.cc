#include "keras/layers/normalization/unit_normalization.h"

#include <algorithm>

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::layers {

namespace {

// Keras's epsilon for UnitNormalization: the norm is clamped at 1e-12, the squared norm at its
// square.
constexpr double kEpsilon = 1e-12;

constexpr char kAxisMessage[] =
    "Invalid value for `axis` argument: expected an int or a list/tuple of ints. Received: axis=";

args::ArgList unit_normalization_args(UnitNormalizationOptions& o) {
  return {args::Arg::as<AxisArgWithMessage<kAxisMessage>>("axis", o.axis)};
}

}  // namespace

UnitNormalizationImpl::UnitNormalizationImpl(const UnitNormalizationOptions& options)
    : Layer("UnitNormalization", options.layer_options()), options_(options) {
  set_supports_masking(true);
  built_at_construction();
}

std::vector<int> UnitNormalizationImpl::canonical_axes(const Shape& shape) const {
  int rank = shape.rank();
  std::vector<int> out;
  for (int a : options_.axis.axes()) {
    if (a >= rank || a < -rank)
      throw ValueError(str("Layer '", name(), "': Axis ", options_.axis.to_string(),
                           " is out of bounds for input shape ", shape, "."));
    out.push_back(a < 0 ? a + rank : a);
  }
  std::vector<int> sorted = out;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    throw ValueError(str("Layer '", name(), "': axis=", options_.axis.to_string(),
                         " names one axis twice for input shape ", shape));
  return out;
}

Shapes UnitNormalizationImpl::compute_output_shape(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("UnitNormalization '", name(), "'"));
  // A scalar is normalized as a vector of one element (Keras expands it).
  canonical_axes(shape.rank() == 0 ? Shape{1} : shape);
  return Shapes(shape.rank() == 0 ? Shape{1} : shape);
}

Tensors UnitNormalizationImpl::call(const Tensors& inputs, const CallContext&) {
  Tensor x = inputs.single(str("UnitNormalization '", name(), "'"));
  if (!is_floating(x.dtype())) x = ops::cast(x, compute_dtype());
  if (x.rank() == 0) x = ops::expand_dims(x, 0);
  std::vector<int> axes = canonical_axes(x.shape());
  Tensor square_sum = ops::sum(ops::square(x), axes, /*keepdims=*/true);
  // x · rsqrt rather than x / sqrt, with the clamp before the rsqrt, as Keras (a zero vector
  // gets a finite gradient).
  Tensor inv_norm = ops::rsqrt(ops::maximum(square_sum, kEpsilon * kEpsilon));
  return ops::multiply(x, inv_norm);
}

Json UnitNormalizationImpl::get_config() const {
  return options_config(*this, options_, unit_normalization_args);
}

std::shared_ptr<UnitNormalizationImpl> UnitNormalizationImpl::from_config(const Json& config) {
  return from_options_config<UnitNormalizationImpl>(config, unit_normalization_args,
                                                    "UnitNormalization");
}

}  // namespace keras::layers
