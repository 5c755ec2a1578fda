#include "keras/layers/merging/minimum.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"

namespace keras::layers {

MinimumImpl::MinimumImpl(const MergeOptions& options)
    : MergeImpl("Minimum", options.layer_options()) {}

Tensor MinimumImpl::merge_function(const std::vector<Tensor>& inputs,
                                   const std::vector<Tensor>& masks) {
  return apply_merge_op_and_or_mask(
      [](const Tensor& a, const Tensor& b) { return ops::minimum(a, b); }, inputs, masks);
}

std::shared_ptr<MinimumImpl> MinimumImpl::from_config(const Json& config) {
  MergeOptions options;
  read_layer_options(options, config, "Minimum");
  return std::make_shared<MinimumImpl>(options);
}

Tensor minimum(const std::vector<Tensor>& inputs, const MergeOptions& options) {
  return Minimum(options)(Tensors(inputs)).single("keras.layers.minimum");
}

}  // namespace keras::layers
