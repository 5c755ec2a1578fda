#include "keras/backend/row_sparse.h"

#include <algorithm>
#include <utility>

#include "keras/core/error.h"
#include "keras/ops/op_attrs.h"

namespace keras::backend {

RowSparseStep::RowSparseStep(const KernelSpec& spec) : op(spec.op) {
  const Shape& shape = spec.inputs[0].shape;
  num_rows = shape[0];
  for (int a = 1; a < shape.rank(); ++a) row *= shape[a];
  indices = spec.inputs.size() - 1;
  index_dtype = spec.inputs[indices].dtype;
  count = spec.inputs[indices].shape[0];
  aligned = {0};
  for (size_t k = 3; k < indices; ++k)  // after var, grad, lr: the slots and the scalars
    if (spec.inputs[k].shape == shape) aligned.push_back(k);
  // w -= lr·0 and acc += 0²: nothing moves. Every other update decays a slot (momentum, RMSprop's
  // and Adadelta's averages, Adam's moments, Adamax's u) or moves w through one.
  touched_rows_only =
      spec.op == "adagrad_update" ||
      (spec.op == "sgd_update" && !(spec.attrs.as<ops::SGDUpdateAttrs>().momentum > 0.0));
}

namespace {

template <class I>
std::vector<std::pair<int64_t, int64_t>> checked_pairs(const I* indices, int64_t count,
                                                       int64_t num_rows, const char* op) {
  std::vector<std::pair<int64_t, int64_t>> pairs(static_cast<size_t>(count));
  for (int64_t k = 0; k < count; ++k) {
    int64_t row = static_cast<int64_t>(indices[k]);
    if (row < 0 || row >= num_rows)
      throw ValueError(str("op '", op, "': row index ", row, " (position ", k,
                           " of the indices) is out of range for a variable of ", num_rows,
                           " rows (expected 0 <= index < ", num_rows, ")"));
    pairs[static_cast<size_t>(k)] = {row, k};
  }
  return pairs;
}

}  // namespace

RowGroups::RowGroups(const void* indices, DType index_dtype, int64_t count, int64_t num_rows,
                     const char* op) {
  std::vector<std::pair<int64_t, int64_t>> pairs =
      index_dtype == DType::int32
          ? checked_pairs(static_cast<const int32_t*>(indices), count, num_rows, op)
          : checked_pairs(static_cast<const int64_t*>(indices), count, num_rows, op);
  std::sort(pairs.begin(), pairs.end());  // by row, then by position: list order within a row
  positions.reserve(pairs.size());
  for (size_t k = 0; k < pairs.size(); ++k) {
    if (k == 0 || pairs[k].first != pairs[k - 1].first) {
      rows.push_back(pairs[k].first);
      begin.push_back(static_cast<int64_t>(k));
    }
    positions.push_back(pairs[k].second);
  }
  begin.push_back(static_cast<int64_t>(pairs.size()));
}

int64_t RowGroups::first_at_or_after(int64_t row) const {
  return std::lower_bound(rows.begin(), rows.end(), row) - rows.begin();
}

int64_t rows_per_block(int64_t row_size, int64_t elements) {
  return std::max<int64_t>(1, elements / std::max<int64_t>(row_size, 1));
}

}  // namespace keras::backend
