// The hinge loss classes of keras.losses (keras/src/losses/losses.py): Hinge, SquaredHinge and
// CategoricalHinge, LossFunctionWrappers around hinge, squared_hinge and categorical_hinge
// (keras/losses/functions.h). Labels in {0, 1} are read as {-1, 1} by the first two.
#pragma once

#include "keras/losses/loss_function_wrapper.h"

namespace keras::losses {

using HingeOptions = LossOptions;
using SquaredHingeOptions = LossOptions;
using CategoricalHingeOptions = LossOptions;

// Name "hinge"; config {"name", "reduction"}.
class Hinge : public LossFunctionWrapper {
 public:
  explicit Hinge(const HingeOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<Hinge> from_config(const Json& config);
};

// Name "squared_hinge".
class SquaredHinge : public LossFunctionWrapper {
 public:
  explicit SquaredHinge(const SquaredHingeOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<SquaredHinge> from_config(const Json& config);
};

// Name "categorical_hinge".
class CategoricalHinge : public LossFunctionWrapper {
 public:
  explicit CategoricalHinge(const CategoricalHingeOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<CategoricalHinge> from_config(const Json& config);
};

}  // namespace keras::losses
