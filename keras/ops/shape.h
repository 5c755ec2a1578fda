// Shape and data-movement functions with Keras 3's names and defaults (keras.ops.reshape,
// expand_dims, squeeze, transpose, swapaxes, concatenate, split, slice, pad, take, one_hot).
// They run at once on concrete tensors and add graph nodes on symbolic ones; unknown (None)
// dimensions are carried through.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "keras/core/tensor.h"
#include "keras/ops/reduction.h"  // Axes

namespace keras::ops {

// One dimension may be -1 (inferred from the others).
Tensor reshape(const Tensor& x, const Shape& newshape);
// Inserts size-1 axes at `axis` (positions in the result; one or several).
Tensor expand_dims(const Tensor& x, Axes axis);
// Drops the size-1 axes named (by default every known size-1 axis); naming an axis whose size is
// not 1 throws ValueError.
Tensor squeeze(const Tensor& x, Axes axis = {});
// out.shape[i] = x.shape[axes[i]]; no axes (the default) reverses them.
Tensor transpose(const Tensor& x, const std::vector<int>& axes = {});
Tensor swapaxes(const Tensor& x, int axis1, int axis2);
Tensor moveaxis(const Tensor& x, int source, int destination);

Tensor concatenate(const std::vector<Tensor>& xs, int axis = 0);

// Keras's `indices_or_sections`: an integer N cuts the axis into N equal parts; a list of
// increasing positions (`{2, 5}`) cuts before each of them.
class IndicesOrSections {
 public:
  IndicesOrSections(int64_t sections) : sections_(sections), is_sections_(true) {}
  IndicesOrSections(std::initializer_list<int64_t> indices) : indices_(indices) {}
  IndicesOrSections(std::vector<int64_t> indices) : indices_(std::move(indices)) {}
  bool is_sections() const { return is_sections_; }
  int64_t sections() const { return sections_; }
  const std::vector<int64_t>& indices() const { return indices_; }

 private:
  int64_t sections_ = 0;
  bool is_sections_ = false;
  std::vector<int64_t> indices_;
};
std::vector<Tensor> split(const Tensor& x, IndicesOrSections indices_or_sections, int axis = 0);

// The box of size `shape` starting at `start_indices`; a size of -1 runs to the end of the axis.
Tensor slice(const Tensor& x, const std::vector<int64_t>& start_indices,
             const std::vector<int64_t>& shape);

// `pad_width`: one (before, after) pair per axis, or a single pair for every axis. Modes:
// "constant" (with constant_values), "reflect" and "symmetric" (NumPy's meanings).
using PadWidth = std::vector<std::pair<int64_t, int64_t>>;
Tensor pad(const Tensor& x, const PadWidth& pad_width, std::string_view mode = "constant",
           double constant_values = 0.0);
Tensor pad(const Tensor& x, const PadWidth& pad_width, double constant_values);

// Elements of x at `indices` (int32/int64) along `axis`; without an axis, x is flattened first.
// An index outside [0, size) throws ValueError when the op runs.
Tensor take(const Tensor& x, const Tensor& indices, std::optional<int> axis = std::nullopt);
Tensor take(const Tensor& x, int64_t index, std::optional<int> axis = std::nullopt);

// The size of `axis` as a scalar tensor of `dtype` (keras.ops.shape(x)[axis] as a number):
// a constant when the size is known, else computed when the graph runs (for an unknown batch).
Tensor dim_size(const Tensor& x, int axis, DType dtype);

// Integer labels to one-hot vectors along a new axis (the last by default); labels outside
// [0, num_classes) give all-zero vectors. dtype: floatx by default.
Tensor one_hot(const Tensor& x, int64_t num_classes, int axis = -1,
               std::optional<DType> dtype = std::nullopt);

}  // namespace keras::ops
