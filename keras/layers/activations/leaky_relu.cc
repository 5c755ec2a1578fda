#include "keras/layers/activations/leaky_relu.h"

#include "keras/activations/activations.h"
#include "keras/core/warnings.h"
#include "keras/layers/detail/layer_config.h"

namespace keras::layers {

namespace {

// Keras 2 called negative_slope `alpha`.
args::ArgList leaky_relu_args(LeakyReLUOptions& o) {
  return {{"negative_slope", o.negative_slope, {"alpha"}}};
}

}  // namespace

LeakyReLUImpl::LeakyReLUImpl(const LeakyReLUOptions& options)
    : Layer("LeakyReLU", options.layer_options()), options_(options) {
  if (!(options_.negative_slope >= 0.0))
    throw ValueError(str("LeakyReLU '", name(),
                         "': The negative_slope value of a Leaky ReLU layer cannot be None or "
                         "negative value. Expected a float. Received: negative_slope=",
                         options_.negative_slope));
  set_supports_masking(true);
  built_at_construction();
}

Tensors LeakyReLUImpl::call(const Tensors& inputs, const CallContext&) {
  return activations::leaky_relu(inputs.single(str("LeakyReLU '", name(), "'")),
                                 options_.negative_slope);
}

Json LeakyReLUImpl::get_config() const {
  return options_config(*this, options_, leaky_relu_args);
}

std::shared_ptr<LeakyReLUImpl> LeakyReLUImpl::from_config(const Json& config) {
  if (config.is_object() && config.contains("alpha"))
    warn("Argument `alpha` is deprecated. Use `negative_slope` instead.");
  return from_options_config<LeakyReLUImpl>(config, leaky_relu_args, "LeakyReLU");
}

}  // namespace keras::layers
