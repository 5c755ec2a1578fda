// keras.layers.Add and keras.layers.add (keras/src/layers/merging/add.py): the elementwise sum of a
// list of inputs, with the shape rules and masks of the merge layers (base_merge.h).
#pragma once

#include "keras/layers/merging/base_merge.h"

namespace keras::layers {

class AddImpl : public MergeImpl {
 public:
  explicit AddImpl(const MergeOptions& options = {});
  static std::shared_ptr<AddImpl> from_config(const Json& config);

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs,
                        const std::vector<Tensor>& masks) override;
};

using Add = OptionsLayer<AddImpl, MergeOptions>;

// Keras's functional form: Add(options)(inputs). The sum of the inputs.
Tensor add(const std::vector<Tensor>& inputs, const MergeOptions& options = {});

}  // namespace keras::layers
