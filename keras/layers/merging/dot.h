// keras.layers.Dot and keras.layers.dot (keras/src/layers/merging/dot.py): the dot product of
// two batched inputs along one axis of each (Keras's batch_dot), optionally of their
// L2-normalized values (cosine proximity). Output: the first input's shape without its dot axis,
// then the second's without its batch and dot axes; (batch, 1) when that leaves one dimension.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "keras/layers/merging/base_merge.h"

namespace keras::layers {

// Keras's `axes`: one axis for both inputs (`1`, `-1`) or one for each (`{1, 2}`). The batch
// axis 0 cannot be a dot axis.
class DotAxes {
 public:
  DotAxes(int axis) : axes_{axis} {}  // NOLINT: Dot(1)
  DotAxes(std::initializer_list<int> axes) : axes_(axes), pair_(true) {}
  DotAxes(std::vector<int> axes) : axes_(std::move(axes)), pair_(true) {}  // NOLINT

  bool is_pair() const { return pair_; }
  const std::vector<int>& values() const { return axes_; }
  // As Python prints it: "-1" or "(1, 2)".
  std::string to_string() const;

 private:
  std::vector<int> axes_;
  bool pair_ = false;
};

struct DotOptions {
  // L2-normalize each input along its dot axis first, so the output is the cosine proximity.
  bool normalize = false;
  KERAS_LAYER_OPTIONS
};

class DotImpl : public MergeImpl {
 public:
  // A pair of axes must have two elements (ValueError otherwise).
  explicit DotImpl(DotAxes axes, const DotOptions& options = {});

  const DotAxes& axes() const { return axes_; }
  bool normalize() const { return options_.normalize; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  // Dot makes no mask.
  Tensors compute_mask(const Tensors& inputs, const Tensors& previous_mask) override;
  Json get_config() const override;
  static std::shared_ptr<DotImpl> from_config(const Json& config);

 protected:
  void check_shapes(const Shapes& input_shape) override;
  Tensor merge_function(const std::vector<Tensor>& inputs,
                        const std::vector<Tensor>& masks) override;

 private:
  // The two inputs' shapes; ValueError unless the inputs are a list of two.
  std::pair<Shape, Shape> two_shapes(const Shapes& input_shape) const;
  // The axes as build and compute_output_shape read them: an int axis taken modulo each rank
  // when negative, a pair as given (Python indexing, so negative counts from the end).
  std::pair<int, int> axes_for(const Shape& shape1, const Shape& shape2) const;

  DotAxes axes_;
  DotOptions options_;
};

class Dot : public LayerHandle<DotImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit Dot(DotAxes axes, const DotOptions& options = {})
      : LayerHandle(std::make_shared<DotImpl>(std::move(axes), options)) {}
  // An int overload, so that Dot(0) is not read as a null layer pointer.
  explicit Dot(int axes, const DotOptions& options = {}) : Dot(DotAxes(axes), options) {}
};

// Keras's functional form: Dot(axes=axes, **options)(inputs).
Tensor dot(const std::vector<Tensor>& inputs, DotAxes axes = -1, const DotOptions& options = {});

}  // namespace keras::layers
