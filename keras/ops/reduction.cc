#include "keras/ops/reduction.h"

#include <algorithm>
#include <string_view>

#include "keras/config/config.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops {

std::vector<int64_t> Axes::normalized(int rank, const char* op) const {
  std::vector<int64_t> out;
  if (is_all()) {
    for (int a = 0; a < rank; ++a) out.push_back(a);
    return out;
  }
  for (int a : *axes_) {
    if (a < -rank || a >= rank)
      throw ValueError(str(op, ": axis ", a, " is out of bounds for a tensor of rank ", rank,
                           " (expected -", rank, " <= axis < ", rank, ")"));
    out.push_back(a < 0 ? a + rank : a);
  }
  std::sort(out.begin(), out.end());
  if (std::adjacent_find(out.begin(), out.end()) != out.end())
    throw ValueError(str(op, ": repeated axis in ", Shape(out), " (tensor of rank ", rank, ")"));
  return out;
}

namespace {

bool is_int(DType d) {
  return d == DType::int32 || d == DType::int64 || d == DType::uint8 || d == DType::bool_;
}

// Reduces with the primitive op (float kernels). Integers and bools go through float64 and come
// back as Keras 3 returns them: sum and prod of bool and uint8 give int32 (Keras: uint32 for
// uint8, a dtype kerascpp lacks), max and min keep the dtype; mean and logsumexp give floatx.
Tensor reduce(const char* op, const Tensor& x, const Axes& axis, bool keepdims, bool keeps_int) {
  if (!x.defined()) throw ValueError(str(op, ": got an empty tensor"));
  int rank = x.rank();
  if (!axis.is_all() && axis.list().empty()) return x;  // NumPy: axis=() reduces nothing
  std::vector<int64_t> axes = axis.normalized(rank, op);
  if (static_cast<int>(axes.size()) == rank) axes.clear();  // canonical "every axis"
  ReduceAttrs attrs{.axes = axes, .keepdims = keepdims};
  DType d = x.dtype();
  if (!is_int(d)) return call1(op, {x}, attrs);
  if (!keeps_int) return call1(op, {x.astype(config::floatx_dtype())}, attrs);
  bool counts = std::string_view(op) == "sum" || std::string_view(op) == "prod";
  DType back = counts && (d == DType::bool_ || d == DType::uint8) ? DType::int32 : d;
  return call1(op, {x.astype(DType::float64)}, attrs).astype(back);
}

Tensor arg_reduce(const char* op, const Tensor& x, std::optional<int> axis, bool keepdims) {
  if (!x.defined()) throw ValueError(str(op, ": got an empty tensor"));
  Tensor values = is_int(x.dtype()) ? x.astype(DType::float64) : x;
  if (!axis) {  // index into the flattened tensor
    Tensor flat = call1(op, {call1("reshape", {values}, ReshapeAttrs{.shape = {-1}})},
                        ArgReduceAttrs{.axis = 0, .keepdims = false});
    if (!keepdims) return flat;
    return call1("reshape", {flat},
                 ReshapeAttrs{.shape = std::vector<int64_t>(static_cast<size_t>(x.rank()), 1)});
  }
  int a = normalize_axis(*axis, x.rank(), op);
  return call1(op, {values}, ArgReduceAttrs{.axis = a, .keepdims = keepdims});
}

}  // namespace

Tensor sum(const Tensor& x, Axes axis, bool keepdims) {
  return reduce("sum", x, axis, keepdims, true);
}
Tensor mean(const Tensor& x, Axes axis, bool keepdims) {
  return reduce("mean", x, axis, keepdims, false);
}
Tensor max(const Tensor& x, Axes axis, bool keepdims) {
  return reduce("max", x, axis, keepdims, true);
}
Tensor min(const Tensor& x, Axes axis, bool keepdims) {
  return reduce("min", x, axis, keepdims, true);
}
Tensor prod(const Tensor& x, Axes axis, bool keepdims) {
  return reduce("prod", x, axis, keepdims, true);
}
Tensor logsumexp(const Tensor& x, Axes axis, bool keepdims) {
  return reduce("logsumexp", x, axis, keepdims, false);
}

Tensor argmax(const Tensor& x, std::optional<int> axis, bool keepdims) {
  return arg_reduce("argmax", x, axis, keepdims);
}
Tensor argmin(const Tensor& x, std::optional<int> axis, bool keepdims) {
  return arg_reduce("argmin", x, axis, keepdims);
}

}  // namespace keras::ops
