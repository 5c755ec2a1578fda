// keras.layers.Maximum and keras.layers.maximum (keras/src/layers/merging/maximum.py): the
// elementwise maximum of a list of inputs, with the shape rules and masks of the merge layers
// (base_merge.h).
// A masked-out entry takes the value of the inputs before it, so it does not change the result;
// with a mask on every input, the output mask is their OR.
#pragma once

#include "keras/layers/merging/base_merge.h"

namespace keras::layers {

class MaximumImpl : public MergeImpl {
 public:
  explicit MaximumImpl(const MergeOptions& options = {});
  static std::shared_ptr<MaximumImpl> from_config(const Json& config);

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs,
                        const std::vector<Tensor>& masks) override;
};

using Maximum = OptionsLayer<MaximumImpl, MergeOptions>;

// Keras's functional form: Maximum(options)(inputs). The elementwise maximum of the inputs.
Tensor maximum(const std::vector<Tensor>& inputs, const MergeOptions& options = {});

}  // namespace keras::layers
