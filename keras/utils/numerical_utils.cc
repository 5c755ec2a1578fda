#include "keras/utils/numerical_utils.h"

#include <algorithm>
#include <vector>

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::utils {

Tensor to_categorical(const Tensor& x, std::optional<int64_t> num_classes) {
  if (num_classes && *num_classes < 0)
    throw ValueError(
        str("`num_classes` must be a positive integer. Received: num_classes=", *num_classes));
  if (num_classes == 0) num_classes.reset();  // Keras: `if not num_classes`

  Tensor labels = x.dtype() == DType::int64 ? x : ops::cast(x, DType::int64);
  // Shrink the last dimension if the shape is (..., 1).
  const Shape& shape = labels.shape();
  if (shape.rank() > 1 && shape[shape.rank() - 1] == 1)
    labels = ops::squeeze(labels, shape.rank() - 1);

  if (labels.is_symbolic()) {
    if (!num_classes)
      throw ValueError(
          "to_categorical of a symbolic tensor needs `num_classes`: max(x) + 1 is only known once "
          "the labels are.");
    return ops::one_hot(labels, *num_classes);
  }

  std::vector<int64_t> values = labels.to_vector<int64_t>();
  if (!num_classes) {
    if (values.empty())
      throw ValueError(
          "to_categorical: `num_classes` cannot be inferred from an empty input (max(x) + 1 of no "
          "labels); pass num_classes.");
    num_classes = *std::max_element(values.begin(), values.end()) + 1;
  }
  for (int64_t v : values) {
    if (v < 0)
      throw ValueError(
          str("to_categorical: class labels must be integers in [0, num_classes); "
              "received the negative label ",
              v));
    if (v >= *num_classes)
      throw ValueError(str("to_categorical: the label ", v, " is out of range for num_classes=",
                           *num_classes, " (labels must be in [0, ", *num_classes, "))"));
  }
  return ops::one_hot(labels, *num_classes);
}

Tensor normalize(const Tensor& x, int axis, int order) {
  if (order < 1)
    throw ValueError(str("Argument `order` must be an int >= 1. Received: order=", order));
  Tensor v = is_floating(x.dtype()) ? x : ops::cast(x, config::floatx_dtype());
  if (v.rank() == 0) v = ops::expand_dims(v, 0);
  double epsilon = config::epsilon();
  // keras/src/ops/nn.py _normalize: L2 as x * rsqrt(...), with the squared norm clamped so that
  // zero vectors give zeros (and a finite gradient).
  if (order == 2) {
    Tensor square_sum = ops::sum(ops::square(v), axis, /*keepdims=*/true);
    return ops::multiply(v, ops::rsqrt(ops::maximum(square_sum, epsilon * epsilon)));
  }
  Tensor magnitude = ops::abs(v);
  Tensor norm = order == 1
                    ? ops::sum(magnitude, axis, true)
                    : ops::power(ops::sum(ops::power(magnitude, order), axis, true), 1.0 / order);
  return ops::divide(v, ops::maximum(norm, epsilon));
}

}  // namespace keras::utils
