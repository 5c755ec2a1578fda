// keras.optimizers.Adamax (keras/src/optimizers/adamax.py): Adam with the infinity norm.
//
//   optimizers::Adamax adamax({.learning_rate = 2e-3});
//
// m += (g - m)(1-β1); u = max(β2·u, |g|); w -= lr·m / ((1-β1^t)·(u + ε)). Slots per variable,
// interleaved: "momentum", "norm".
#pragma once

#include "keras/optimizers/optimizer.h"

namespace keras::optimizers {

struct AdamaxOptions {
  LearningRate learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  KERAS_OPTIMIZER_OPTIONS
};

class AdamaxImpl : public Optimizer {
 public:
  explicit AdamaxImpl(const AdamaxOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<AdamaxImpl> from_config(const Json& config);

 protected:
  void build_slots(const std::vector<Variable>& variables) override;
  Tensor update_step(const Tensor& gradient, const Variable& variable,
                     const Tensor& learning_rate) override;

 private:
  AdamaxOptions options_;
};

using Adamax = OptionsHandle<AdamaxImpl, AdamaxOptions>;

}  // namespace keras::optimizers
