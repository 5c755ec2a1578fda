// keras.layers.Multiply and keras.layers.multiply (keras/src/layers/merging/multiply.py): the
// elementwise product of a list of inputs, with the shape rules and masks of the merge layers
// (base_merge.h).
// Masked-out entries count as 1; with a mask on every input, entries masked out of all of them
// are 0 and the output mask is the OR of the masks.
#pragma once

#include "keras/layers/merging/base_merge.h"

namespace keras::layers {

class MultiplyImpl : public MergeImpl {
 public:
  explicit MultiplyImpl(const MergeOptions& options = {});
  static std::shared_ptr<MultiplyImpl> from_config(const Json& config);

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs,
                        const std::vector<Tensor>& masks) override;
};

using Multiply = OptionsLayer<MultiplyImpl, MergeOptions>;

// Keras's functional form: Multiply(options)(inputs). The product of the inputs.
Tensor multiply(const std::vector<Tensor>& inputs, const MergeOptions& options = {});

}  // namespace keras::layers
