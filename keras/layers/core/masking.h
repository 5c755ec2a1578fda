// keras.layers.Masking (keras/src/layers/core/masking.py): masks the timesteps (the positions
// of every axis but the last) whose features all equal mask_value. Masked timesteps come out as
// zeros, and the output carries the mask any(inputs != mask_value, axis=-1) for the layers
// downstream (an input's own mask is replaced by it, as in Keras).
#pragma once

#include "keras/layers/layer.h"

namespace keras::layers {

struct MaskingOptions {
  double mask_value = 0.0;
  KERAS_LAYER_OPTIONS
};

class MaskingImpl : public Layer {
 public:
  explicit MaskingImpl(const MaskingOptions& options = {});

  double mask_value() const { return options_.mask_value; }

  Tensors compute_mask(const Tensors& inputs, const Tensors& previous_mask) override;
  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<MaskingImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  // any(inputs != mask_value) over the last axis, as a bool tensor.
  Tensor timestep_mask(const Tensor& x, bool keepdims) const;

  MaskingOptions options_;
};

using Masking = OptionsLayer<MaskingImpl, MaskingOptions>;

}  // namespace keras::layers
