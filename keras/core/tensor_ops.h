// Arithmetic operators on tensors, for the NumPy-style preprocessing Keras users write
// (`(x - mean) / std`, `images / 255.0`, `-x`). Each is the keras::ops function of the same
// meaning (keras/ops/math.h): NumPy broadcasting, Keras's dtype promotion (a double takes the
// tensor's dtype unless it has a fraction and the tensor is an integer; `/` always gives a
// float). Works on concrete tensors (computed at once) and symbolic ones (graph nodes).
#pragma once

#include "keras/core/tensor.h"

namespace keras {

Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, double b);
Tensor operator+(double a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, double b);
Tensor operator-(double a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, double b);
Tensor operator*(double a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, double b);
Tensor operator/(double a, const Tensor& b);
Tensor operator-(const Tensor& x);

}  // namespace keras
