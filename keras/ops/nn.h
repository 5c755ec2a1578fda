// keras::ops neural-network functions with Keras 3's names and defaults (keras.ops.softmax,
// keras.ops.categorical_crossentropy, ...). The crossentropies return per-sample losses (the
// class axis reduced) and use keras::config::epsilon() for the probability clip, as Keras does.
#pragma once

#include "keras/core/tensor.h"

namespace keras::ops {

Tensor softmax(const Tensor& x, int axis = -1);
Tensor log_softmax(const Tensor& x, int axis = -1);

// target and output of one shape; target is converted to output's dtype.
Tensor categorical_crossentropy(const Tensor& target, const Tensor& output,
                                bool from_logits = false, int axis = -1);
// target holds integer class indices with output's shape without the class axis (a trailing
// size-1 axis is squeezed; float labels are converted to int64). Out-of-range labels throw
// ValueError when the op runs.
Tensor sparse_categorical_crossentropy(const Tensor& target, const Tensor& output,
                                       bool from_logits = false, int axis = -1);
// Elementwise; target and output of one shape.
Tensor binary_crossentropy(const Tensor& target, const Tensor& output, bool from_logits = false);

}  // namespace keras::ops
