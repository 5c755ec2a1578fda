// keras.layers.ReLU (keras/src/layers/activations/relu.py): Keras's general rectifier,
//   f(x) = max_value            for x >= max_value
//        = x                    for threshold <= x < max_value
//        = negative_slope * (x - threshold) otherwise.
// No weights; masks pass through.
#pragma once

#include <optional>

#include "keras/layers/layer.h"

namespace keras::layers {

struct ReLUOptions {
  std::optional<double> max_value;  // none: unbounded
  double negative_slope = 0.0;
  double threshold = 0.0;
  KERAS_LAYER_OPTIONS
};

class ReLUImpl : public Layer {
 public:
  // ValueError for a negative max_value, negative_slope or threshold.
  explicit ReLUImpl(const ReLUOptions& options = {});

  const std::optional<double>& max_value() const { return options_.max_value; }
  double negative_slope() const { return options_.negative_slope; }
  double threshold() const { return options_.threshold; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<ReLUImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  ReLUOptions options_;
};

using ReLU = OptionsLayer<ReLUImpl, ReLUOptions>;

}  // namespace keras::layers
