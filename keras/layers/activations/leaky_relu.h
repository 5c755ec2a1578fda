// keras.layers.LeakyReLU (keras/src/layers/activations/leaky_relu.py):
// f(x) = x for x >= 0, negative_slope * x otherwise. The layer's default slope is 0.3 (the
// function keras::activations::leaky_relu defaults to 0.2, as in Keras). No weights; masks pass
// through.
#pragma once

#include "keras/layers/layer.h"

namespace keras::layers {

struct LeakyReLUOptions {
  double negative_slope = 0.3;
  KERAS_LAYER_OPTIONS
};

class LeakyReLUImpl : public Layer {
 public:
  // ValueError for a negative (or NaN) negative_slope.
  explicit LeakyReLUImpl(const LeakyReLUOptions& options = {});

  double negative_slope() const { return options_.negative_slope; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  // Reads Keras 2's `alpha` as negative_slope, with Keras's deprecation warning.
  static std::shared_ptr<LeakyReLUImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  LeakyReLUOptions options_;
};

using LeakyReLU = OptionsLayer<LeakyReLUImpl, LeakyReLUOptions>;

}  // namespace keras::layers
