// Variable: a named, mutable tensor that lives on a backend for the life of its owner (a layer,
// an optimizer, a metric). Graphs built from a Variable refer to its storage, so in-place updates
// (optimizer steps, assign) are seen by every program that reads it.
#pragma once

#include <memory>
#include <string>

#include "keras/core/tensor.h"

namespace keras {

namespace detail {
struct VariableState {
  Tensor value;  // concrete; its Buffer never changes after construction
  std::string name;
  bool trainable = true;
  bool autocast = true;  // read in an AutocastScope's dtype (keras/core/autocast_scope.h)
};
}  // namespace detail

class Variable {
 public:
  Variable() = default;
  // Takes `initial_value` (copied onto `on`, the current backend when null).
  Variable(const Tensor& initial_value, std::string name, bool trainable = true,
           backend::Backend* on = nullptr);

  bool defined() const { return state_ != nullptr; }
  const std::string& name() const { return state().name; }
  bool trainable() const { return state().trainable; }
  void set_trainable(bool trainable) { state().trainable = trainable; }
  // Whether a layer computing in another float dtype reads the variable cast to it (Keras's
  // Variable.autocast; off for BatchNormalization's and LayerNormalization's weights).
  bool autocast() const { return state().autocast; }
  void set_autocast(bool autocast) { state().autocast = autocast; }
  DType dtype() const { return state().value.dtype(); }
  const Shape& shape() const { return state().value.shape(); }

  // The current value, sharing storage with the variable (and tagged with it).
  Tensor value() const;
  operator Tensor() const { return value(); }  // NOLINT: a Variable is usable wherever a Tensor is
  // Overwrites the value in place; `value` must have the variable's shape (cast to its dtype).
  void assign(const Tensor& value);

  const std::shared_ptr<detail::VariableState>& state_ptr() const { return state_; }
  friend bool operator==(const Variable& a, const Variable& b) { return a.state_ == b.state_; }

 private:
  detail::VariableState& state() const;
  std::shared_ptr<detail::VariableState> state_;
};

}  // namespace keras
