#include "keras/layers/merging/subtract.h"

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"

namespace keras::layers {

SubtractImpl::SubtractImpl(const MergeOptions& options)
    : MergeImpl("Subtract", options.layer_options()) {}

void SubtractImpl::check_shapes(const Shapes& input_shape) {
  MergeImpl::check_shapes(input_shape);
  if (input_shape.size() != 2)
    throw ValueError(str(prefix(), "A `Subtract` layer should be called on exactly 2 inputs. ",
                         "Received: input_shape=", shapes_repr(input_shape)));
}

Tensor SubtractImpl::merge_function(const std::vector<Tensor>& inputs, const std::vector<Tensor>&) {
  return ops::subtract(inputs[0], inputs[1]);
}

std::shared_ptr<SubtractImpl> SubtractImpl::from_config(const Json& config) {
  MergeOptions options;
  read_layer_options(options, config, "Subtract");
  return std::make_shared<SubtractImpl>(options);
}

Tensor subtract(const std::vector<Tensor>& inputs, const MergeOptions& options) {
  return Subtract(options)(Tensors(inputs)).single("keras.layers.subtract");
}

}  // namespace keras::layers
