// Row-sparse gradients of the variable updates: what both backends' update kernels share.
//
// An update op with the attribute row_sparse = true (keras/ops/op_attrs.h, StepAttrs) takes its
// gradient as rows and indices instead of a tensor shaped like the variable: input 1 holds N rows
// shaped like the variable's rows (variable.shape[1:]), the last input the N row indices, and the
// gradient it stands for is the sum of the rows landing on each index (an Embedding's gradient;
// indices may repeat). The kernels never build that dense gradient. They sum the rows of each index
// in list order (the order gather_grad sums them, so the result is the same to the bit) and then
// either
//  - update only the rows that got a gradient, for the updates that leave a row with a zero
//    gradient unchanged (SGD without momentum, Adagrad), or
//  - sweep the variable in blocks of rows, each with its gradient assembled in a small buffer,
//    for the updates whose slots decay every step (momentum, RMSprop, Adam, ...), exactly as
//    the dense update with that gradient would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "keras/backend/kernel.h"

namespace keras::backend {

// The index list grouped by row: rows[k] (ascending, unique) receives the list positions
// positions[begin[k] .. begin[k + 1]), in list order.
struct RowGroups {
  std::vector<int64_t> rows;
  std::vector<int64_t> begin;  // rows.size() + 1 entries
  std::vector<int64_t> positions;

  // Validates every index against [0, num_rows) first (ValueError naming `op`, the index and
  // its position); `indices` has `count` entries of int32 or int64.
  RowGroups(const void* indices, DType index_dtype, int64_t count, int64_t num_rows,
            const char* op);
  int64_t size() const { return static_cast<int64_t>(rows.size()); }
  // The first group whose row is >= row.
  int64_t first_at_or_after(int64_t row) const;
};

// What a kernel of the row-sparse form needs to know of its spec.
struct RowSparseStep {
  int64_t num_rows = 0;  // the variable's first dimension
  int64_t row = 1;       // elements per row
  size_t indices = 0;    // the input holding the indices (the last)
  DType index_dtype = DType::int64;
  int64_t count = 0;            // number of indices (and gradient rows)
  std::vector<size_t> aligned;  // the inputs shaped like the variable: it, then its slots
  // True when a zero gradient leaves the variable and every slot unchanged, so the update may
  // touch the gradient's rows only.
  bool touched_rows_only = false;
  std::string op;

  explicit RowSparseStep(const KernelSpec& spec);
  // The run's index list grouped (and validated).
  RowGroups groups(const void* index_data) const {
    return RowGroups(index_data, index_dtype, count, num_rows, op.c_str());
  }
};

// Rows per block of the dense sweep: about `elements` elements of the variable per block.
int64_t rows_per_block(int64_t row_size, int64_t elements);

}  // namespace keras::backend
