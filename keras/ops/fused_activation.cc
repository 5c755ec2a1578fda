#include "keras/ops/fused_activation.h"

#include <iterator>
#include <utility>

#include "keras/core/error.h"

namespace keras::ops {

namespace {

constexpr std::pair<FusedActivation, std::string_view> kFused[] = {
    {FusedActivation::linear, "linear"},
    {FusedActivation::relu, "relu"},
    {FusedActivation::sigmoid, "sigmoid"},
    {FusedActivation::tanh, "tanh"},
};

}  // namespace

std::optional<FusedActivation> fused_activation(std::string_view name) {
  for (const auto& [activation, n] : kFused)
    if (n == name) return activation;
  return std::nullopt;
}

std::string_view name(FusedActivation activation) {
  for (const auto& [a, n] : kFused)
    if (a == activation) return n;
  KERAS_UNREACHABLE("FusedActivation ", static_cast<int>(activation));
}

std::string fused_activation_names() {
  std::string out;
  for (size_t i = 0; i < std::size(kFused); ++i) {
    if (i > 0) out += i + 1 == std::size(kFused) ? " or " : ", ";
    out += kFused[i].second;
  }
  return out;
}

}  // namespace keras::ops
