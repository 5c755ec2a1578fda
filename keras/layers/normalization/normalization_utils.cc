#include "keras/layers/detail/normalization_utils.h"

#include "keras/graph/node.h"
#include "keras/ops/math.h"

namespace keras::layers {

namespace normalization_detail {

Tensor read(const Variable& variable, const Tensor& like, DType dtype) {
  Tensor value = like.is_symbolic() ? graph::variable_read(variable.state_ptr()) : variable.value();
  return ops::cast(value, dtype);
}

DType at_least_float32(DType dtype) {
  return dtype == DType::float64 ? DType::float64 : DType::float32;
}

}  // namespace normalization_detail

}  // namespace keras::layers
