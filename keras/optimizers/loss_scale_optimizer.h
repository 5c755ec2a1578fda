// keras.optimizers.LossScaleOptimizer (keras/src/optimizers/loss_scale_optimizer.py): dynamic
// loss scaling around another optimizer, for float16 computations (the mixed_float16 policy),
// whose small gradients would otherwise underflow to zero.
//
//   optimizers::LossScaleOptimizer lso(optimizers::RMSprop());
//
// The training step multiplies the loss by the current scale (scale_loss) and apply() divides
// the gradients by it. When every gradient is finite the inner optimizer takes its step, and
// after dynamic_growth_steps such steps in a row the scale doubles; otherwise the step is
// skipped and the scale halves. Model.compile wraps the optimizer in one by itself when the
// model's dtype policy is mixed_float16 (compile's auto_scale_loss), as Keras does.
//
// Variables, in Keras's order: its own iteration and learning_rate (which Keras keeps and never
// uses), step_counter (int64) and dynamic_scale (float32), then the inner optimizer's.
// iterations(), learning_rate() and set_learning_rate() are the inner optimizer's.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "keras/optimizers/optimizer.h"

namespace keras::optimizers {

struct LossScaleOptimizerOptions {
  double initial_scale = 32768.0;  // 2^15
  int64_t dynamic_growth_steps = 2000;
  std::string name;  // empty: "loss_scale_optimizer"
};

class LossScaleOptimizerImpl : public Optimizer {
 public:
  // ValueError for an empty inner optimizer, a non-positive initial_scale or
  // dynamic_growth_steps < 1.
  LossScaleOptimizerImpl(OptimizerPtr inner_optimizer,
                         const LossScaleOptimizerOptions& options = {});

  const OptimizerPtr& inner_optimizer() const { return inner_; }
  // The current loss scale (dynamic_scale's value).
  double dynamic_scale() const;
  const Variable& step_counter() const { return step_counter_; }

  std::vector<Tensor> apply(const std::vector<Tensor>& gradients,
                            const std::vector<Variable>& variables = {}) override;
  Tensor scale_loss(const Tensor& loss) const override;
  const Variable& iterations() const override { return inner_->iterations(); }
  double learning_rate() const override { return inner_->learning_rate(); }
  void set_learning_rate(double value) override { inner_->set_learning_rate(value); }
  std::vector<Variable> variables() const override;

  // {"name", "inner_optimizer" (serialized), "initial_scale", "dynamic_growth_steps"}.
  Json get_config() const override;
  static std::shared_ptr<LossScaleOptimizerImpl> from_config(const Json& config);

 protected:
  void build_slots(const std::vector<Variable>& variables) override;
  Tensor update_step(const Tensor& gradient, const Variable& variable,
                     const Tensor& learning_rate) override;

 private:
  OptimizerPtr inner_;
  LossScaleOptimizerOptions options_;
  Variable step_counter_, dynamic_scale_;
};

class LossScaleOptimizer : public Handle<LossScaleOptimizerImpl> {
 public:
  using Handle::Handle;
  explicit LossScaleOptimizer(OptimizerPtr inner_optimizer,
                              const LossScaleOptimizerOptions& options = {})
      : Handle(std::make_shared<LossScaleOptimizerImpl>(std::move(inner_optimizer), options)) {}
};

}  // namespace keras::optimizers
