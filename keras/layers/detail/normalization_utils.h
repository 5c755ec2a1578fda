// What the normalization layers (keras/src/layers/normalization/) share: their `axis` argument
// (keras/layers/axis_arg.h) and how they read weights and choose the computation dtype.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/tensor.h"
#include "keras/core/variable.h"
#include "keras/layers/axis_arg.h"

namespace keras::layers {

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
