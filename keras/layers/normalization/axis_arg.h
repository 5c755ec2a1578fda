// The `axis=` argument of the normalization layers (keras/src/layers/normalization/): one axis
// or a list of axes. Keras writes back what it was given, so an int and a one-element list stay
// apart in configs ("axis": -1 against "axis": [-1]).
//
//   layers::LayerNormalization ln({.axis = {1, 2}});
//   layers::UnitNormalization un({.axis = -1});
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/json.h"
#include "keras/core/tensor.h"
#include "keras/core/variable.h"

namespace keras::layers {

class AxisArg {
 public:
  AxisArg(int axis) : axes_{axis} {}  // NOLINT: axis = -1
  AxisArg(std::initializer_list<int> axes) : axes_(axes), is_list_(true) {}
  AxisArg(std::vector<int> axes) : axes_(std::move(axes)), is_list_(true) {}  // NOLINT

  bool is_list() const { return is_list_; }
  const std::vector<int>& axes() const { return axes_; }

  // An int or a list of ints, as Keras writes it.
  Json to_json() const;
  // Python's repr of the value: -1 or [1, 2].
  std::string to_string() const;
  // The value of a config's "axis"; nullopt for anything but an int or a list of ints.
  static std::optional<AxisArg> from_json(const Json& value);

 private:
  std::vector<int> axes_;
  bool is_list_ = false;
};

namespace normalization_detail {

// A weight's value for computing with `like`: the value itself next to concrete tensors, a read
// of the variable when `like` is symbolic (so a traced graph sees the variable's later values
// and differentiates through it, instead of holding a constant made at trace time); cast to
// `dtype`.
Tensor read(const Variable& variable, const Tensor& like, DType dtype);

// Keras's result_type(dtype, "float32") for float inputs: float64 stays, others (float16,
// bfloat16, float32, integers) compute in float32.
DType at_least_float32(DType dtype);

}  // namespace normalization_detail

}  // namespace keras::layers
