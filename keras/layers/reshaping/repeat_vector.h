// keras.layers.RepeatVector (keras/src/layers/reshaping/repeat_vector.py): (batch, features) ->
// (batch, n, features), the input repeated n times along a new axis 1.
#pragma once

#include "keras/layers/layer.h"

namespace keras::layers {

struct RepeatVectorOptions {
  KERAS_LAYER_OPTIONS
};

class RepeatVectorImpl : public Layer {
 public:
  // n must be positive (ValueError otherwise).
  explicit RepeatVectorImpl(int64_t n, const RepeatVectorOptions& options = {});

  int64_t n() const { return n_; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<RepeatVectorImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  int64_t n_;
  RepeatVectorOptions options_;
};

class RepeatVector : public LayerHandle<RepeatVectorImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit RepeatVector(int64_t n, const RepeatVectorOptions& options = {})
      : LayerHandle(std::make_shared<RepeatVectorImpl>(n, options)) {}
};

}  // namespace keras::layers
