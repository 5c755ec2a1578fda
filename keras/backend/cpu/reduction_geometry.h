// How the cpu reductions (and reduce_grad, their broadcast back) walk a tensor.
//
// Size-1 dimensions are dropped and neighbouring dimensions that are both reduced or both kept
// are merged. What remains ends either in a reduced dimension or in a kept one:
//   row mode    (last merged dimension reduced): every output reduces `runs.size()` contiguous
//               runs of `inner` elements — reducing the last axis is one run per output;
//   column mode (last merged dimension kept): a group of `inner` contiguous outputs accumulates
//               `runs.size()` contiguous rows — reducing a leading (batch) axis is one group.
// The offsets of the runs (or rows) are tabulated; the base offset of an outer position is
// computed from the kept dimensions, so the common cases cost one multiply per output or group.
#pragma once

#include <cstdint>
#include <vector>

#include "keras/core/shape.h"

namespace keras::backend::cpu {

struct ReduceGeometry {
  bool column = false;
  int64_t inner = 1;          // row mode: reduced run length; column mode: kept group length
  int64_t outer = 1;          // row mode: outputs; column mode: output groups
  int64_t count = 1;          // reduced elements per output
  int64_t elements = 0;       // input elements
  std::vector<int64_t> runs;  // offsets of the runs (row mode) or rows (column mode)
  std::vector<int64_t> kept_dims, kept_strides;  // the kept dimensions outside `inner`

  int64_t outputs() const { return column ? outer * inner : outer; }
  int64_t rows() const { return static_cast<int64_t>(runs.size()); }

  // Input offset of outer position k.
  int64_t base(int64_t k) const {
    if (kept_dims.size() == 1) return k * kept_strides[0];
    int64_t offset = 0;
    for (size_t i = kept_dims.size(); i-- > 0;) {
      offset += (k % kept_dims[i]) * kept_strides[i];
      k /= kept_dims[i];
    }
    return offset;
  }
};

// `axes` sorted and unique; empty means every axis.
inline ReduceGeometry make_reduce_geometry(const Shape& shape, const std::vector<int64_t>& axes) {
  struct Dim {
    int64_t size, stride;
    bool reduced;
  };
  ReduceGeometry g;
  g.elements = shape.num_elements();
  std::vector<Dim> merged;
  int64_t stride = 1;
  for (int a = shape.rank() - 1; a >= 0; --a) {  // innermost first, so strides come out directly
    int64_t d = shape[a];
    bool reduced = axes.empty();
    for (int64_t x : axes) reduced = reduced || x == a;
    if (reduced) g.count *= d;
    if (d != 1) {
      if (!merged.empty() && merged.back().reduced == reduced)
        merged.back().size *= d;
      else
        merged.push_back({d, stride, reduced});
    }
    stride *= d;
  }
  // merged[0] is the innermost dimension.
  g.column = !merged.empty() && !merged[0].reduced;
  size_t first_outer = 0;
  if (!merged.empty() && (g.column || merged[0].reduced)) {
    g.inner = merged[0].size;
    first_outer = 1;
  }
  g.runs = {0};
  for (size_t i = merged.size(); i-- > first_outer;) {  // outermost first: row-major tables
    const Dim& d = merged[i];
    if (d.reduced) {
      std::vector<int64_t> expanded;
      expanded.reserve(g.runs.size() * static_cast<size_t>(d.size));
      for (int64_t r : g.runs)
        for (int64_t k = 0; k < d.size; ++k) expanded.push_back(r + k * d.stride);
      g.runs = std::move(expanded);
    } else {
      g.kept_dims.push_back(d.size);
      g.kept_strides.push_back(d.stride);
      g.outer *= d.size;
    }
  }
  return g;
}

}  // namespace keras::backend::cpu
