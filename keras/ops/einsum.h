// keras.ops.einsum for one or two operands, composed of transpose, reshape, expand_dims,
// squeeze, sum and matmul (no primitive op of its own, so its gradient comes from theirs).
//
//   Tensor y = keras::ops::einsum("abc,cd->abd", {x, kernel});   // (batch, seq, units)
//   Tensor z = keras::ops::einsum("...b,bc->...c", {x, kernel}); // any leading dimensions
//
// Subscripts are letters (a-z, A-Z); each operand may hold one "..." that stands for its
// remaining axes, which broadcast against the other operand's "..." as NumPy does (aligned from
// the right; a size-1 axis stretches). Without "->" the output is NumPy's implicit one: the
// ellipsis axes, then the letters that appear once, in alphabetical order. A letter missing from
// the output is summed over; one in both operands is multiplied along. Spaces are ignored.
//
// Not supported (ValueError): more than two operands, and a letter repeated within one operand
// (traces and diagonals). Operands must be floating point (TypeError otherwise); two float dtypes
// meet at the wider one. Unknown (-1) dimensions of symbolic tensors are carried through.
#pragma once

#include <string>
#include <vector>

#include "keras/core/tensor.h"

namespace keras::ops {

Tensor einsum(std::string equation, std::vector<Tensor> operands);

}  // namespace keras::ops
