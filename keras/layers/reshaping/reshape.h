// keras.layers.Reshape (keras/src/layers/reshaping/reshape.py): (batch, ...) ->
// (batch, *target_shape). One dimension of target_shape may be -1, inferred from the input's
// size; the batch axis is never part of target_shape.
#pragma once

#include <vector>

#include "keras/layers/layer.h"

namespace keras::layers {

struct ReshapeOptions {
  KERAS_LAYER_OPTIONS
};

class ReshapeImpl : public Layer {
 public:
  // Each dimension must be >= 0, or -1 at most once (ValueError otherwise, Keras's messages).
  explicit ReshapeImpl(std::vector<int64_t> target_shape, const ReshapeOptions& options = {});

  const std::vector<int64_t>& target_shape() const { return target_shape_; }

  // (batch, *target_shape) with the -1 resolved when the input's other dimensions are known;
  // ValueError naming both shapes when the sizes cannot match.
  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<ReshapeImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  // Keras's compute_reshape_output_shape for the non-batch dimensions; -1 where unknown.
  std::vector<int64_t> resolved_target(const Shape& input_shape) const;

  std::vector<int64_t> target_shape_;
  ReshapeOptions options_;
};

class Reshape : public LayerHandle<ReshapeImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit Reshape(std::vector<int64_t> target_shape, const ReshapeOptions& options = {})
      : LayerHandle(std::make_shared<ReshapeImpl>(std::move(target_shape), options)) {}
};

}  // namespace keras::layers
