// keras.layers.AlphaDropout (keras/src/layers/regularization/alpha_dropout.py): dropout for
// self-normalizing (SELU) networks. In training, dropped units are set to SELU's negative
// saturation alpha' = -alpha * scale, then the result is shifted and scaled by
//   a = ((1 - rate) * (1 + rate * alpha'^2))^-1/2,  b = -a * alpha' * rate
// so that inputs of zero mean and unit variance keep them. Inference is the identity.
// noise_shape broadcasts the mask as in Dropout (-1 entries take the inputs' size). No weights;
// one seed generator when rate > 0; masks pass through.
#pragma once

#include <optional>

#include "keras/layers/layer.h"

namespace keras::layers {

struct AlphaDropoutOptions {
  std::optional<Shape> noise_shape;  // none: the inputs' shape
  std::optional<int64_t> seed;       // none: a random seed
  KERAS_LAYER_OPTIONS
};

class AlphaDropoutImpl : public Layer {
 public:
  // ValueError for a rate outside [0, 1]. A rate of 1 leaves no units, and training calls then
  // throw ValueError (Keras divides by zero there).
  explicit AlphaDropoutImpl(double rate, const AlphaDropoutOptions& options = {});

  double rate() const { return rate_; }
  const std::optional<Shape>& noise_shape() const { return options_.noise_shape; }
  const std::optional<int64_t>& seed() const { return options_.seed; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<AlphaDropoutImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  double rate_;
  AlphaDropoutOptions options_;
  std::optional<random::SeedGenerator> seed_generator_;
};

class AlphaDropout : public LayerHandle<AlphaDropoutImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit AlphaDropout(double rate, const AlphaDropoutOptions& options = {})
      : LayerHandle(std::make_shared<AlphaDropoutImpl>(rate, options)) {}
};

}  // namespace keras::layers
