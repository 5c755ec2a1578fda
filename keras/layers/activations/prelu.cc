#include "keras/layers/activations/prelu.h"

#include <algorithm>

#include "keras/core/config_reading.h"
#include "keras/ops/math.h"

namespace keras::layers {

namespace {

std::string axes_text(const std::vector<int>& axes) {
  std::string out = "[";
  for (size_t i = 0; i < axes.size(); ++i) out += (i ? ", " : "") + std::to_string(axes[i]);
  return out + "]";
}

}  // namespace

PReLUImpl::PReLUImpl(const PReLUOptions& options)
    : Layer("PReLU", options.layer_options()),
      alpha_initializer_(initializers::get(options.alpha_initializer)),
      alpha_regularizer_(regularizers::get(options.alpha_regularizer)),
      alpha_constraint_(constraints::get(options.alpha_constraint)),
      shared_axes_(options.shared_axes) {
  if (shared_axes_)
    for (int axis : *shared_axes_)
      if (axis < 1)
        throw ValueError(str("PReLU '", name(),
                             "': shared_axes must be input axes after the batch axis (>= 1). "
                             "Received: shared_axes=",
                             axes_text(*shared_axes_)));
  set_supports_masking(true);
}

const Variable& PReLUImpl::alpha() const {
  if (!alpha_.defined())
    throw ValueError(
        str("Layer '", name(), "': you must build the layer before accessing `alpha`"));
  return alpha_;
}

void PReLUImpl::build_state(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("PReLU '", name(), "'"));
  int rank = shape.rank();
  std::vector<int64_t> param(shape.begin() + 1, shape.end());
  std::vector<int> shared = shared_axes_.value_or(std::vector<int>{});
  for (int axis : shared) {
    if (axis >= rank)
      throw ValueError(str("PReLU '", name(), "': shared_axes ", axes_text(shared),
                           " must be axes of the inputs in [1, ", rank - 1,
                           "]; received inputs of shape ", shape));
    param[static_cast<size_t>(axis - 1)] = 1;
  }
  for (size_t i = 0; i < param.size(); ++i)
    if (param[i] < 0)
      throw ValueError(str("PReLU '", name(), "': axis ", i + 1, " of the inputs (shape ", shape,
                           ") must be known to size `alpha`, or be one of shared_axes"));
  alpha_ = add_weight({.name = "alpha",
                       .shape = Shape(param),
                       .initializer = alpha_initializer_,
                       .regularizer = alpha_regularizer_,
                       .constraint = alpha_constraint_});
  // Keras's input spec: the rank, and the size of every axis that alpha does not share.
  InputSpec spec{.ndim = rank};
  for (int i = 1; i < rank; ++i)
    if (std::find(shared.begin(), shared.end(), i) == shared.end()) spec.axes[i] = shape[i];
  set_input_spec({spec});
}

Tensors PReLUImpl::call(const Tensors& inputs, const CallContext&) {
  const Tensor& x = inputs.single(str("PReLU '", name(), "'"));
  // Keras's relu(x) - alpha * relu(-x).
  Tensor pos = ops::relu(x);
  Tensor neg = ops::multiply(ops::negative(alpha_), ops::relu(ops::negative(x)));
  return ops::add(pos, neg);
}

Json PReLUImpl::get_config() const {
  Json config = Layer::get_config();
  config["alpha_initializer"] = to_config(alpha_initializer_);
  config["alpha_regularizer"] = to_config(alpha_regularizer_);
  config["alpha_constraint"] = to_config(alpha_constraint_);
  config["shared_axes"] = shared_axes_ ? Json(*shared_axes_) : Json(nullptr);
  return config;
}

std::shared_ptr<PReLUImpl> PReLUImpl::from_config(const Json& config) {
  const std::string who = "PReLU";
  PReLUOptions options;
  read_layer_options(options, config, who);
  read_arg(config, "alpha_initializer", options.alpha_initializer);
  read_arg(config, "alpha_regularizer", options.alpha_regularizer);
  read_arg(config, "alpha_constraint", options.alpha_constraint);
  if (config.contains("shared_axes") && !config.at("shared_axes").is_null())
    options.shared_axes = config_reading::axes(config, "shared_axes", {}, who);
  return std::make_shared<PReLUImpl>(options);
}

}  // namespace keras::layers
