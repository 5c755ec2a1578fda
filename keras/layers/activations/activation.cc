#include "keras/layers/activations/activation.h"

namespace keras::layers {

ActivationImpl::ActivationImpl(activations::ActivationArg activation,
                               const ActivationOptions& options)
    : Layer("Activation", options.layer_options()),
      activation_(std::move(activation)),
      function_(activation_.function()) {
  set_supports_masking(true);
  built_at_construction();
}

Tensors ActivationImpl::call(const Tensors& inputs, const CallContext&) {
  return function_(inputs.single(str("Activation '", name(), "'")));
}

Json ActivationImpl::get_config() const {
  Json config = Layer::get_config();
  config["activation"] = activation_.name();
  return config;
}

std::shared_ptr<ActivationImpl> ActivationImpl::from_config(const Json& config) {
  ActivationOptions options;
  read_layer_options(options, config, "Activation");
  if (!config.is_object() || !config.contains("activation"))
    throw TypeError("Activation.__init__() missing 1 required positional argument: 'activation'");
  activations::ActivationArg activation;
  read_arg(config, "activation", activation);
  return std::make_shared<ActivationImpl>(activation, options);
}

}  // namespace keras::layers
