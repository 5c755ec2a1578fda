// keras.utils.to_categorical and keras.utils.normalize, as Keras 3 has them
// (keras/src/utils/numerical_utils.py), on tensors: built from keras::ops, so they run at once on
// concrete tensors and add graph nodes on symbolic ones.
#pragma once

#include <cstdint>
#include <optional>

#include "keras/core/tensor.h"

namespace keras::utils {

// Integer class labels to one-hot vectors along a new last axis:
//   to_categorical(Tensor::from_vector<int64_t>({0, 2, 1}))  ->  [[1,0,0], [0,0,1], [0,1,0]]
// - A trailing axis of size 1 is dropped first when the rank is above 1: (N, 1) -> (N, C).
// - num_classes: none (or 0, as Keras's `if not num_classes`) means max(x) + 1.
// - Labels of any dtype are converted to int64 first (floats truncated toward zero, as Keras's
//   np.array(x, dtype="int64")); uint8 labels from keras::datasets work as they are.
// - Output dtype: floatx (float32 by default). Keras 3 returns float64 for NumPy input (its
//   np.zeros default) and floatx for backend tensors (it calls ops.one_hot); kerascpp's inputs
//   are tensors, and float32 is what a model consumes (Keras casts float64 targets to the loss's
//   float32 anyway), so we follow the tensor path.
// - Concrete input: a negative label, or one >= num_classes, throws ValueError naming the label
//   (NumPy would wrap negative labels to the end and raise IndexError past it; Keras's tensor
//   path gives silent zero rows). An empty input needs num_classes (NumPy's max of nothing fails).
// - Symbolic input: num_classes is required (ValueError without it), and out-of-range labels give
//   all-zero rows when the graph runs (ops::one_hot).
Tensor to_categorical(const Tensor& x, std::optional<int64_t> num_classes = std::nullopt);

// x divided by its `order`-norm along `axis` (keras.utils.normalize, which for tensors is
// keras.ops.normalize with epsilon = keras::config::epsilon()): for order 2,
// x · rsqrt(max(sum(x², axis), epsilon²)); otherwise x / max(sum(|x|^order, axis)^(1/order),
// epsilon). A zero vector stays zero. A scalar is treated as a vector of one element (Keras's
// expand_dims). Integer input is converted to floatx first. order must be >= 1 (ValueError with
// Keras's message).
//
// Keras's NumPy path divides by np.linalg.norm and replaces zero norms by 1 instead of clamping
// at epsilon; the results agree up to float rounding except for vectors whose norm is below
// epsilon, where Keras's NumPy path divides by the tiny norm itself; and for 1-D input, which
// Keras's NumPy path returns as (1, n) (its norm goes through atleast_1d and expand_dims) and the
// tensor path, like us, as (n,).
Tensor normalize(const Tensor& x, int axis = -1, int order = 2);

}  // namespace keras::utils
