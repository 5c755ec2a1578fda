// keras.layers.Average and keras.layers.average (keras/src/layers/merging/average.py): the
// elementwise mean of a list of inputs, with the shape rules and masks of the merge layers
// (base_merge.h).
#pragma once

#include "keras/layers/merging/base_merge.h"

namespace keras::layers {

class AverageImpl : public MergeImpl {
 public:
  explicit AverageImpl(const MergeOptions& options = {});
  static std::shared_ptr<AverageImpl> from_config(const Json& config);

 protected:
  Tensor merge_function(const std::vector<Tensor>& inputs,
                        const std::vector<Tensor>& masks) override;
};

using Average = OptionsLayer<AverageImpl, MergeOptions>;

// Keras's functional form: Average(options)(inputs). The mean of the inputs.
Tensor average(const std::vector<Tensor>& inputs, const MergeOptions& options = {});

}  // namespace keras::layers
