// keras.optimizers.Adam (keras/src/optimizers/adam.py): adaptive moment estimation, with the
// bias corrections folded into the step ("epsilon hat" form) and optional AMSGrad.
//
//   optimizers::Adam adam({.learning_rate = 1e-3, .amsgrad = true});
//
// m += (g - m)(1-β1); v += (g² - v)(1-β2); α = lr·sqrt(1-β2^t)/(1-β1^t); w -= α·m/(sqrt(v) + ε)
// (AMSGrad: v̂ = max(v̂, v) in place of v). Slots: per variable "momentum" then "velocity"
// (interleaved), then every "velocity_hat" (amsgrad). Weight decay, when set, runs inside the
// fused update (the same w -= w·wd·lr first, as Keras's base optimizer does).
#pragma once

#include "keras/optimizers/optimizer.h"

namespace keras::optimizers {

struct AdamOptions {
  LearningRate learning_rate = 0.001;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  bool amsgrad = false;
  KERAS_OPTIMIZER_OPTIONS
};

class AdamImpl : public Optimizer {
 public:
  explicit AdamImpl(const AdamOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<AdamImpl> from_config(const Json& config);

 protected:
  // For AdamW: its class name, learning rate and base arguments, and Adam's own arguments in
  // `own` (whose base fields are not read).
  AdamImpl(std::string class_name, const LearningRate& learning_rate, const BaseOptions& base,
           const AdamOptions& own);
  void build_slots(const std::vector<Variable>& variables) override;
  Tensor update_step(const Tensor& gradient, const Variable& variable,
                     const Tensor& learning_rate) override;
  bool fuses_weight_decay() const override { return true; }

 private:
  AdamOptions options_;
};

using Adam = OptionsHandle<AdamImpl, AdamOptions>;

}  // namespace keras::optimizers
