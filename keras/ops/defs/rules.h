// Shape and dtype rules shared by several op declarations.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "keras/core/tensor_meta.h"
#include "keras/ops/attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops::rules {

// NumPy broadcasting of two shapes; an unknown dimension (-1) against n gives n (against 1 it
// stays unknown). Throws ValueError naming `op` and both shapes when they do not broadcast.
Shape broadcast_shapes(const Shape& a, const Shape& b, std::string_view op);

// Throws TypeError unless `meta` has one of `allowed`; names the op and the input position.
void expect_dtype(const TensorMeta& meta, std::span<const DType> allowed, std::string_view op,
                  int input);
inline void expect_dtype(const TensorMeta& meta, std::initializer_list<DType> allowed,
                         std::string_view op, int input) {
  expect_dtype(meta, std::span<const DType>(allowed.begin(), allowed.size()), op, input);
}
void expect_float(const TensorMeta& meta, std::string_view op, int input);
// Throws TypeError unless a and b share a dtype.
void expect_same_dtype(const TensorMeta& a, const TensorMeta& b, std::string_view op);
// Throws ValueError unless `meta` has the given rank (or at least `min_rank` with the second form).
void expect_rank(const TensorMeta& meta, int rank, std::string_view op, int input);
void expect_min_rank(const TensorMeta& meta, int min_rank, std::string_view op, int input);

// The value of the required attribute `name` of `op` (keras/ops/op_attrs.h); ValueError when the
// call left it unset.
template <class T>
const T& required(const std::optional<T>& value, std::string_view op, std::string_view name) {
  if (!value) throw ValueError(str("op '", op, "' needs the attribute '", name, "'"));
  return *value;
}

// Output = input 0 (elementwise unary ops).
std::vector<TensorMeta> same_as_first(std::span<const TensorMeta> in, const Attrs&);

}  // namespace keras::ops::rules
