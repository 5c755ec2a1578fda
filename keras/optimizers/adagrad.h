// keras.optimizers.Adagrad (keras/src/optimizers/adagrad.py): per-parameter steps shrinking
// with the sum of squared gradients, Keras 3's form.
//
//   optimizers::Adagrad adagrad({.learning_rate = 0.01});
//
// a += g²; w -= lr·g / sqrt(a + ε): epsilon inside the square root and the "accumulator" slot
// starting at initial_accumulator_value (0.1), unlike Keras 2.
#pragma once

#include "keras/optimizers/optimizer.h"

namespace keras::optimizers {

struct AdagradOptions {
  LearningRate learning_rate = 0.001;
  double initial_accumulator_value = 0.1;
  double epsilon = 1e-7;
  KERAS_OPTIMIZER_OPTIONS
};

class AdagradImpl : public Optimizer {
 public:
  explicit AdagradImpl(const AdagradOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<AdagradImpl> from_config(const Json& config);

 protected:
  void build_slots(const std::vector<Variable>& variables) override;
  Tensor update_step(const Tensor& gradient, const Variable& variable,
                     const Tensor& learning_rate) override;

 private:
  AdagradOptions options_;
};

using Adagrad = OptionsHandle<AdagradImpl, AdagradOptions>;

}  // namespace keras::optimizers
