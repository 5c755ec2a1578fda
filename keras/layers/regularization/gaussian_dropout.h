// keras.layers.GaussianDropout (keras/src/layers/regularization/gaussian_dropout.py): in
// training, multiplies the inputs by Gaussian noise of mean 1 and standard deviation
// sqrt(rate / (1 - rate)) (the variance of Dropout's scaled mask at that rate); inference is the
// identity. No weights; one seed generator when rate > 0; masks pass through.
#pragma once

#include <optional>

#include "keras/layers/layer.h"

namespace keras::layers {

struct GaussianDropoutOptions {
  std::optional<int64_t> seed;  // none: a random seed
  KERAS_LAYER_OPTIONS
};

class GaussianDropoutImpl : public Layer {
 public:
  // ValueError for a rate outside [0, 1]. A rate of 1 gives infinite noise, and training calls
  // then throw ValueError (Keras divides by zero there).
  explicit GaussianDropoutImpl(double rate, const GaussianDropoutOptions& options = {});

  double rate() const { return rate_; }
  const std::optional<int64_t>& seed() const { return options_.seed; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<GaussianDropoutImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  double rate_;
  GaussianDropoutOptions options_;
  std::optional<random::SeedGenerator> seed_generator_;
};

class GaussianDropout : public LayerHandle<GaussianDropoutImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit GaussianDropout(double rate, const GaussianDropoutOptions& options = {})
      : LayerHandle(std::make_shared<GaussianDropoutImpl>(rate, options)) {}
};

}  // namespace keras::layers
