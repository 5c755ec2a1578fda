#include "keras/layers/normalization/layer_normalization.h"

#include <algorithm>

#include "keras/core/warnings.h"
#include "keras/layers/detail/layer_config.h"
#include "keras/layers/detail/normalization_utils.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::layers {

namespace {

constexpr char kAxisMessage[] =
    "Expected an int or a list/tuple of ints for the argument 'axis', but received: ";

// keras/src/layers/normalization/layer_normalization.py's get_config order.
args::ArgList layer_normalization_args(LayerNormalizationOptions& o) {
  return {args::Arg::as<AxisArgWithMessage<kAxisMessage>>("axis", o.axis),
          {"epsilon", o.epsilon},
          {"center", o.center},
          {"scale", o.scale},
          {"rms_scaling", o.rms_scaling},
          {"beta_initializer", o.beta_initializer},
          {"gamma_initializer", o.gamma_initializer},
          {"beta_regularizer", o.beta_regularizer},
          {"gamma_regularizer", o.gamma_regularizer},
          {"beta_constraint", o.beta_constraint},
          {"gamma_constraint", o.gamma_constraint}};
}

}  // namespace

using normalization_detail::at_least_float32;
using normalization_detail::read;

LayerNormalizationImpl::LayerNormalizationImpl(const LayerNormalizationOptions& options)
    : Layer("LayerNormalization", options.layer_options()),
      options_(options),
      gamma_args_(options.gamma_initializer, options.gamma_regularizer, options.gamma_constraint),
      beta_args_(options.beta_initializer, options.beta_regularizer, options.beta_constraint) {
  if (options_.rms_scaling)
    warn(
        "You passed `rms_scaling=True`, which is deprecated. This argument incorrectly scales "
        "the input by the variance, not the root mean square. To correctly use RMS "
        "Normalization, please use `keras.layers.RMSNormalization` instead.");
  if (options_.axis.axes().empty())
    throw ValueError(str("LayerNormalization '", name(),
                         "': `axis` must name at least one axis. Received: axis=[]"));
  set_supports_masking(true);
  set_autocast(false);
}

std::vector<int> LayerNormalizationImpl::canonical_axes(const Shape& shape) const {
  int rank = shape.rank();
  std::vector<int> out;
  for (int a : options_.axis.axes()) {
    if (a < -rank || a >= rank)
      throw ValueError(str("Layer '", name(), "': axis ", a,
                           " is out of bounds for an array with dimension ", rank,
                           ". Received input shape ", shape));
    out.push_back(a < 0 ? a + rank : a);
  }
  return out;
}

void LayerNormalizationImpl::build_state(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("LayerNormalization '", name(), "'"));
  std::vector<int> axes = canonical_axes(shape);
  std::sort(axes.begin(), axes.end());
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    throw ValueError(str("Layer '", name(), "': Duplicate axes are not allowed. Received: axis=",
                         options_.axis.to_string()));
  std::map<int, int64_t> spec_axes;
  for (int a : axes) {
    if (shape[a] < 0)
      throw ValueError(str("Layer '", name(), "': axis ", a,
                           " of the inputs must have a known size, got input shape ", shape));
    spec_axes[a] = shape[a];
  }
  // Keras's build: the axes as given, sorted (a single int becomes a list of one; negative ones
  // stay negative in the config), and gamma and beta shaped in that order. With axes of both
  // signs that order is not the inputs' ([-1, 1] gives (d2, d1)); call() reshapes the weights
  // to the broadcast shape in row-major order, as Keras does, so the numbers agree with Keras's.
  std::vector<int> written = options_.axis.axes();
  std::sort(written.begin(), written.end());
  options_.axis = AxisArg(written);
  std::vector<int64_t> dims;
  for (int a : written) dims.push_back(shape[a < 0 ? a + shape.rank() : a]);
  Shape param(dims);
  if (options_.scale || options_.rms_scaling)
    gamma_ = add_weight(gamma_args_.weight("gamma", param));
  if (options_.center && !options_.rms_scaling)
    beta_ = add_weight(beta_args_.weight("beta", param));
  for (Variable* v : {&gamma_, &beta_})  // as Keras's: read in float32 under a mixed policy
    if (v->defined()) v->set_autocast(false);
  // Keras sets no input spec; this one rejects what would fail to broadcast, with the layer's
  // name: the normalized axes must exist and keep their sizes.
  set_input_spec({InputSpec{.min_ndim = axes.back() + 1, .axes = spec_axes}});
}

Shapes LayerNormalizationImpl::compute_output_shape(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("LayerNormalization '", name(), "'"));
  canonical_axes(shape);
  return Shapes(shape);
}

Tensors LayerNormalizationImpl::call(const Tensors& inputs, const CallContext&) {
  Tensor x = inputs.single(str("LayerNormalization '", name(), "'"));
  DType dtype = at_least_float32(x.dtype());
  x = ops::cast(x, dtype);
  std::vector<int> axes = canonical_axes(x.shape());
  std::vector<int64_t> bdims(static_cast<size_t>(x.rank()), 1);
  for (int a : axes) bdims[static_cast<size_t>(a)] = x.shape()[a];
  Shape broadcast(bdims);
  auto weight = [&](const Variable& v) {
    return v.defined() ? ops::reshape(read(v, x, dtype), broadcast) : Tensor();
  };
  Tensor gamma = weight(gamma_), beta = weight(beta_);

  Tensor mean = ops::mean(x, axes, /*keepdims=*/true);
  Tensor variance = ops::mean(ops::square(ops::subtract(x, mean)), axes, true);
  Tensor inv = ops::rsqrt(ops::add(variance, options_.epsilon));
  Tensor y;
  if (options_.rms_scaling) {
    y = ops::multiply(x, inv);
    if (gamma.defined()) y = ops::multiply(y, gamma);
  } else {
    // Keras's formula: x·inv + (beta - mean·inv), inv = gamma / sqrt(variance + epsilon).
    if (gamma.defined()) inv = ops::multiply(inv, gamma);
    Tensor offset = ops::negative(ops::multiply(mean, inv));
    if (beta.defined()) offset = ops::add(offset, beta);
    y = ops::add(ops::multiply(x, inv), offset);
  }
  return ops::cast(y, compute_dtype());
}

Json LayerNormalizationImpl::get_config() const {
  return options_config(*this, options_, layer_normalization_args);
}

std::shared_ptr<LayerNormalizationImpl> LayerNormalizationImpl::from_config(const Json& config) {
  return from_options_config<LayerNormalizationImpl>(config, layer_normalization_args,
                                                     "LayerNormalization");
}

}  // namespace keras::layers
