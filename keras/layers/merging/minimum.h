// keras.layers.Minimum and keras.layers.minimum (keras/src/layers/merging/minimum.py): the
// elementwise minimum of a list of inputs, with the shape rules and masks of the merge layers
// (base_merge.h).
// A masked-out entry takes the value of the inputs before it, so it does not change the result;
// with a mask on every input, the output mask is their OR.
#pragma once

#include "keras/layers/merging/base_merge.h"

namespace keras::layers {

class MinimumImpl : public MergeImpl {
 public:
  explicit MinimumImpl(const MergeOptions& options = {});
  static std::shared_ptr<MinimumImpl> from_config(const Json& config);

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs,
                        const std::vector<Tensor>& masks) override;
};

using Minimum = OptionsLayer<MinimumImpl, MergeOptions>;

// Keras's functional form: Minimum(options)(inputs). The elementwise minimum of the inputs.
Tensor minimum(const std::vector<Tensor>& inputs, const MergeOptions& options = {});

}  // namespace keras::layers
