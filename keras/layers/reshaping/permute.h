// keras.layers.Permute (keras/src/layers/reshaping/permute.py): reorders the non-batch axes.
// dims counts from 1, as in Keras: Permute({2, 1}) swaps the two axes after the batch axis.
#pragma once

#include <vector>

#include "keras/layers/layer.h"

namespace keras::layers {

struct PermuteOptions {
  KERAS_LAYER_OPTIONS
};

class PermuteImpl : public Layer {
 public:
  // dims must be a permutation of 1..n (ValueError otherwise); inputs then have rank n + 1.
  explicit PermuteImpl(std::vector<int> dims, const PermuteOptions& options = {});

  const std::vector<int>& dims() const { return dims_; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<PermuteImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  std::vector<int> dims_;
  PermuteOptions options_;
};

class Permute : public LayerHandle<PermuteImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit Permute(std::vector<int> dims, const PermuteOptions& options = {})
      : LayerHandle(std::make_shared<PermuteImpl>(std::move(dims), options)) {}
};

}  // namespace keras::layers
