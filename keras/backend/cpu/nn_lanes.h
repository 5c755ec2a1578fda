// How the cpu nn kernels walk a tensor along one axis: `outer` x `n` (the axis) x `inner`, row
// major. Lane l = (l / inner, l % inner) holds the n elements base(l) + a * inner.
#pragma once

#include <cstdint>

#include "keras/core/shape.h"

namespace keras::backend::cpu {

struct AxisLanes {
  int64_t outer = 1, n = 1, inner = 1;

  AxisLanes(const Shape& shape, int axis) {
    for (int i = 0; i < shape.rank(); ++i) {
      if (i < axis)
        outer *= shape[i];
      else if (i == axis)
        n = shape[i];
      else
        inner *= shape[i];
    }
  }
  int64_t count() const { return outer * inner; }
  int64_t base(int64_t lane) const { return (lane / inner) * n * inner + lane % inner; }
  // Lanes per parallel chunk: enough elements to be worth a thread.
  int64_t grain(int64_t parallel_grain) const {
    return n > 0 && parallel_grain / n > 1 ? parallel_grain / n : 1;
  }
};

}  // namespace keras::backend::cpu
