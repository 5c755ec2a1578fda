// keras.optimizers.Nadam (keras/src/optimizers/nadam.py): Adam with Nesterov momentum and
// Keras 3's momentum schedule u_t = β1·(1 - 0.5·0.96^t) (Keras 2 had 0.96^(0.004·t)).
//
//   optimizers::Nadam nadam({.learning_rate = 2e-3});
//
// Each step first multiplies the scalar u_product by u_t (Keras's _backend_update_step), then
// updates every variable: m̂ = u_{t+1}·m/(1 - u_product·u_{t+1}) + (1-u_t)·g/(1 - u_product),
// v̂ = v/(1-β2^t), w -= lr·m̂/(sqrt(v̂) + ε). Slots per variable, interleaved: "momentum",
// "velocity"; then the scalar u_product (starts at 1, dtype of the first variable; named
// "variable", as Keras's unnamed variable is).
#pragma once

#include "keras/optimizers/optimizer.h"

namespace keras::optimizers {

struct NadamOptions {
  LearningRate learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  KERAS_OPTIMIZER_OPTIONS
};

class NadamImpl : public Optimizer {
 public:
  explicit NadamImpl(const NadamOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<NadamImpl> from_config(const Json& config);
  const Variable& u_product() const { return u_product_; }

 protected:
  void build_slots(const std::vector<Variable>& variables) override;
  std::vector<Tensor> before_update_steps() override;
  Tensor update_step(const Tensor& gradient, const Variable& variable,
                     const Tensor& learning_rate) override;

 private:
  NadamOptions options_;
  Variable u_product_;
  // This step's product (u_product · u_t), made by before_update_steps() and read by every
  // update_step: a value rather than the variable, so inside a program the updates do not
  // depend on when the u_product assignment runs.
  Tensor u_product_t_;
};

using Nadam = OptionsHandle<NadamImpl, NadamOptions>;

}  // namespace keras::optimizers
