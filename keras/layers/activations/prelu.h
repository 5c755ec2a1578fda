// keras.layers.PReLU (keras/src/layers/activations/prelu.py): the parametric rectifier
// f(x) = x for x >= 0, alpha * x otherwise, with a learned alpha of the input's shape without
// the batch axis. shared_axes (input axes >= 1) share one alpha along them (size 1 in alpha),
// e.g. {1, 2} for one alpha per channel of (batch, height, width, channels) images.
#pragma once

#include <optional>
#include <vector>

#include "keras/layers/layer.h"

namespace keras::layers {

struct PReLUOptions {
  initializers::InitializerArg alpha_initializer = "Zeros";
  regularizers::RegularizerArg alpha_regularizer;
  constraints::ConstraintArg alpha_constraint;
  std::optional<std::vector<int>> shared_axes;
  KERAS_LAYER_OPTIONS
};

class PReLUImpl : public Layer {
 public:
  // ValueError for a shared axis below 1 (the batch axis cannot be shared); axes beyond the
  // input's rank are rejected when the layer is built.
  explicit PReLUImpl(const PReLUOptions& options = {});

  const std::optional<std::vector<int>>& shared_axes() const { return options_.shared_axes; }
  // ValueError before the layer is built.
  const Variable& alpha() const;

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<PReLUImpl> from_config(const Json& config);

 protected:
  void build_state(const Shapes& input_shape) override;
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  PReLUOptions options_;
  WeightArgs alpha_args_;
  Variable alpha_;
};

using PReLU = OptionsLayer<PReLUImpl, PReLUOptions>;

}  // namespace keras::layers
