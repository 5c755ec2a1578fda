// The activations the `dense` op fuses into its matmul (and `activation_grad` differentiates from
// the output): the one list that the op definitions, every backend's kernels, keras::ops::dense
// and the Dense layer's choice to fuse all read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace keras::ops {

enum class FusedActivation { linear, relu, sigmoid, tanh };

// The fused activation Keras calls `name`; none when dense cannot fuse it.
std::optional<FusedActivation> fused_activation(std::string_view name);
// Keras's name of the activation ("relu").
std::string_view name(FusedActivation activation);
// "linear, relu, sigmoid or tanh", for messages.
std::string fused_activation_names();

}  // namespace keras::ops
