// keras.layers.UnitNormalization (keras/src/layers/normalization/unit_normalization.py): scales
// each sample to an L2 norm of 1 over `axis`, as Keras's ops.normalize(order=2, epsilon=1e-12):
// x · rsqrt(max(Σ x², 1e-24)), so vectors shorter than 1e-12 are divided by 1e-12 (zero vectors
// stay zero). No weights; built at construction.
#pragma once

#include "keras/layers/axis_arg.h"
#include "keras/layers/layer.h"

namespace keras::layers {

struct UnitNormalizationOptions {
  AxisArg axis = -1;
  KERAS_LAYER_OPTIONS
};

class UnitNormalizationImpl : public Layer {
 public:
  explicit UnitNormalizationImpl(const UnitNormalizationOptions& options = {});

  const AxisArg& axis() const { return options_.axis; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<UnitNormalizationImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  // Non-negative axes for inputs of `shape`; ValueError when one is out of bounds.
  std::vector<int> canonical_axes(const Shape& shape) const;

  UnitNormalizationOptions options_;
};

using UnitNormalization = OptionsLayer<UnitNormalizationImpl, UnitNormalizationOptions>;

}  // namespace keras::layers
