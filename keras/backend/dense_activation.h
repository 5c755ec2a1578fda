// The activations the fused `dense` op (and `activation_grad`) accept, parsed once for every
// backend's kernels.
#pragma once

#include <string>

#include "keras/core/error.h"

namespace keras::backend {

enum class DenseActivation { linear, relu, sigmoid, tanh };

inline DenseActivation parse_dense_activation(const std::string& name) {
  if (name == "linear") return DenseActivation::linear;
  if (name == "relu") return DenseActivation::relu;
  if (name == "sigmoid") return DenseActivation::sigmoid;
  if (name == "tanh") return DenseActivation::tanh;
  throw ValueError(
      str("dense: unknown activation '", name, "' (expected linear, relu, sigmoid or tanh)"));
}

}  // namespace keras::backend
