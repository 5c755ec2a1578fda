// keras.layers.BatchNormalization (keras/src/layers/normalization/batch_normalization.py):
// normalizes along `axis` with the batch's mean and (biased) variance in training, with moving
// averages of them in inference. Weights gamma (scale), beta (center), then the non-trainable
// moving_mean and moving_variance, each of the normalized axis' size; renorm=True adds
// moving_stddev, renorm_mean and renorm_stddev (Batch Renormalization, as Keras 3.16).
//
//   layers::BatchNormalization bn({.momentum = 0.9});
//   Tensor y = bn(x, {.training = true});   // batch statistics; moving averages updated
//
// A frozen layer (trainable=false) runs in inference mode even when called with training=true,
// as in Keras 3. Computation is in float32 at least (float16 inputs are upcast). A mask (of the
// inputs' rank minus one) weights the batch moments in training.
#pragma once

#include <optional>

#include "keras/layers/axis_arg.h"
#include "keras/layers/layer.h"

namespace keras::layers {

// Keras's renorm_clipping dict: bounds on the renorm corrections r and d (absent: unbounded).
struct RenormClipping {
  std::optional<double> rmax, rmin, dmax;
};

struct BatchNormalizationOptions {
  // Keras 3 takes one int; a list (the axes' dims give the weights' shape, as
  // LayerNormalization's) is a kerascpp extension.
  AxisArg axis = -1;
  double momentum = 0.99;
  double epsilon = 1e-3;
  bool center = true;
  bool scale = true;
  initializers::InitializerArg beta_initializer = "zeros";
  initializers::InitializerArg gamma_initializer = "ones";
  initializers::InitializerArg moving_mean_initializer = "zeros";
  initializers::InitializerArg moving_variance_initializer = "ones";
  regularizers::RegularizerArg beta_regularizer;
  regularizers::RegularizerArg gamma_regularizer;
  constraints::ConstraintArg beta_constraint;
  constraints::ConstraintArg gamma_constraint;
  bool renorm = false;
  std::optional<RenormClipping> renorm_clipping;  // with renorm: none means {}
  double renorm_momentum = 0.99;
  // Cross-replica statistics; kerascpp runs one replica, so it changes nothing.
  bool synchronized = false;
  KERAS_LAYER_OPTIONS
};

class BatchNormalizationImpl : public Layer {
 public:
  // ValueError for renorm_clipping with rmax < rmin or dmax < 0, and for repeated axes.
  explicit BatchNormalizationImpl(const BatchNormalizationOptions& options = {});

  const AxisArg& axis() const { return options_.axis; }
  double momentum() const { return options_.momentum; }
  double epsilon() const { return options_.epsilon; }
  // The weights; ValueError before the layer is built. gamma() is empty without scale, beta()
  // without center, the renorm ones without renorm.
  const Variable& gamma() const;
  const Variable& beta() const;
  const Variable& moving_mean() const;
  const Variable& moving_variance() const;
  const Variable& moving_stddev() const;
  const Variable& renorm_mean() const;
  const Variable& renorm_stddev() const;

  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<BatchNormalizationImpl> from_config(const Json& config);

 protected:
  void build_state(const Shapes& input_shape) override;
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  const Variable& built_weight(const Variable& v, const char* name) const;
  // The axes as non-negative sorted positions for inputs of `rank`; ValueError when out of range.
  std::vector<int> canonical_axes(const Shape& shape) const;
  // The batch mean and variance over the non-normalized axes (shape (1, .., C, .., 1)), weighted
  // by `mask` when it is defined (Keras's _moments).
  std::pair<Tensor, Tensor> moments(const Tensor& x, const Tensor& mask) const;
  // variable = value now (concrete) or as an update of the traced graph (symbolic).
  void update(Variable variable, const Tensor& value);

  BatchNormalizationOptions options_;
  WeightArgs gamma_args_, beta_args_, moving_mean_args_, moving_variance_args_;

  std::vector<int> axes_;            // canonical, set by build
  std::vector<int> reduction_axes_;  // every other axis
  Variable gamma_, beta_, moving_mean_, moving_variance_;
  Variable moving_stddev_, renorm_mean_, renorm_stddev_;
};

using BatchNormalization = OptionsLayer<BatchNormalizationImpl, BatchNormalizationOptions>;

}  // namespace keras::layers
