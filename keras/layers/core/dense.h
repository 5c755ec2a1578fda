// keras.layers.Dense (keras/src/layers/core/dense.py): activation(inputs · kernel + bias) on the
// last axis of inputs of any rank >= 2. Weights: kernel (input_dim, units), bias (units,).
// Activations linear, relu, sigmoid and tanh run fused with the matmul in one op.
#pragma once

#include "keras/activations/activations.h"
#include "keras/layers/layer.h"

namespace keras::layers {

struct DenseOptions {
  activations::ActivationArg activation;  // linear
  bool use_bias = true;
  initializers::InitializerArg kernel_initializer = "glorot_uniform";
  initializers::InitializerArg bias_initializer = "zeros";
  regularizers::RegularizerArg kernel_regularizer;
  regularizers::RegularizerArg bias_regularizer;
  constraints::ConstraintArg kernel_constraint;
  constraints::ConstraintArg bias_constraint;
  KERAS_LAYER_OPTIONS
};

class DenseImpl : public Layer {
 public:
  // units must be positive (ValueError otherwise).
  explicit DenseImpl(int64_t units, const DenseOptions& options = {});

  int64_t units() const { return units_; }
  // The weights; ValueError before the layer is built. bias() is empty without use_bias.
  const Variable& kernel() const;
  const Variable& bias() const { return bias_; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<DenseImpl> from_config(const Json& config);

 protected:
  void build_state(const Shapes& input_shape) override;
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  int64_t units_;
  DenseOptions options_;
  WeightArgs kernel_args_, bias_args_;
  Variable kernel_, bias_;
};

class Dense : public LayerHandle<DenseImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit Dense(int64_t units, const DenseOptions& options = {})
      : LayerHandle(std::make_shared<DenseImpl>(units, options)) {}
};

}  // namespace keras::layers
