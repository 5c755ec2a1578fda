// Tensor shapes. A dimension of kUnknown (-1) is a symbolic size, e.g. the batch dimension of a
// model input before data arrives; Keras prints it as None.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <compare>
#include <vector>

namespace keras {

class Shape {
 public:
  static constexpr int64_t kUnknown = -1;

  Shape() = default;
  Shape(std::initializer_list<int64_t> dims) : dims_(dims) {}
  explicit Shape(std::vector<int64_t> dims) : dims_(std::move(dims)) {}

  int rank() const { return static_cast<int>(dims_.size()); }
  int64_t operator[](int axis) const { return dims_[static_cast<size_t>(axis)]; }
  int64_t& operator[](int axis) { return dims_[static_cast<size_t>(axis)]; }
  // Dimension by Python-style index (-1 is the last axis); throws ValueError when out of range.
  int64_t dim(int axis) const;
  const std::vector<int64_t>& dims() const { return dims_; }
  auto begin() const { return dims_.begin(); }
  auto end() const { return dims_.end(); }

  bool is_fully_defined() const;
  // Product of the dimensions (1 for a scalar); throws ValueError when a dimension is unknown.
  int64_t num_elements() const;

  // "(None, 784)", "(3,)", "()" as Python prints tuples.
  std::string to_string() const;

  friend bool operator==(const Shape&, const Shape&) = default;
  friend auto operator<=>(const Shape&, const Shape&) = default;  // for maps keyed by shapes

 private:
  std::vector<int64_t> dims_;
};

std::ostream& operator<<(std::ostream& out, const Shape& shape);

// Normalizes a possibly negative axis against `rank`; throws ValueError naming `where`.
int normalize_axis(int axis, int rank, const char* where = "axis");

// Row-major strides (in elements) of a fully defined shape.
std::vector<int64_t> strides_of(const Shape& shape);

}  // namespace keras
