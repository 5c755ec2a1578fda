#include "keras/layers/merging/maximum.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"

namespace keras::layers {

MaximumImpl::MaximumImpl(const MergeOptions& options)
    : MergeImpl("Maximum", options.layer_options()) {}

Tensor MaximumImpl::merge_function(const std::vector<Tensor>& inputs,
                                   const std::vector<Tensor>& masks) {
  return apply_merge_op_and_or_mask(
      [](const Tensor& a, const Tensor& b) { return ops::maximum(a, b); }, inputs, masks);
}

std::shared_ptr<MaximumImpl> MaximumImpl::from_config(const Json& config) {
  MergeOptions options;
  read_layer_options(options, config, "Maximum");
  return std::make_shared<MaximumImpl>(options);
}

Tensor maximum(const std::vector<Tensor>& inputs, const MergeOptions& options) {
  return Maximum(options)(Tensors(inputs)).single("keras.layers.maximum");
}

}  // namespace keras::layers
