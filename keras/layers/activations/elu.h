// keras.layers.ELU (keras/src/layers/activations/elu.py): f(x) = alpha * (exp(x) - 1) for x < 0,
// x for x >= 0. No weights; masks pass through.
#pragma once

#include "keras/layers/layer.h"

namespace keras::layers {

struct ELUOptions {
  double alpha = 1.0;  // the scale of the negative part
  KERAS_LAYER_OPTIONS
};

class ELUImpl : public Layer {
 public:
  explicit ELUImpl(const ELUOptions& options = {});

  double alpha() const { return options_.alpha; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  // {"name", "alpha", "trainable", "dtype"}, Keras 3.15's order.
  Json get_config() const override;
  static std::shared_ptr<ELUImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  ELUOptions options_;
};

using ELU = OptionsLayer<ELUImpl, ELUOptions>;

}  // namespace keras::layers
