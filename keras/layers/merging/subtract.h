// keras.layers.Subtract and keras.layers.subtract (keras/src/layers/merging/subtract.py):
// inputs[0] - inputs[1], for exactly two inputs, with the shape rules and masks of the merge
// layers (base_merge.h).
#pragma once

#include "keras/layers/merging/base_merge.h"

namespace keras::layers {

class SubtractImpl : public MergeImpl {
 public:
  explicit SubtractImpl(const MergeOptions& options = {});
  static std::shared_ptr<SubtractImpl> from_config(const Json& config);

 protected:
  void check_shapes(const Shapes& input_shape) override;
  Tensor merge_function(const std::vector<Tensor>& inputs,
                        const std::vector<Tensor>& masks) override;
};

using Subtract = OptionsLayer<SubtractImpl, MergeOptions>;

// Keras's functional form: Subtract(options)(inputs). inputs[0] - inputs[1]; exactly two inputs.
Tensor subtract(const std::vector<Tensor>& inputs, const MergeOptions& options = {});

}  // namespace keras::layers
