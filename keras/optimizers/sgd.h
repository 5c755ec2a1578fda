// keras.optimizers.SGD (keras/src/optimizers/sgd.py): gradient descent with optional momentum
// and Nesterov momentum.
//
//   optimizers::SGD sgd({.learning_rate = 0.1, .momentum = 0.9, .nesterov = true});
//
// momentum 0: w -= lr·g. Otherwise m = momentum·m - lr·g and w += m (nesterov:
// w += momentum·m - lr·g). One "momentum" slot per variable when momentum != 0.
#pragma once

#include "keras/optimizers/optimizer.h"

namespace keras::optimizers {

struct SGDOptions {
  LearningRate learning_rate = 0.01;
  double momentum = 0.0;  // in [0, 1]
  bool nesterov = false;
  KERAS_OPTIMIZER_OPTIONS
};

class SGDImpl : public Optimizer {
 public:
  // ValueError "`momentum` must be a float between [0, 1]." otherwise (Keras's message).
  explicit SGDImpl(const SGDOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<SGDImpl> from_config(const Json& config);
  double momentum() const { return options_.momentum; }
  bool nesterov() const { return options_.nesterov; }

 protected:
  void build_slots(const std::vector<Variable>& variables) override;
  Tensor update_step(const Tensor& gradient, const Variable& variable,
                     const Tensor& learning_rate) override;

 private:
  SGDOptions options_;
};

using SGD = OptionsHandle<SGDImpl, SGDOptions>;

}  // namespace keras::optimizers
