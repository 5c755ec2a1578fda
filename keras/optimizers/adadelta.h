// keras.optimizers.Adadelta (keras/src/optimizers/adadelta.py): steps scaled by the ratio of
// moving RMS values of past updates and of gradients.
//
//   optimizers::Adadelta adadelta({.learning_rate = 1.0});
//
// a = rho·a + (1-rho)·g²; Δ = g·sqrt(d + ε) / sqrt(a + ε); d = rho·d + (1-rho)·Δ²; w -= lr·Δ.
// Slots per variable, interleaved: "accumulated_grad", "accumulated_delta_var".
#pragma once

#include "keras/optimizers/optimizer.h"

namespace keras::optimizers {

struct AdadeltaOptions {
  LearningRate learning_rate = 0.001;
  double rho = 0.95;
  double epsilon = 1e-7;
  KERAS_OPTIMIZER_OPTIONS
};

class AdadeltaImpl : public Optimizer {
 public:
  explicit AdadeltaImpl(const AdadeltaOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<AdadeltaImpl> from_config(const Json& config);

 protected:
  void build_slots(const std::vector<Variable>& variables) override;
  Tensor update_step(const Tensor& gradient, const Variable& variable,
                     const Tensor& learning_rate) override;

 private:
  AdadeltaOptions options_;
};

using Adadelta = OptionsHandle<AdadeltaImpl, AdadeltaOptions>;

}  // namespace keras::optimizers
