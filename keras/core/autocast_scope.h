// Keras's AutocastScope (keras/src/backend/common/variables.py): while one is open on a thread,
// Variable::value() (every read of a float variable as a Tensor) returns the value cast to its
// dtype, unless the variable's autocast is off. Layer::call opens one for a layer whose dtype
// policy is mixed (mixed_bfloat16: float32 variables, bfloat16 computations), as Keras's
// Layer.__call__ does, and an empty one (nullopt) for a layer that must not autocast inside such
// a layer. Inside a scope, update a float variable through Variable::assign or with its
// autocast off (as BatchNormalization's moving statistics are), never through an op on its
// value, which would update the cast copy.
#pragma once

#include <optional>

#include "keras/core/dtype.h"

namespace keras {

class AutocastScope {
 public:
  explicit AutocastScope(std::optional<DType> dtype);  // ValueError for a non-float dtype
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

  // The dtype of the innermost scope open on this thread; nullopt when none (or an empty one).
  static std::optional<DType> current();

 private:
  std::optional<DType> previous_;
  bool previous_open_;
};

}  // namespace keras
