#include "keras/layers/normalization/layer_normalization.h"

#include <algorithm>

#include "keras/core/config_reading.h"
#include "keras/core/warnings.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::layers {

using normalization_detail::at_least_float32;
using normalization_detail::read;

LayerNormalizationImpl::LayerNormalizationImpl(const LayerNormalizationOptions& options)
    : Layer("LayerNormalization", options.layer_options()),
      axis_(options.axis),
      epsilon_(options.epsilon),
      center_(options.center),
      scale_(options.scale),
      rms_scaling_(options.rms_scaling),
      beta_initializer_(initializers::get(options.beta_initializer)),
      gamma_initializer_(initializers::get(options.gamma_initializer)),
      beta_regularizer_(regularizers::get(options.beta_regularizer)),
      gamma_regularizer_(regularizers::get(options.gamma_regularizer)),
      beta_constraint_(constraints::get(options.beta_constraint)),
      gamma_constraint_(constraints::get(options.gamma_constraint)) {
  if (rms_scaling_)
    warn(
        "You passed `rms_scaling=True`, which is deprecated. This argument incorrectly scales "
        "the input by the variance, not the root mean square. To correctly use RMS "
        "Normalization, please use `keras.layers.RMSNormalization` instead.");
  if (axis_.axes().empty())
    throw ValueError(str("LayerNormalization '", name(),
                         "': `axis` must name at least one axis. Received: axis=[]"));
  set_supports_masking(true);
  set_autocast(false);
}

std::vector<int> LayerNormalizationImpl::canonical_axes(const Shape& shape) const {
  int rank = shape.rank();
  std::vector<int> out;
  for (int a : axis_.axes()) {
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
    throw ValueError(str("Layer '", name(),
                         "': Duplicate axes are not allowed. Received: axis=", axis_.to_string()));
  std::vector<int64_t> dims;
  std::map<int, int64_t> spec_axes;
  for (int a : axes) {
    if (shape[a] < 0)
      throw ValueError(str("Layer '", name(), "': axis ", a,
                           " of the inputs must have a known size, got input shape ", shape));
    dims.push_back(shape[a]);
    spec_axes[a] = shape[a];
  }
  axis_ = AxisArg(axes);
  Shape param(dims);
  if (scale_ || rms_scaling_)
    gamma_ = add_weight({.name = "gamma",
                         .shape = param,
                         .initializer = gamma_initializer_,
                         .regularizer = gamma_regularizer_,
                         .constraint = gamma_constraint_});
  if (center_ && !rms_scaling_)
    beta_ = add_weight({.name = "beta",
                        .shape = param,
                        .initializer = beta_initializer_,
                        .regularizer = beta_regularizer_,
                        .constraint = beta_constraint_});
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
  Tensor inv = ops::rsqrt(ops::add(variance, epsilon_));
  Tensor y;
  if (rms_scaling_) {
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
  Json config = Layer::get_config();
  config["axis"] = axis_.to_json();
  config["epsilon"] = epsilon_;
  config["center"] = center_;
  config["scale"] = scale_;
  config["rms_scaling"] = rms_scaling_;
  config["beta_initializer"] = to_config(beta_initializer_);
  config["gamma_initializer"] = to_config(gamma_initializer_);
  config["beta_regularizer"] = to_config(beta_regularizer_);
  config["gamma_regularizer"] = to_config(gamma_regularizer_);
  config["beta_constraint"] = to_config(beta_constraint_);
  config["gamma_constraint"] = to_config(gamma_constraint_);
  return config;
}

std::shared_ptr<LayerNormalizationImpl> LayerNormalizationImpl::from_config(const Json& config) {
  const std::string who = "LayerNormalization";
  LayerNormalizationOptions options;
  read_layer_options(options, config, who);
  if (config.contains("axis")) {
    std::optional<AxisArg> axis = AxisArg::from_json(config.at("axis"));
    if (!axis)
      throw TypeError(
          str("Expected an int or a list/tuple of ints for the argument 'axis', but received: ",
              config.at("axis").dump()));
    options.axis = *axis;
  }
  options.epsilon = config_reading::number(config, "epsilon", options.epsilon, who);
  options.center = config_reading::boolean(config, "center", true, who);
  options.scale = config_reading::boolean(config, "scale", true, who);
  options.rms_scaling = config_reading::boolean(config, "rms_scaling", false, who);
  read_arg(config, "beta_initializer", options.beta_initializer);
  read_arg(config, "gamma_initializer", options.gamma_initializer);
  read_arg(config, "beta_regularizer", options.beta_regularizer);
  read_arg(config, "gamma_regularizer", options.gamma_regularizer);
  read_arg(config, "beta_constraint", options.beta_constraint);
  read_arg(config, "gamma_constraint", options.gamma_constraint);
  return std::make_shared<LayerNormalizationImpl>(options);
}

}  // namespace keras::layers
