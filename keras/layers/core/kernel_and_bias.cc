#include "keras/layers/core/kernel_and_bias.h"

namespace keras::layers::detail {

WeightOptions KernelAndBias::kernel(Shape shape) const {
  return {.name = "kernel",
          .shape = std::move(shape),
          .initializer = kernel_initializer,
          .regularizer = kernel_regularizer,
          .constraint = kernel_constraint};
}

WeightOptions KernelAndBias::bias(Shape shape) const {
  return {.name = "bias",
          .shape = std::move(shape),
          .initializer = bias_initializer,
          .regularizer = bias_regularizer,
          .constraint = bias_constraint};
}

void KernelAndBias::write_initializers_and_regularizers(Json& config) const {
  config["kernel_initializer"] = to_config(kernel_initializer);
  config["bias_initializer"] = to_config(bias_initializer);
  config["kernel_regularizer"] = to_config(kernel_regularizer);
  config["bias_regularizer"] = to_config(bias_regularizer);
}

void KernelAndBias::write_constraints(Json& config) const {
  config["kernel_constraint"] = to_config(kernel_constraint);
  config["bias_constraint"] = to_config(bias_constraint);
}

}  // namespace keras::layers::detail
