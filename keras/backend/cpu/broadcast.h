// Iteration plans for NumPy broadcasting, made once in a kernel factory and walked without
// allocation at run time.
//
// BroadcastPlan<K>: K inputs broadcast to one contiguous output. Axes of output size 1 are
// dropped and neighbouring axes merged wherever every operand stays contiguous (or stays put)
// across them, so the common cases collapse: same shapes become one contiguous run, a scalar
// operand is a run with a fixed operand, a bias [N] against [M, N] is M runs of N. What is left
// is an "inner" run (each operand steps by 1 along it or stays put) inside an odometer over at
// most kMaxPlanDims outer axes.
//
// SumToPlan: the reverse, for sum_to_like: a contiguous input summed down to a shape it was
// broadcast from. Axes merge into alternating kept / summed groups.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "keras/core/error.h"
#include "keras/core/shape.h"

namespace keras::backend::cpu {

inline constexpr int kMaxPlanDims = 16;

template <int K>
struct BroadcastPlan {
  int64_t total = 0;  // output elements
  int64_t inner = 1;  // length of the innermost contiguous run of the output
  int outer_rank = 0;
  std::array<int64_t, kMaxPlanDims> dims{};                    // outer axes, outer -> inner
  std::array<std::array<int64_t, kMaxPlanDims>, K> strides{};  // per operand, in elements
  std::array<bool, K> inner_steps{};  // operand advances along the inner run (else stays put)
};

// `inputs` are the operands' shapes; each broadcasts to `out` (checked by the op's shape rule).
template <int K>
BroadcastPlan<K> make_broadcast_plan(const Shape& out, const std::array<Shape, K>& inputs) {
  BroadcastPlan<K> plan;
  plan.total = out.num_elements();
  struct Axis {
    int64_t size;
    std::array<int64_t, K> stride;  // per operand; 0 where it is broadcast
  };
  // Walk from the innermost axis out, dropping axes of output size 1 and merging an axis into
  // the one inside it when every operand continues that one seamlessly.
  std::vector<Axis> axes;  // innermost first
  std::array<int64_t, K> running;
  running.fill(1);
  for (int i = out.rank() - 1; i >= 0; --i) {
    Axis axis{out[i], {}};
    for (size_t k = 0; k < static_cast<size_t>(K); ++k) {
      const Shape& s = inputs[k];
      int j = i - (out.rank() - s.rank());
      int64_t d = j >= 0 ? s[j] : 1;
      axis.stride[k] = d == 1 ? 0 : running[k];
      running[k] *= d;
    }
    if (axis.size == 1) continue;
    bool merge = !axes.empty();
    for (size_t k = 0; merge && k < static_cast<size_t>(K); ++k)
      merge = axis.stride[k] == axes.back().stride[k] * axes.back().size;
    if (merge)
      axes.back().size *= axis.size;
    else
      axes.push_back(axis);
  }
  if (axes.empty()) {  // a single element
    plan.inner_steps.fill(false);
    return plan;
  }
  plan.inner = axes.front().size;
  for (size_t k = 0; k < static_cast<size_t>(K); ++k)
    plan.inner_steps[k] = axes.front().stride[k] != 0;
  plan.outer_rank = static_cast<int>(axes.size()) - 1;
  if (plan.outer_rank > kMaxPlanDims)
    throw NotImplementedError(str("broadcasting to ", out, " needs ", plan.outer_rank,
                                  " separate axes; the cpu backend handles ", kMaxPlanDims));
  for (int d = 0; d < plan.outer_rank; ++d) {  // outer -> inner
    const Axis& axis = axes[static_cast<size_t>(plan.outer_rank - d)];
    plan.dims[static_cast<size_t>(d)] = axis.size;
    for (size_t k = 0; k < static_cast<size_t>(K); ++k)
      plan.strides[k][static_cast<size_t>(d)] = axis.stride[k];
  }
  return plan;
}

// Calls run(out_pos, offsets, len) for the consecutive runs covering output elements
// [begin, end): output elements out_pos .. out_pos+len-1 take operand k from offsets[k] onward
// (stepping when plan.inner_steps[k], else staying at offsets[k]).
template <int K, class F>
void for_each_run(const BroadcastPlan<K>& plan, int64_t begin, int64_t end, F&& run) {
  if (begin >= end) return;
  std::array<int64_t, kMaxPlanDims> index{};
  std::array<int64_t, K> offset{};
  int64_t row = begin / plan.inner, col = begin % plan.inner;
  for (int d = plan.outer_rank - 1; d >= 0; --d) {
    auto du = static_cast<size_t>(d);
    index[du] = row % plan.dims[du];
    row /= plan.dims[du];
    for (size_t k = 0; k < static_cast<size_t>(K); ++k)
      offset[k] += index[du] * plan.strides[k][du];
  }
  int64_t pos = begin;
  while (true) {
    int64_t len = std::min(plan.inner - col, end - pos);
    std::array<int64_t, K> at;
    for (size_t k = 0; k < static_cast<size_t>(K); ++k)
      at[k] = offset[k] + (plan.inner_steps[k] ? col : 0);
    run(pos, at, len);
    pos += len;
    if (pos >= end) return;
    col = 0;
    for (int d = plan.outer_rank - 1; d >= 0; --d) {
      auto du = static_cast<size_t>(d);
      for (size_t k = 0; k < static_cast<size_t>(K); ++k) offset[k] += plan.strides[k][du];
      if (++index[du] < plan.dims[du]) break;
      for (size_t k = 0; k < static_cast<size_t>(K); ++k)
        offset[k] -= plan.strides[k][du] * plan.dims[du];
      index[du] = 0;
    }
  }
}

// A small odometer over axes with strides, for the summed axes of SumToPlan.
struct StridedAxes {
  int rank = 0;
  int64_t count = 1;  // product of dims
  std::array<int64_t, kMaxPlanDims> dims{}, strides{};

  void add(int64_t size, int64_t stride) {
    if (rank == kMaxPlanDims)
      throw NotImplementedError(str("sum_to_like: more than ", kMaxPlanDims, " separate axes"));
    dims[static_cast<size_t>(rank)] = size;
    strides[static_cast<size_t>(rank)] = stride;
    ++rank;
    count *= size;
  }
  // Offset of the i-th position (row-major over dims).
  int64_t offset_of(int64_t i) const {
    int64_t off = 0;
    for (int d = rank - 1; d >= 0; --d) {
      auto du = static_cast<size_t>(d);
      off += (i % dims[du]) * strides[du];
      i /= dims[du];
    }
    return off;
  }
  // Calls f(offset) for every position, in row-major order.
  template <class F>
  void for_each(F&& f) const {
    std::array<int64_t, kMaxPlanDims> index{};
    int64_t off = 0;
    for (int64_t i = 0; i < count; ++i) {
      f(off);
      for (int d = rank - 1; d >= 0; --d) {
        auto du = static_cast<size_t>(d);
        off += strides[du];
        if (++index[du] < dims[du]) break;
        off -= strides[du] * dims[du];
        index[du] = 0;
      }
    }
  }
};

struct SumToPlan {
  int64_t in_size = 0, out_size = 0;
  bool any_summed = false;
  // The innermost group of the input (contiguous; stride 1): kept (also the output's innermost
  // run) or summed. `kept` and `summed` hold the other groups, with input strides.
  bool inner_kept = true;
  int64_t inner = 1;
  StridedAxes kept, summed;
};

inline SumToPlan make_sum_to_plan(const Shape& in, const Shape& out) {
  SumToPlan plan;
  plan.in_size = in.num_elements();
  plan.out_size = out.num_elements();
  struct Group {
    int64_t size, stride;  // stride in the input
    bool kept;
  };
  // Groups from the innermost axis out; axes of size 1 drop, neighbours of one kind merge (the
  // input is contiguous, and so is the output across kept axes).
  std::vector<Group> groups;
  int64_t stride = 1;
  for (int i = in.rank() - 1; i >= 0; --i) {
    int64_t d = in[i];
    int j = i - (in.rank() - out.rank());
    bool kept = j >= 0 && out[j] == d;
    if (d == 1) continue;
    if (!groups.empty() && groups.back().kept == kept)
      groups.back().size *= d;
    else
      groups.push_back({d, stride, kept});
    stride *= d;
  }
  if (groups.empty()) return plan;  // one element
  plan.inner_kept = groups.front().kept;
  plan.inner = groups.front().size;
  for (size_t g = groups.size() - 1; g >= 1; --g) {  // outer -> inner
    if (groups[g].kept)
      plan.kept.add(groups[g].size, groups[g].stride);
    else
      plan.summed.add(groups[g].size, groups[g].stride);
  }
  plan.any_summed = !plan.inner_kept || plan.summed.rank > 0;
  return plan;
}

}  // namespace keras::backend::cpu
