// Reductions with Keras 3's names and defaults (keras.ops.sum, mean, max, min, prod, logsumexp,
// argmax, argmin). They run at once on concrete tensors and add graph nodes on symbolic ones.
#pragma once

#include <initializer_list>
#include <optional>
#include <vector>

#include "keras/core/tensor.h"

namespace keras::ops {

// An `axis` argument as Keras takes it: nothing (the default, Keras's None) means every axis;
// one axis (`1`, `-1`) or a list (`{0, 2}`); negative axes count from the end. `{}` is the
// default, every axis; an explicit empty list, `std::vector<int>{}`, means no axis.
class Axes {
 public:
  Axes() = default;
  Axes(std::nullopt_t) {}
  Axes(int axis) : axes_(std::vector<int>{axis}) {}
  Axes(std::initializer_list<int> axes) : axes_(std::vector<int>(axes)) {}
  Axes(std::vector<int> axes) : axes_(std::move(axes)) {}

  bool is_all() const { return !axes_.has_value(); }
  const std::vector<int>& list() const { return *axes_; }  // only when !is_all()

  // Non-negative, sorted; throws ValueError naming `op` for an axis out of range or repeated.
  std::vector<int64_t> normalized(int rank, const char* op) const;

 private:
  std::optional<std::vector<int>> axes_;
};

Tensor sum(const Tensor& x, Axes axis = {}, bool keepdims = false);
Tensor mean(const Tensor& x, Axes axis = {}, bool keepdims = false);
Tensor max(const Tensor& x, Axes axis = {}, bool keepdims = false);
Tensor min(const Tensor& x, Axes axis = {}, bool keepdims = false);
Tensor prod(const Tensor& x, Axes axis = {}, bool keepdims = false);
Tensor logsumexp(const Tensor& x, Axes axis = {}, bool keepdims = false);

// int64 indices of the first maximum (minimum); NaN counts as the maximum, as in NumPy. Without
// an axis the index is into the flattened tensor.
Tensor argmax(const Tensor& x, std::optional<int> axis = std::nullopt, bool keepdims = false);
Tensor argmin(const Tensor& x, std::optional<int> axis = std::nullopt, bool keepdims = false);

}  // namespace keras::ops
