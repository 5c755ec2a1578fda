// keras.layers.Activation (keras/src/layers/activations/activation.py): applies an activation
// function, given by name or as a C++ function, to the inputs. No weights; masks pass through.
#pragma once

#include "keras/activations/activations.h"
#include "keras/layers/layer.h"

namespace keras::layers {

struct ActivationOptions {
  KERAS_LAYER_OPTIONS
};

class ActivationImpl : public Layer {
 public:
  // A name ("relu"; unknown names throw ValueError) or a function with a name for configs;
  // nothing means linear (Keras's None).
  explicit ActivationImpl(activations::ActivationArg activation,
                          const ActivationOptions& options = {});

  const activations::ActivationArg& activation() const { return activation_; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<ActivationImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  activations::ActivationArg activation_;
  activations::Activation function_;
};

class Activation : public LayerHandle<ActivationImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit Activation(activations::ActivationArg activation, const ActivationOptions& options = {})
      : LayerHandle(std::make_shared<ActivationImpl>(std::move(activation), options)) {}
};

}  // namespace keras::layers
