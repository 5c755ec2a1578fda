#include "keras/layers/activations/relu.h"

#include "keras/activations/activations.h"
#include "keras/core/config_reading.h"

namespace keras::layers {

ReLUImpl::ReLUImpl(const ReLUOptions& options)
    : Layer("ReLU", options.layer_options()),
      max_value_(options.max_value),
      negative_slope_(options.negative_slope),
      threshold_(options.threshold) {
  // Keras's checks and messages; NaN fails them too (Keras's None does).
  std::string who = str("ReLU '", name(), "': ");
  if (max_value_ && !(*max_value_ >= 0.0))
    throw ValueError(str(who,
                         "max_value of a ReLU layer cannot be a negative value. Received: "
                         "max_value=",
                         *max_value_));
  if (!(negative_slope_ >= 0.0))
    throw ValueError(str(who,
                         "negative_slope of a ReLU layer cannot be None or a negative value. "
                         "Received: negative_slope=",
                         negative_slope_));
  if (!(threshold_ >= 0.0))
    throw ValueError(str(who,
                         "threshold of a ReLU layer cannot be None or a negative value. "
                         "Received: threshold=",
                         threshold_));
  set_supports_masking(true);
  built_at_construction();
}

Tensors ReLUImpl::call(const Tensors& inputs, const CallContext&) {
  return activations::relu(inputs.single(str("ReLU '", name(), "'")), negative_slope_, max_value_,
                           threshold_);
}

Json ReLUImpl::get_config() const {
  Json config = Layer::get_config();
  config["max_value"] = max_value_ ? Json(*max_value_) : Json(nullptr);
  config["negative_slope"] = negative_slope_;
  config["threshold"] = threshold_;
  return config;
}

std::shared_ptr<ReLUImpl> ReLUImpl::from_config(const Json& config) {
  const std::string who = "ReLU";
  ReLUOptions options;
  read_layer_options(options, config, who);
  if (config.contains("max_value") && !config.at("max_value").is_null())
    options.max_value = config_reading::number(config, "max_value", 0.0, who);
  options.negative_slope = config_reading::number(config, "negative_slope", 0.0, who);
  options.threshold = config_reading::number(config, "threshold", 0.0, who);
  return std::make_shared<ReLUImpl>(options);
}

}  // namespace keras::layers
