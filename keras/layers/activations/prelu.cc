#include "keras/layers/activations/prelu.h"

#include <algorithm>

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"

namespace keras::layers {

namespace {

std::string axes_text(const std::vector<int>& axes) {
  std::string out = "[";
  for (size_t i = 0; i < axes.size(); ++i) out += (i ? ", " : "") + std::to_string(axes[i]);
  return out + "]";
}

// Keras 1 called alpha_initializer `init`.
args::ArgList prelu_args(PReLUOptions& o) {
  return {{"alpha_initializer", o.alpha_initializer, {"init"}},
          {"alpha_regularizer", o.alpha_regularizer},
          {"alpha_constraint", o.alpha_constraint},
          args::Arg::as<args::IntOrList>("shared_axes", o.shared_axes)};
}

}  // namespace

PReLUImpl::PReLUImpl(const PReLUOptions& options)
    : Layer("PReLU", options.layer_options()),
      options_(options),
      alpha_args_(options.alpha_initializer, options.alpha_regularizer, options.alpha_constraint) {
  if (options_.shared_axes)
    for (int axis : *options_.shared_axes)
      if (axis < 1)
        throw ValueError(str("PReLU '", name(),
                             "': shared_axes must be input axes after the batch axis (>= 1). "
                             "Received: shared_axes=",
                             axes_text(*options_.shared_axes)));
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
  std::vector<int> shared = options_.shared_axes.value_or(std::vector<int>{});
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
  alpha_ = add_weight(alpha_args_.weight("alpha", Shape(param)));
  // Keras's input spec: the rank, and the size of every axis that alpha does not share.
  InputSpec spec{.ndim = rank};
  for (int i = 1; i < rank; ++i)
    if (std::find(shared.begin(), shared.end(), i) == shared.end()) spec.axes[i] = shape[i];
  set_input_spec({spec});
}

Tensors PReLUImpl::call(const Tensors& inputs, const CallContext&) {
  const Tensor& x = inputs.single(str("PReLU '", name(), "'"));
  // Keras's relu(x) + (-alpha) * relu(-x), as relu(x) - alpha * relu(-x) (the same numbers).
  // alpha_ meets the inputs in the first op that reads it: negating it alone would run eagerly
  // on its value and put a constant, not a read of the variable, into a traced graph (no
  // gradient, and a training program that never sees the updated alpha).
  Tensor pos = ops::relu(x);
  Tensor neg = ops::multiply(alpha_, ops::relu(ops::negative(x)));
  return ops::subtract(pos, neg);
}

Json PReLUImpl::get_config() const {
  return options_config(*this, options_, prelu_args);
}

std::shared_ptr<PReLUImpl> PReLUImpl::from_config(const Json& config) {
  return from_options_config<PReLUImpl>(config, prelu_args, "PReLU");
}

}  // namespace keras::layers
