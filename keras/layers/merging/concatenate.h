// keras.layers.Concatenate and keras.layers.concatenate
// (keras/src/layers/merging/concatenate.py): joins a list of inputs along `axis`; every other
// dimension must match. The output mask joins the inputs' masks (all true for an unmasked input)
// along `axis`, reduced with any() over the last axis.
#pragma once

#include "keras/layers/merging/base_merge.h"

namespace keras::layers {

struct ConcatenateOptions {
  int axis = -1;
  KERAS_LAYER_OPTIONS
};

class ConcatenateImpl : public MergeImpl {
 public:
  explicit ConcatenateImpl(const ConcatenateOptions& options = {});

  int axis() const { return options_.axis; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  Tensors compute_mask(const Tensors& inputs, const Tensors& previous_mask) override;
  Json get_config() const override;
  static std::shared_ptr<ConcatenateImpl> from_config(const Json& config);

 protected:
  void check_shapes(const Shapes& input_shape) override;
  Tensor merge_function(const std::vector<Tensor>& inputs,
                        const std::vector<Tensor>& masks) override;

 private:
  ConcatenateOptions options_;
};

using Concatenate = OptionsLayer<ConcatenateImpl, ConcatenateOptions>;

// Keras's functional form: Concatenate(axis=axis, **options)(inputs).
Tensor concatenate(const std::vector<Tensor>& inputs, int axis = -1,
                   const MergeOptions& options = {});

}  // namespace keras::layers
