// keras::ops linear algebra: keras.ops.matmul, and kerascpp's fused dense.
// They work on concrete tensors (run now) and symbolic tensors (add a graph node) alike.
#pragma once

#include <string>

#include "keras/core/tensor.h"

namespace keras::ops {

// keras.ops.matmul with NumPy semantics: [..., M, K] @ [..., K, N] -> [..., M, N], leading batch
// dimensions broadcast; a 1-D `a` is a row vector and a 1-D `b` a column vector, and the added
// dimension is removed from the result (two 1-D operands give a scalar). Float inputs of one
// dtype. Throws ValueError naming both shapes when the inner dimensions differ.
Tensor matmul(const Tensor& a, const Tensor& b);

// activation(x @ kernel + bias) in one op: x [..., K], kernel [K, N], bias [N] (undefined for no
// bias) -> [..., N]. activation is one that keras/ops/fused_activation.h lists ("" is linear);
// Dense layers use it when their activation is one of these.
Tensor dense(const Tensor& x, const Tensor& kernel, const Tensor& bias = {},
             const std::string& activation = "linear");

}  // namespace keras::ops
