// keras::ops elementwise functions, named as keras.ops in Keras 3: unary math, activations,
// arithmetic and comparisons with NumPy broadcasting, where, cast and the *_like fillers.
//
// They take concrete tensors (computed at once) or symbolic ones (a graph node is recorded), and
// any mix of the two.
//
// Dtypes (Keras 3's promotion, which follows JAX):
//  - Two tensors of different dtypes meet at the wider one: float32 + float64 -> float64, an
//    integer or bool with a float -> that float, int32 + int64 -> int64, uint8 + int32 -> int32,
//    bool with anything -> the other.
//  - A double operand is weakly typed: it takes the tensor's dtype (2.0 * int32 -> int32), except
//    that a non-integral value with an integer or bool tensor gives floatx (0.5 * int32 ->
//    float32); an integral value with a bool tensor gives int32.
//  - divide always returns a float: integer (and bool) operands are divided in floatx.
//  - Float-only math (exp, log, sqrt, tanh, sigmoid and the other activations) on integer or
//    bool input computes in floatx, as Keras does; negative, abs, sign, square, relu and clip
//    keep an integer dtype.
//  - Kernels exist for float32/float64/int32/int64 (and bool for comparisons, every dtype for
//    where and cast); float16/bfloat16 compute in float32 and uint8 (and bool, for arithmetic)
//    in int32, then the result is cast back (uint8 wraps; bool is "!= 0": add is a logical or).
// Bad input (an empty tensor, shapes that do not broadcast) throws keras::ValueError, a dtype
// with no meaning for the op keras::TypeError.
#pragma once

#include <optional>

#include "keras/core/tensor.h"

namespace keras::ops {

// --- Unary math ---------------------------------------------------------------------------------
Tensor negative(const Tensor& x);
Tensor abs(const Tensor& x);
Tensor sign(const Tensor& x);  // -1, 0 or 1
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor rsqrt(const Tensor& x);  // 1 / sqrt(x)
Tensor square(const Tensor& x);
Tensor tanh(const Tensor& x);

// --- Activations (keras.ops.nn names) -----------------------------------------------------------
Tensor sigmoid(const Tensor& x);
Tensor relu(const Tensor& x);
Tensor relu6(const Tensor& x);
Tensor leaky_relu(const Tensor& x, double negative_slope = 0.2);
Tensor elu(const Tensor& x, double alpha = 1.0);
Tensor selu(const Tensor& x);
// keras.ops.gelu defaults to the tanh approximation (the "gelu" activation string does not).
Tensor gelu(const Tensor& x, bool approximate = true);
Tensor softplus(const Tensor& x);
Tensor softsign(const Tensor& x);
Tensor silu(const Tensor& x);
// Keras 3's definition: clip(x / 6 + 0.5, 0, 1) (Keras 2 used slope 0.2).
Tensor hard_sigmoid(const Tensor& x);
Tensor clip(const Tensor& x, double x_min, double x_max);
// x itself, with no gradient flowing back through it.
Tensor stop_gradient(const Tensor& x);

// --- Binary, broadcasting as NumPy --------------------------------------------------------------
Tensor add(const Tensor& x1, const Tensor& x2);
Tensor add(const Tensor& x1, double x2);
Tensor add(double x1, const Tensor& x2);
Tensor subtract(const Tensor& x1, const Tensor& x2);
Tensor subtract(const Tensor& x1, double x2);
Tensor subtract(double x1, const Tensor& x2);
Tensor multiply(const Tensor& x1, const Tensor& x2);
Tensor multiply(const Tensor& x1, double x2);
Tensor multiply(double x1, const Tensor& x2);
Tensor divide(const Tensor& x1, const Tensor& x2);
Tensor divide(const Tensor& x1, double x2);
Tensor divide(double x1, const Tensor& x2);
Tensor power(const Tensor& x1, const Tensor& x2);
Tensor power(const Tensor& x1, double x2);
Tensor power(double x1, const Tensor& x2);
// NaN in either input gives NaN. Gradients go to x1 on ties.
Tensor maximum(const Tensor& x1, const Tensor& x2);
Tensor maximum(const Tensor& x1, double x2);
Tensor maximum(double x1, const Tensor& x2);
Tensor minimum(const Tensor& x1, const Tensor& x2);
Tensor minimum(const Tensor& x1, double x2);
Tensor minimum(double x1, const Tensor& x2);

// Comparisons return bool tensors.
Tensor equal(const Tensor& x1, const Tensor& x2);
Tensor equal(const Tensor& x1, double x2);
Tensor equal(double x1, const Tensor& x2);
Tensor not_equal(const Tensor& x1, const Tensor& x2);
Tensor not_equal(const Tensor& x1, double x2);
Tensor not_equal(double x1, const Tensor& x2);
Tensor less(const Tensor& x1, const Tensor& x2);
Tensor less(const Tensor& x1, double x2);
Tensor less(double x1, const Tensor& x2);
Tensor less_equal(const Tensor& x1, const Tensor& x2);
Tensor less_equal(const Tensor& x1, double x2);
Tensor less_equal(double x1, const Tensor& x2);
Tensor greater(const Tensor& x1, const Tensor& x2);
Tensor greater(const Tensor& x1, double x2);
Tensor greater(double x1, const Tensor& x2);
Tensor greater_equal(const Tensor& x1, const Tensor& x2);
Tensor greater_equal(const Tensor& x1, double x2);
Tensor greater_equal(double x1, const Tensor& x2);

// condition ? x1 : x2, all three broadcast together; a non-bool condition means "!= 0".
Tensor where(const Tensor& condition, const Tensor& x1, const Tensor& x2);
Tensor where(const Tensor& condition, const Tensor& x1, double x2);
Tensor where(const Tensor& condition, double x1, const Tensor& x2);

// --- Dtype and fillers --------------------------------------------------------------------------
// Float to integer truncates toward zero; to bool is "!= 0". Returns x itself when the dtype
// already matches.
Tensor cast(const Tensor& x, DType dtype);
Tensor ones_like(const Tensor& x, std::optional<DType> dtype = std::nullopt);
Tensor zeros_like(const Tensor& x, std::optional<DType> dtype = std::nullopt);
Tensor full_like(const Tensor& x, double fill_value, std::optional<DType> dtype = std::nullopt);

}  // namespace keras::ops
