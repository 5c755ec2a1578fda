#include "keras/layers/activations/activation.h"

#include "keras/layers/detail/layer_config.h"

namespace keras::layers {

namespace {

args::ArgList activation_args(activations::ActivationArg& activation) {
  return {{"activation", activation}};
}

}  // namespace

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
  activations::ActivationArg activation = activation_;
  return config_with(Layer::get_config(), activation_args(activation));
}

std::shared_ptr<ActivationImpl> ActivationImpl::from_config(const Json& config) {
  ActivationOptions options;
  activations::ActivationArg activation;
  read_config(options, config, activation_args(activation), "Activation");
  if (!config.is_object() || !config.contains("activation"))
    throw TypeError("Activation.__init__() missing 1 required positional argument: 'activation'");
  return std::make_shared<ActivationImpl>(activation, options);
}

}  // namespace keras::layers
