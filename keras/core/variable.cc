#include "keras/core/variable.h"

#include "keras/backend/backend.h"
#include "keras/core/autocast_scope.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace keras {

Variable::Variable(const Tensor& initial_value, std::string name, bool trainable,
                   backend::Backend* on) {
  if (!initial_value.is_concrete())
    throw ValueError(str("Variable '", name, "' needs a concrete initial value"));
  backend::Backend& target = on ? *on : backend::current();
  state_ = std::make_shared<detail::VariableState>();
  // Always a private copy: the variable owns its storage for its whole life.
  Tensor value = Tensor::empty(initial_value.shape(), initial_value.dtype(), &target);
  value.copy_from(initial_value);
  state_->value = value;
  state_->name = std::move(name);
  state_->trainable = trainable;
}

detail::VariableState& Variable::state() const {
  if (!state_) throw ValueError("this Variable is empty (default-constructed)");
  return *state_;
}

Tensor Variable::value() const {
  Tensor value = state().value.with_variable(state_);
  // Keras's KerasVariable.value: read in the AutocastScope's dtype (a mixed-precision layer's
  // compute dtype), through the cast op so that a traced graph reads the variable itself.
  std::optional<DType> target = AutocastScope::current();
  if (target && state().autocast && is_floating(value.dtype()) && value.dtype() != *target)
    return ops::call1("cast", {value}, ops::CastAttrs{.dtype = *target});
  return value;
}

void Variable::assign(const Tensor& value) {
  if (!value.is_concrete())
    throw ValueError(str("Variable '", name(), "': assign needs a concrete value"));
  if (value.shape() != shape())
    throw ValueError(str("Variable '", name(), "' has shape ", shape(),
                         "; cannot assign a value of shape ", value.shape()));
  state().value.copy_from(value.dtype() == dtype() ? value : value.astype(dtype()));
}

}  // namespace keras
