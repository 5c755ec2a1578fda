#include "keras/layers/merging/add.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"

namespace keras::layers {

AddImpl::AddImpl(const MergeOptions& options) : MergeImpl("Add", options.layer_options()) {}

Tensor AddImpl::merge_function(const std::vector<Tensor>& inputs, const std::vector<Tensor>&) {
  Tensor output = inputs[0];
  for (size_t i = 1; i < inputs.size(); ++i) output = ops::add(output, inputs[i]);
  return output;
}

std::shared_ptr<AddImpl> AddImpl::from_config(const Json& config) {
  MergeOptions options;
  read_layer_options(options, config, "Add");
  return std::make_shared<AddImpl>(options);
}

Tensor add(const std::vector<Tensor>& inputs, const MergeOptions& options) {
  return Add(options)(Tensors(inputs)).single("keras.layers.add");
}

}  // namespace keras::layers
