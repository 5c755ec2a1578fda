#include "keras/layers/merging/multiply.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"

namespace keras::layers {

MultiplyImpl::MultiplyImpl(const MergeOptions& options)
    : MergeImpl("Multiply", options.layer_options()) {}

Tensor MultiplyImpl::merge_function(const std::vector<Tensor>& inputs,
                                    const std::vector<Tensor>& masks) {
  using namespace merging_detail;
  // Masked-out entries count as 1 in the product; when every input has a mask, the entries
  // masked out of all of them are 0 in the output (Keras's Multiply).
  bool has_output_mask = true;
  for (size_t i = 0; i < inputs.size(); ++i)
    has_output_mask = has_output_mask && i < masks.size() && masks[i].defined();
  Tensor output, output_mask;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Tensor x = inputs[i];
    if (i < masks.size() && masks[i].defined()) {
      Tensor mask = broadcast_mask(masks[i], x);
      x = ops::where(mask, x, 1.0);
      if (has_output_mask)
        output_mask = output_mask.defined() ? logical_or(output_mask, mask) : mask;
    }
    output = output.defined() ? ops::multiply(output, x) : x;
  }
  if (!has_output_mask) return output;
  output = ops::where(output_mask, output, 0.0);
  return output.with_keras_mask(any_last_axis(output_mask));
}

std::shared_ptr<MultiplyImpl> MultiplyImpl::from_config(const Json& config) {
  MergeOptions options;
  read_layer_options(options, config, "Multiply");
  return std::make_shared<MultiplyImpl>(options);
}

Tensor multiply(const std::vector<Tensor>& inputs, const MergeOptions& options) {
  return Multiply(options)(Tensors(inputs)).single("keras.layers.multiply");
}

}  // namespace keras::layers
