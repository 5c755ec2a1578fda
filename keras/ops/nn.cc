#include "keras/ops/nn.h"

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras::ops {

namespace {

void check_defined(const Tensor& t, const char* what, const char* fn) {
  if (!t.defined()) throw ValueError(str(fn, ": argument `", what, "` is an empty tensor"));
}

int checked_axis(const Tensor& x, int axis, const char* fn) {
  if (x.rank() < 1)
    throw ValueError(str(fn, ": argument `output` must be at least rank 1, got shape ", x.shape()));
  return normalize_axis(axis, x.rank(), fn);
}

Tensor as_dtype(const Tensor& t, DType dtype) {
  return t.dtype() == dtype ? t : t.astype(dtype);
}

CrossentropyAttrs loss_attrs(bool from_logits, std::optional<int64_t> axis = std::nullopt) {
  return {.from_logits = from_logits, .epsilon = config::epsilon(), .axis = axis};
}

Tensor softmax_like(const char* op, const Tensor& x, int axis) {
  check_defined(x, "x", op);
  if (x.rank() < 1) throw ValueError(str(op, ": input must be at least rank 1, got a scalar"));
  return call1(op, {x}, SoftmaxAttrs{.axis = normalize_axis(axis, x.rank(), op)});
}

}  // namespace

Tensor softmax(const Tensor& x, int axis) {
  return softmax_like("softmax", x, axis);
}

Tensor log_softmax(const Tensor& x, int axis) {
  return softmax_like("log_softmax", x, axis);
}

Tensor categorical_crossentropy(const Tensor& target, const Tensor& output, bool from_logits,
                                int axis) {
  constexpr const char* fn = "categorical_crossentropy";
  check_defined(target, "target", fn);
  check_defined(output, "output", fn);
  int a = checked_axis(output, axis, fn);
  if (target.rank() != output.rank())
    throw ValueError(str(fn, ": arguments `target` and `output` must have the same rank, got ",
                         target.shape(), " and ", output.shape()));
  return call1(fn, {as_dtype(target, output.dtype()), output}, loss_attrs(from_logits, a));
}

Tensor sparse_categorical_crossentropy(const Tensor& target, const Tensor& output, bool from_logits,
                                       int axis) {
  constexpr const char* fn = "sparse_categorical_crossentropy";
  check_defined(target, "target", fn);
  check_defined(output, "output", fn);
  int a = checked_axis(output, axis, fn);
  Tensor labels = target;
  if (labels.dtype() != DType::int32 && labels.dtype() != DType::int64)
    labels = labels.astype(DType::int64);
  // Keras 3 squeezes a trailing size-1 label axis: (batch, 1) labels for (batch, classes).
  if (labels.rank() == output.rank() && labels.rank() > 0 && labels.shape().dim(-1) == 1)
    labels = call1("squeeze", {labels}, AxesAttrs{.axes = {labels.rank() - 1}});
  Tensor out = output;
  int last = output.rank() - 1;
  if (a != last) {  // the op reduces the last axis: move the class axis there
    std::vector<int64_t> perm;
    for (int i = 0; i < output.rank(); ++i)
      if (i != a) perm.push_back(i);
    perm.push_back(a);
    out = call1("transpose", {output}, TransposeAttrs{.perm = perm});
  }
  return call1(fn, {labels, out}, loss_attrs(from_logits, last));
}

Tensor binary_crossentropy(const Tensor& target, const Tensor& output, bool from_logits) {
  constexpr const char* fn = "binary_crossentropy";
  check_defined(target, "target", fn);
  check_defined(output, "output", fn);
  if (target.shape().rank() != output.shape().rank())
    throw ValueError(str(fn, ": arguments `target` and `output` must have the same rank, got ",
                         target.shape(), " and ", output.shape()));
  return call1(fn, {as_dtype(target, output.dtype()), output}, loss_attrs(from_logits));
}

}  // namespace keras::ops
