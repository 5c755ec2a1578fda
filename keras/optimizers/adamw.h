// keras.optimizers.AdamW (keras/src/optimizers/adamw.py): Adam with decoupled weight decay,
// on by default (weight_decay 0.004): w -= w·wd·lr, then the Adam step.
//
//   optimizers::AdamW adamw({.learning_rate = 1e-3, .weight_decay = 0.01});
#pragma once

#include "keras/optimizers/adam.h"

namespace keras::optimizers {

// Keras's argument order: weight_decay comes second and defaults to 0.004.
struct AdamWOptions {
  LearningRate learning_rate = 0.001;
  std::optional<double> weight_decay = 0.004;
  double beta_1 = 0.9;
  double beta_2 = 0.999;
  double epsilon = 1e-7;
  bool amsgrad = false;
  std::optional<double> clipnorm;
  std::optional<double> clipvalue;
  std::optional<double> global_clipnorm;
  bool use_ema = false;
  double ema_momentum = 0.99;
  std::optional<int64_t> ema_overwrite_frequency;
  std::optional<double> loss_scale_factor;
  std::optional<int64_t> gradient_accumulation_steps;
  std::string name;
};

class AdamW : public Adam {
 public:
  // ValueError "Argument `weight_decay` must be a float. Received: weight_decay=None" when
  // weight_decay is unset.
  explicit AdamW(const AdamWOptions& options = {});
  static std::shared_ptr<AdamW> from_config(const Json& config);
};

}  // namespace keras::optimizers
