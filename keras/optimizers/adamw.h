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
  KERAS_OPTIMIZER_OPTIONS_AFTER_WEIGHT_DECAY
};

class AdamWImpl : public AdamImpl {
 public:
  // ValueError "Argument `weight_decay` must be a float. Received: weight_decay=None" when
  // weight_decay is unset.
  explicit AdamWImpl(const AdamWOptions& options = {});
  static std::shared_ptr<AdamWImpl> from_config(const Json& config);
};

using AdamW = OptionsHandle<AdamWImpl, AdamWOptions>;

}  // namespace keras::optimizers
