// keras.layers.LayerNormalization (keras/src/layers/normalization/layer_normalization.py):
// normalizes each sample over `axis` (the last by default, or several) with its own mean and
// biased variance, then scales by gamma and shifts by beta, both shaped like the normalized axes.
// Computes in float32 at least and does not autocast its inputs (Keras sets autocast=False).
//
//   layers::LayerNormalization ln({.axis = {1, 2}, .epsilon = 1e-5});
//
// rms_scaling=True (deprecated in Keras 3, with its warning) divides by sqrt(variance + epsilon)
// without centering and creates gamma only.
#pragma once

#include "keras/layers/axis_arg.h"
#include "keras/layers/layer.h"

namespace keras::layers {

struct LayerNormalizationOptions {
  AxisArg axis = -1;
  double epsilon = 1e-3;
  bool center = true;
  bool scale = true;
  bool rms_scaling = false;
  initializers::InitializerArg beta_initializer = "zeros";
  initializers::InitializerArg gamma_initializer = "ones";
  regularizers::RegularizerArg beta_regularizer;
  regularizers::RegularizerArg gamma_regularizer;
  constraints::ConstraintArg beta_constraint;
  constraints::ConstraintArg gamma_constraint;
  KERAS_LAYER_OPTIONS
};

class LayerNormalizationImpl : public Layer {
 public:
  explicit LayerNormalizationImpl(const LayerNormalizationOptions& options = {});

  // As given until the layer is built, then the sorted non-negative axes (Keras's self.axis).
  const AxisArg& axis() const { return options_.axis; }
  double epsilon() const { return options_.epsilon; }
  // Empty when absent (scale=false and no rms_scaling; center=false or rms_scaling).
  const Variable& gamma() const { return gamma_; }
  const Variable& beta() const { return beta_; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<LayerNormalizationImpl> from_config(const Json& config);

 protected:
  void build_state(const Shapes& input_shape) override;
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  std::vector<int> canonical_axes(const Shape& shape) const;

  LayerNormalizationOptions options_;
  WeightArgs gamma_args_, beta_args_;
  Variable gamma_, beta_;
};

using LayerNormalization = OptionsLayer<LayerNormalizationImpl, LayerNormalizationOptions>;

}  // namespace keras::layers
