// keras.layers.EinsumDense (keras/src/layers/core/einsum_dense.py): a dense layer of any
// dimensionality, activation(einsum(equation, inputs, kernel) + bias). The equation has one of
// Keras's three forms: "ab,bc->ac", "...b,bc->...c" (leading axes elided) or "ab...,bc->ac..."
// (trailing axes elided); the first input letter (or the ellipsis) holds the batch axis.
// output_shape gives the output's dimensions after the batch axis (and outside the ellipsis),
// -1 (None) where the input determines them. Weights: kernel, shaped by the weight term, and
// bias, shaped by bias_axes (a string of output letters; none: no bias) and broadcast against
// the output's trailing axes.
//
//   layers::EinsumDense proj("abc,cde->abde", {-1, 8, 64}, {.bias_axes = "de"});
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "keras/activations/activations.h"
#include "keras/layers/layer.h"

namespace keras::layers {

struct EinsumDenseOptions {
  activations::ActivationArg activation;  // linear
  std::optional<std::string> bias_axes;   // none: no bias
  initializers::InitializerArg kernel_initializer = "glorot_uniform";
  initializers::InitializerArg bias_initializer = "zeros";
  regularizers::RegularizerArg kernel_regularizer;
  regularizers::RegularizerArg bias_regularizer;
  constraints::ConstraintArg kernel_constraint;
  constraints::ConstraintArg bias_constraint;
  KERAS_LAYER_OPTIONS
};

class EinsumDenseImpl : public Layer {
 public:
  // A malformed equation throws ValueError (Keras's message) here; shapes that do not fit the
  // equation throw when the layer is built.
  EinsumDenseImpl(std::string equation, Shape output_shape, const EinsumDenseOptions& options = {});

  const std::string& equation() const { return equation_; }
  // The output_shape argument (Keras's partial_output_shape).
  const Shape& partial_output_shape() const { return partial_output_shape_; }
  const std::optional<std::string>& bias_axes() const { return options_.bias_axes; }
  // The weights; ValueError before the layer is built. bias() is empty without bias_axes.
  const Variable& kernel() const;
  const Variable& bias() const { return bias_; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<EinsumDenseImpl> from_config(const Json& config);

 protected:
  void build_state(const Shapes& input_shape) override;
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  // Keras's _analyze_einsum_string for inputs of this shape.
  struct Analysis {
    Shape kernel_shape;
    std::optional<Shape> bias_shape;
    Shape output_shape;                        // the full output shape, batch included
    std::vector<int> input_axes, output_axes;  // kernel axes shared with the input / output
  };
  Analysis analyze(const Shape& input_shape) const;

  std::string equation_;
  // The equation's terms, with Keras's form: "..." elided on the left, on the right, or absent.
  std::string input_spec_, weight_spec_, output_spec_;
  bool left_elided_ = false, right_elided_ = false;
  Shape partial_output_shape_;
  EinsumDenseOptions options_;
  WeightArgs kernel_args_, bias_args_;
  Variable kernel_, bias_;
};

class EinsumDense : public LayerHandle<EinsumDenseImpl> {
 public:
  using LayerHandle::LayerHandle;
  EinsumDense(std::string equation, Shape output_shape, const EinsumDenseOptions& options = {})
      : LayerHandle(std::make_shared<EinsumDenseImpl>(std::move(equation), std::move(output_shape),
                                                      options)) {}
  // One output dimension: Keras's output_shape=64.
  EinsumDense(std::string equation, int64_t output_shape, const EinsumDenseOptions& options = {})
      : EinsumDense(std::move(equation), Shape{output_shape}, options) {}
};

}  // namespace keras::layers
