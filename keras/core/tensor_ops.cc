#include "keras/core/tensor_ops.h"

#include "keras/ops/math.h"

namespace keras {

Tensor operator+(const Tensor& a, const Tensor& b) {
  return ops::add(a, b);
}
Tensor operator+(const Tensor& a, double b) {
  return ops::add(a, b);
}
Tensor operator+(double a, const Tensor& b) {
  return ops::add(a, b);
}
Tensor operator-(const Tensor& a, const Tensor& b) {
  return ops::subtract(a, b);
}
Tensor operator-(const Tensor& a, double b) {
  return ops::subtract(a, b);
}
Tensor operator-(double a, const Tensor& b) {
  return ops::subtract(a, b);
}
Tensor operator*(const Tensor& a, const Tensor& b) {
  return ops::multiply(a, b);
}
Tensor operator*(const Tensor& a, double b) {
  return ops::multiply(a, b);
}
Tensor operator*(double a, const Tensor& b) {
  return ops::multiply(a, b);
}
Tensor operator/(const Tensor& a, const Tensor& b) {
  return ops::divide(a, b);
}
Tensor operator/(const Tensor& a, double b) {
  return ops::divide(a, b);
}
Tensor operator/(double a, const Tensor& b) {
  return ops::divide(a, b);
}
Tensor operator-(const Tensor& x) {
  return ops::negative(x);
}

}  // namespace keras
