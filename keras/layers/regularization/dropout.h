// keras.layers.Dropout (keras/src/layers/regularization/dropout.py): in training, each input
// unit is zeroed with probability `rate` and the kept ones are scaled by 1 / (1 - rate), so sums
// keep their expectation; in inference the inputs pass unchanged. noise_shape draws the mask on
// a smaller shape that broadcasts over the inputs: (batch, 1, features) drops whole features of
// every time step alike; -1 entries (Keras's None) take the inputs' size. No weights; one seed
// generator when rate > 0; masks pass through.
#pragma once

#include <optional>

#include "keras/layers/layer.h"

namespace keras::layers {

struct DropoutOptions {
  std::optional<Shape> noise_shape;  // none: the inputs' shape
  std::optional<int64_t> seed;       // none: a random seed
  KERAS_LAYER_OPTIONS
};

class DropoutImpl : public Layer {
 public:
  // ValueError for a rate outside [0, 1] or a noise_shape entry other than a positive size or -1.
  explicit DropoutImpl(double rate, const DropoutOptions& options = {});

  double rate() const { return rate_; }
  const std::optional<Shape>& noise_shape() const { return options_.noise_shape; }
  const std::optional<int64_t>& seed() const { return options_.seed; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<DropoutImpl> from_config(const Json& config);

 protected:
  // For the spatial dropouts, which share the checks and the seed generator.
  DropoutImpl(std::string class_name, double rate, const DropoutOptions& options);

  Tensors call(const Tensors& inputs, const CallContext& context) override;
  // Dropout of `x` with a mask of this noise shape (none: x's shape), or x itself when the
  // rate is 0; zeros when the rate is 1 (as Keras's JAX and torch backends give).
  Tensor drop(const Tensor& x, const std::optional<Shape>& noise_shape);

 private:
  double rate_;
  DropoutOptions options_;
  std::optional<random::SeedGenerator> seed_generator_;
};

class Dropout : public LayerHandle<DropoutImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit Dropout(double rate, const DropoutOptions& options = {})
      : LayerHandle(std::make_shared<DropoutImpl>(rate, options)) {}
};

}  // namespace keras::layers
