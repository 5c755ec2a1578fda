#include "keras/layers/activations/elu.h"

#include "keras/activations/activations.h"
#include "keras/core/config_reading.h"

namespace keras::layers {

ELUImpl::ELUImpl(const ELUOptions& options)
    : Layer("ELU", options.layer_options()), alpha_(options.alpha) {
  set_supports_masking(true);
  built_at_construction();
}

Tensors ELUImpl::call(const Tensors& inputs, const CallContext&) {
  return activations::elu(inputs.single(str("ELU '", name(), "'")), alpha_);
}

Json ELUImpl::get_config() const {
  Json config = Layer::get_config();
  config["alpha"] = alpha_;
  return config;
}

std::shared_ptr<ELUImpl> ELUImpl::from_config(const Json& config) {
  const std::string who = "ELU";
  ELUOptions options;
  read_layer_options(options, config, who);
  options.alpha = config_reading::number(config, "alpha", 1.0, who);
  return std::make_shared<ELUImpl>(options);
}

}  // namespace keras::layers
