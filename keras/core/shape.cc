#include "keras/core/shape.h"

#include <ostream>

#include "keras/core/error.h"

namespace keras {

int64_t Shape::dim(int axis) const { return (*this)[normalize_axis(axis, rank())]; }

bool Shape::is_fully_defined() const {
  for (int64_t d : dims_)
    if (d < 0) return false;
  return true;
}

int64_t Shape::num_elements() const {
  int64_t n = 1;
  bool empty = false;
  for (int64_t d : dims_) {
    if (d < 0) throw ValueError(str("shape ", to_string(), " has an unknown dimension"));
    empty = empty || d == 0;
  }
  for (int64_t d : dims_)
    if (!empty && __builtin_mul_overflow(n, d, &n))
      throw ValueError(str("shape ", to_string(), " has too many elements"));
  return empty ? 0 : n;
}

std::string Shape::to_string() const {
  std::string s = "(";
  for (size_t i = 0; i < dims_.size(); ++i) {
    if (i) s += ", ";
    s += dims_[i] < 0 ? "None" : std::to_string(dims_[i]);
  }
  if (dims_.size() == 1) s += ",";
  return s + ")";
}

std::ostream& operator<<(std::ostream& out, const Shape& shape) { return out << shape.to_string(); }

int normalize_axis(int axis, int rank, const char* where) {
  if (axis < -rank || axis >= rank)
    throw ValueError(str(where, " ", axis, " is out of bounds for a tensor of rank ", rank,
                         " (expected -", rank, " <= ", where, " < ", rank, ")"));
  return axis < 0 ? axis + rank : axis;
}

std::vector<int64_t> strides_of(const Shape& shape) {
  std::vector<int64_t> strides(static_cast<size_t>(shape.rank()), 1);
  for (int i = shape.rank() - 2; i >= 0; --i)
    strides[static_cast<size_t>(i)] = strides[static_cast<size_t>(i + 1)] * shape[i + 1];
  return strides;
}

}  // namespace keras
