#include "keras/layers/activations/elu.h"

#include "keras/activations/activations.h"
#include "keras/layers/detail/layer_config.h"

namespace keras::layers {

namespace {

args::ArgList elu_args(ELUOptions& o) {
  return {{"alpha", o.alpha}};
}

}  // namespace

ELUImpl::ELUImpl(const ELUOptions& options)
    : Layer("ELU", options.layer_options()), options_(options) {
  set_supports_masking(true);
  built_at_construction();
}

Tensors ELUImpl::call(const Tensors& inputs, const CallContext&) {
  return activations::elu(inputs.single(str("ELU '", name(), "'")), options_.alpha);
}

Json ELUImpl::get_config() const {
  // Keras 3's ELU writes alpha right after the name (its automatic config puts the constructor's
  // own arguments there), then the base keys.
  Json base = Layer::get_config();
  Json config = {{"name", base.at("name")}};
  ELUOptions options = options_;
  args::write(elu_args(options), config);
  for (const auto& item : base.items()) config[item.key()] = item.value();
  return config;
}

std::shared_ptr<ELUImpl> ELUImpl::from_config(const Json& config) {
  return from_options_config<ELUImpl>(config, elu_args, "ELU");
}

}  // namespace keras::layers
