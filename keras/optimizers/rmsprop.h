// keras.optimizers.RMSprop (keras/src/optimizers/rmsprop.py): a moving average of squared
// gradients divides the step, epsilon inside the square root (Keras 3, not Keras 2).
//
//   optimizers::RMSprop rmsprop({.learning_rate = 1e-3, .momentum = 0.9, .centered = true});
//
// v = rho·v + (1-rho)·g²; centered: mg = rho·mg + (1-rho)·g and the denominator is v - mg² + ε
// (else v + ε); inc = lr·g / sqrt(denominator); momentum > 0: mom = momentum·mom + inc, w -=
// mom; else w -= inc. Slots: every "velocity", then every "momentum" (momentum > 0), then every
// "average_gradient" (centered).
#pragma once

#include "keras/optimizers/optimizer.h"

namespace keras::optimizers {

struct RMSpropOptions {
  LearningRate learning_rate = 0.001;
  double rho = 0.9;
  double momentum = 0.0;
  double epsilon = 1e-7;
  bool centered = false;
  KERAS_OPTIMIZER_OPTIONS
};

class RMSpropImpl : public Optimizer {
 public:
  explicit RMSpropImpl(const RMSpropOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<RMSpropImpl> from_config(const Json& config);

 protected:
  void build_slots(const std::vector<Variable>& variables) override;
  Tensor update_step(const Tensor& gradient, const Variable& variable,
                     const Tensor& learning_rate) override;

 private:
  RMSpropOptions options_;
};

using RMSprop = OptionsHandle<RMSpropImpl, RMSpropOptions>;

}  // namespace keras::optimizers
