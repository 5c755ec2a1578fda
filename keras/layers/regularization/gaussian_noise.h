// keras.layers.GaussianNoise (keras/src/layers/regularization/gaussian_noise.py): in training,
// adds zero-centred Gaussian noise of standard deviation `stddev` to the inputs (a regularizer
// and a data augmentation for real-valued inputs); inference is the identity. No weights; one
// seed generator when stddev > 0; masks pass through.
#pragma once

#include <optional>

#include "keras/layers/layer.h"

namespace keras::layers {

struct GaussianNoiseOptions {
  std::optional<int64_t> seed;  // none: a random seed
  KERAS_LAYER_OPTIONS
};

class GaussianNoiseImpl : public Layer {
 public:
  // ValueError for a stddev outside [0, 1] (Keras 3's check).
  explicit GaussianNoiseImpl(double stddev, const GaussianNoiseOptions& options = {});

  double stddev() const { return stddev_; }
  const std::optional<int64_t>& seed() const { return options_.seed; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<GaussianNoiseImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  double stddev_;
  GaussianNoiseOptions options_;
  std::optional<random::SeedGenerator> seed_generator_;
};

class GaussianNoise : public LayerHandle<GaussianNoiseImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit GaussianNoise(double stddev, const GaussianNoiseOptions& options = {})
      : LayerHandle(std::make_shared<GaussianNoiseImpl>(stddev, options)) {}
};

}  // namespace keras::layers
