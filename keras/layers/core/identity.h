// keras.layers.Identity (keras/src/layers/core/identity.py): returns its inputs unchanged, any
// structure of them, masks included. A placeholder where a model needs a layer but no operation.
#pragma once

#include "keras/layers/layer.h"

namespace keras::layers {

struct IdentityOptions {
  KERAS_LAYER_OPTIONS
};

class IdentityImpl : public Layer {
 public:
  explicit IdentityImpl(const IdentityOptions& options = {});

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  static std::shared_ptr<IdentityImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;
};

using Identity = OptionsLayer<IdentityImpl, IdentityOptions>;

}  // namespace keras::layers
