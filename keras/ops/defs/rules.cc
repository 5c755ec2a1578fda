#include "keras/ops/defs/rules.h"

#include <algorithm>

namespace keras::ops::rules {

Shape broadcast_shapes(const Shape& a, const Shape& b, std::string_view op) {
  int rank = std::max(a.rank(), b.rank());
  std::vector<int64_t> out(static_cast<size_t>(rank));
  for (int i = 0; i < rank; ++i) {
    int ia = a.rank() - rank + i, ib = b.rank() - rank + i;
    int64_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
    int64_t d;
    if (da == db)
      d = da;
    else if (da == 1)
      d = db;
    else if (db == 1)
      d = da;
    else if (da == Shape::kUnknown)
      d = db;
    else if (db == Shape::kUnknown)
      d = da;
    else
      throw ValueError(str("op '", op, "': shapes ", a, " and ", b,
                           " cannot be broadcast together (dimension ", i, ": ", da, " vs ", db,
                           ")"));
    out[static_cast<size_t>(i)] = d;
  }
  return Shape(std::move(out));
}

void expect_dtype(const TensorMeta& meta, std::span<const DType> allowed, std::string_view op,
                  int input) {
  if (std::find(allowed.begin(), allowed.end(), meta.dtype) != allowed.end()) return;
  std::string list;
  for (DType d : allowed) list += str(list.empty() ? "" : ", ", name(d));
  throw TypeError(
      str("op '", op, "': input ", input, " must have dtype in {", list, "}, got ", meta.dtype));
}

void expect_float(const TensorMeta& meta, std::string_view op, int input) {
  expect_dtype(meta, {DType::float16, DType::bfloat16, DType::float32, DType::float64}, op, input);
}

void expect_same_dtype(const TensorMeta& a, const TensorMeta& b, std::string_view op) {
  if (a.dtype != b.dtype)
    throw TypeError(
        str("op '", op, "': inputs must share a dtype, got ", a.dtype, " and ", b.dtype));
}

void expect_rank(const TensorMeta& meta, int rank, std::string_view op, int input) {
  if (meta.shape.rank() != rank)
    throw ValueError(
        str("op '", op, "': input ", input, " must have rank ", rank, ", got shape ", meta.shape));
}

void expect_min_rank(const TensorMeta& meta, int min_rank, std::string_view op, int input) {
  if (meta.shape.rank() < min_rank)
    throw ValueError(str("op '", op, "': input ", input, " must have rank >= ", min_rank,
                         ", got shape ", meta.shape));
}

std::vector<TensorMeta> same_as_first(std::span<const TensorMeta> in, const Attrs&) {
  return {in[0]};
}

}  // namespace keras::ops::rules
