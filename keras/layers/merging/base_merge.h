// The base of the merge layers, Keras's Merge (keras/src/layers/merging/base_merge.py): a layer
// called on a list of tensors. Building checks the shapes (one batch size; the other dimensions
// broadcast as NumPy's, aligned on the right); inputs of different ranks get size-1 axes
// inserted after the batch axis until the ranks agree; the output mask is the logical OR of the
// inputs' masks when every input has one (none otherwise).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "keras/layers/layer.h"

namespace keras::layers {

// The merge layers take only the keyword arguments every layer takes.
struct MergeOptions {
  KERAS_LAYER_OPTIONS
};

class MergeImpl : public Layer {
 public:
  Shapes compute_output_shape(const Shapes& input_shape) override;
  // The OR of the masks when every input has one, otherwise none (Keras's Merge.compute_mask).
  Tensors compute_mask(const Tensors& inputs, const Tensors& previous_mask) override;

 protected:
  MergeImpl(std::string class_name, const LayerOptions& options);

  // Keras's build: shape checks only (the merge layers have no weights).
  void build_state(const Shapes& input_shape) override;
  // Checks the shapes (again: a built layer may be called on other shapes), brings inputs of
  // different ranks to one rank, then merge_function().
  Tensors call(const Tensors& inputs, const CallContext& context) override;

  // Keras's _merge_function. `masks` has one entry per input, undefined where there is none
  // (all undefined when the inputs were reshaped to one rank: Keras's expand_dims drops them).
  // A result that carries a mask keeps it (compute_mask is then not consulted).
  virtual Tensor merge_function(const std::vector<Tensor>& inputs,
                                const std::vector<Tensor>& masks) = 0;
  // The shape checks of build, with Keras's messages; the base checks Merge's rules.
  virtual void check_shapes(const Shapes& input_shape);
  // Whether inputs of different ranks are expanded to one rank (Keras's _reshape_required;
  // Concatenate and Dot never do it).
  void set_reshape_inputs(bool value) { reshape_inputs_ = value; }

  // "Layer 'add': " before Keras's messages, so every error names the layer.
  std::string prefix() const;
  // The flat shapes of a list; ValueError with Merge's message for anything but a list.
  std::vector<Shape> list_of_shapes(const Shapes& input_shape) const;
  // Keras's _compute_elemwise_op_output_shape: the broadcast of two shapes without their batch
  // axis, aligned on the right (unknown stays unknown).
  Shape elementwise_output_shape(const Shape& shape1, const Shape& shape2) const;
  // Keras's _apply_merge_op_and_or_mask (Maximum, Minimum): masked-out entries of an input take
  // the running result's value, and the output mask is the OR of the masks.
  using BinaryOp = std::function<Tensor(const Tensor&, const Tensor&)>;
  Tensor apply_merge_op_and_or_mask(const BinaryOp& op, const std::vector<Tensor>& inputs,
                                    const std::vector<Tensor>& masks) const;

 private:
  bool reshape_inputs_ = true;
};

// Python's repr of a list of shapes, "[(2, 3), (2, 4)]", or of the one shape of a single input.
std::string shapes_repr(const Shapes& shapes);

namespace merging_detail {
// Mask arithmetic on bool tensors (masks of other dtypes mean "!= 0").
Tensor logical_or(const Tensor& a, const Tensor& b);
// Keras's broadcast_to(expand_dims(mask, -1), shape(x)): a per-step mask (x's shape without the
// last axis) spread over x's last axis.
Tensor broadcast_mask(const Tensor& mask, const Tensor& x);
// Keras's ops.any(mask, axis=-1).
Tensor any_last_axis(const Tensor& mask);
}  // namespace merging_detail

}  // namespace keras::layers
