#include "keras/layers/activations/softmax.h"

#include <algorithm>

#include "keras/activations/activations.h"
#include "keras/config/config.h"
#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"

namespace keras::layers {

namespace {

// Keras's _large_negative_number: the logit that masked positions get.
double large_negative_number(DType dtype) {
  return dtype == DType::float16 ? -3e4 : -1e9;
}

args::ArgList softmax_args(SoftmaxOptions& o) {
  return {{"axis", o.axis}};
}

}  // namespace

SoftmaxImpl::SoftmaxImpl(const SoftmaxOptions& options)
    : Layer("Softmax", options.layer_options()), options_(options) {
  const std::vector<int>& axes = options_.axis.axes();
  if (axes.empty())
    throw ValueError(str(
        "Softmax '", name(),
        "': `axis` must name at least one axis. Received: axis=", options_.axis.to_json().dump()));
  for (size_t i = 0; i < axes.size(); ++i)
    for (size_t j = i + 1; j < axes.size(); ++j)
      if (axes[i] == axes[j])
        throw ValueError(str("Softmax '", name(), "': `axis` lists axis ", axes[i],
                             " twice. Received: axis=", options_.axis.to_json().dump()));
  set_supports_masking(true);
  built_at_construction();
}

Tensors SoftmaxImpl::call(const Tensors& inputs, const CallContext& context) {
  Tensor x = inputs.single(str("Softmax '", name(), "'"));
  if (!is_floating(x.dtype())) x = ops::cast(x, config::floatx_dtype());
  int rank = x.rank();
  std::vector<int> axes;
  for (int axis : options_.axis.axes()) {
    if (axis < -rank || axis >= rank)
      throw ValueError(str("Softmax '", name(), "': axis ", axis,
                           " is out of range for inputs of rank ", rank, " (shape ", x.shape(),
                           "); expected an axis in [", -rank, ", ", rank, ")"));
    axes.push_back(axis < 0 ? axis + rank : axis);
  }
  for (size_t i = 0; i < axes.size(); ++i)
    for (size_t j = i + 1; j < axes.size(); ++j)
      if (axes[i] == axes[j])
        throw ValueError(str("Softmax '", name(), "': axis ", options_.axis.to_json().dump(),
                             " names axis ", axes[i], " twice for inputs of rank ", rank));

  Tensor mask = context.first_mask();
  if (mask.defined()) {
    const Shape& ms = mask.shape();
    const Shape& xs = x.shape();
    if (ms.rank() > xs.rank())
      throw ValueError(str("Softmax '", name(),
                           "': The `mask` must be broadcastable to `inputs` and must not have "
                           "more dimensions. Received: inputs.shape=",
                           xs, ", mask.shape=", ms));
    for (int i = 1; i <= ms.rank(); ++i) {
      int64_t m = ms[ms.rank() - i], d = xs[xs.rank() - i];
      if (m >= 0 && d >= 0 && m != 1 && m != d)
        throw ValueError(str("Softmax '", name(),
                             "': The `mask` must be broadcastable to `inputs`. Each mask "
                             "dimension must be 1 or match the corresponding input dimension. "
                             "Received: inputs.shape=",
                             xs, ", mask.shape=", ms));
    }
    // Keep where the mask is true (or > 0.5 for numeric masks).
    if (mask.dtype() != DType::bool_) mask = ops::greater(mask, 0.5);
    x = ops::where(mask, x, large_negative_number(x.dtype()));
  }

  Tensor outputs;
  if (axes.size() > 1) {
    std::vector<int> list(axes.begin(), axes.end());
    outputs = ops::exp(ops::subtract(x, ops::logsumexp(x, list, /*keepdims=*/true)));
  } else {
    outputs = activations::softmax(x, axes.front());
  }
  // Zero the masked positions, which a fully masked axis would otherwise fill uniformly.
  if (mask.defined()) outputs = ops::where(mask, outputs, 0.0);
  return outputs;
}

Json SoftmaxImpl::get_config() const {
  return options_config(*this, options_, softmax_args);
}

std::shared_ptr<SoftmaxImpl> SoftmaxImpl::from_config(const Json& config) {
  return from_options_config<SoftmaxImpl>(config, softmax_args, "Softmax");
}

}  // namespace keras::layers
