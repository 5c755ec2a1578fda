#include "keras/layers/merging/average.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"

namespace keras::layers {

AverageImpl::AverageImpl(const MergeOptions& options)
    : MergeImpl("Average", options.layer_options()) {}

Tensor AverageImpl::merge_function(const std::vector<Tensor>& inputs, const std::vector<Tensor>&) {
  Tensor output = inputs[0];
  for (size_t i = 1; i < inputs.size(); ++i) output = ops::add(output, inputs[i]);
  return ops::divide(output, static_cast<double>(inputs.size()));
}

std::shared_ptr<AverageImpl> AverageImpl::from_config(const Json& config) {
  MergeOptions options;
  read_layer_options(options, config, "Average");
  return std::make_shared<AverageImpl>(options);
}

Tensor average(const std::vector<Tensor>& inputs, const MergeOptions& options) {
  return Average(options)(Tensors(inputs)).single("keras.layers.average");
}

}  // namespace keras::layers
