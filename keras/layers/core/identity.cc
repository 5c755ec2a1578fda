#include "keras/layers/core/identity.h"

#include "keras/layers/detail/layer_config.h"

namespace keras::layers {

IdentityImpl::IdentityImpl(const IdentityOptions& options)
    : Layer("Identity", options.layer_options()) {
  set_supports_masking(true);
  built_at_construction();
}

Tensors IdentityImpl::call(const Tensors& inputs, const CallContext&) {
  return inputs;
}

std::shared_ptr<IdentityImpl> IdentityImpl::from_config(const Json& config) {
  IdentityOptions options;
  read_layer_options(options, config, "Identity");
  return std::make_shared<IdentityImpl>(options);
}

}  // namespace keras::layers
