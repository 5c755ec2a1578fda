#include "keras/layers/activations/leaky_relu.h"

#include "keras/activations/activations.h"
#include "keras/core/config_reading.h"
#include "keras/core/warnings.h"

namespace keras::layers {

LeakyReLUImpl::LeakyReLUImpl(const LeakyReLUOptions& options)
    : Layer("LeakyReLU", options.layer_options()), negative_slope_(options.negative_slope) {
  if (!(negative_slope_ >= 0.0))
    throw ValueError(str("LeakyReLU '", name(),
                         "': The negative_slope value of a Leaky ReLU layer cannot be None or "
                         "negative value. Expected a float. Received: negative_slope=",
                         negative_slope_));
  set_supports_masking(true);
  built_at_construction();
}

Tensors LeakyReLUImpl::call(const Tensors& inputs, const CallContext&) {
  return activations::leaky_relu(inputs.single(str("LeakyReLU '", name(), "'")), negative_slope_);
}

Json LeakyReLUImpl::get_config() const {
  Json config = Layer::get_config();
  config["negative_slope"] = negative_slope_;
  return config;
}

std::shared_ptr<LeakyReLUImpl> LeakyReLUImpl::from_config(const Json& config) {
  const std::string who = "LeakyReLU";
  LeakyReLUOptions options;
  read_layer_options(options, config, who);
  options.negative_slope = config_reading::number(config, "negative_slope", 0.3, who);
  if (config.contains("alpha")) {
    options.negative_slope = config_reading::number(config, "alpha", 0.3, who);
    warn("Argument `alpha` is deprecated. Use `negative_slope` instead.");
  }
  return std::make_shared<LeakyReLUImpl>(options);
}

}  // namespace keras::layers
