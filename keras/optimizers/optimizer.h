// keras.optimizers.Optimizer (keras/src/optimizers/base_optimizer.py): the base of every
// optimizer, in Keras 3's form.
//
// An optimizer is built for a list of trainable variables (creating its slot variables in
// Keras's order), then applies gradients: drop missing gradients, clip (clipnorm per tensor,
// clipvalue, or global_clipnorm), weight decay, one fused update op per variable
// (keras/ops/updates.h), and iterations += 1. On concrete gradients this happens at once; on
// symbolic gradients (a traced training step) apply() returns the update handles in that order,
// for a graph::Program's `updates`. Variable constraints run after the update (see
// apply_constraints()).
//
// The learning rate is a float32 variable (Keras's optimizer.learning_rate), or a
// LearningRateSchedule of the iteration count.
//
//   optimizers::Adam adam({.learning_rate = 1e-3});
//   adam.build(model.trainable_weights());
//   auto handles = adam.apply(gradients, model.trainable_weights());
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "keras/constraints/constraints.h"
#include "keras/core/json.h"
#include "keras/core/object_arg.h"
#include "keras/core/tensor.h"
#include "keras/core/variable.h"
#include "keras/optimizers/schedules/learning_rate_schedule.h"

namespace keras::optimizers {

// A learning rate: a number or a schedule.
class LearningRate {
 public:
  LearningRate(double value) : value_(value) {}  // NOLINT
  template <class S>
    requires std::is_base_of_v<schedules::LearningRateSchedule, S>
  LearningRate(const S& schedule) : schedule_(std::make_shared<S>(schedule)) {}  // NOLINT
  LearningRate(std::shared_ptr<schedules::LearningRateSchedule> schedule)  // NOLINT
      : schedule_(std::move(schedule)) {}
  double value() const { return value_; }
  const std::shared_ptr<schedules::LearningRateSchedule>& schedule() const { return schedule_; }

 private:
  double value_ = 0.001;
  std::shared_ptr<schedules::LearningRateSchedule> schedule_;
};

// The arguments of Keras 3's base optimizer, last in each optimizer's options struct (the
// optimizer's own learning_rate default comes first there).
#define KERAS_OPTIMIZER_OPTIONS                                           \
  std::optional<double> weight_decay;                                     \
  std::optional<double> clipnorm;                                         \
  std::optional<double> clipvalue;                                        \
  std::optional<double> global_clipnorm;                                  \
  bool use_ema = false;                                                   \
  double ema_momentum = 0.99;                                             \
  std::optional<int64_t> ema_overwrite_frequency;                         \
  std::optional<double> loss_scale_factor;                                \
  std::optional<int64_t> gradient_accumulation_steps;                     \
  std::string name; /* empty: the Keras default name of the class */

struct BaseOptions {
  std::optional<double> weight_decay, clipnorm, clipvalue, global_clipnorm;
  bool use_ema = false;
  double ema_momentum = 0.99;
  std::optional<int64_t> ema_overwrite_frequency;
  std::optional<double> loss_scale_factor;
  std::optional<int64_t> gradient_accumulation_steps;
  std::string name;
};

class Optimizer {
 public:
  // class_name: "Adam"; validates the base arguments with Keras's messages (at most one of
  // clipnorm, clipvalue and global_clipnorm; features not supported throw NotImplementedError).
  Optimizer(std::string class_name, const LearningRate& learning_rate, const BaseOptions& options);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // Creates the slot variables for `variables` (the model's trainable weights, in order). Once;
  // ValueError when called again with other variables.
  void build(const std::vector<Variable>& variables);
  bool built() const { return built_; }

  // Applies one step for `gradients` (one per variable; undefined: no gradient). Builds first
  // when needed. Eager gradients update now (returns nothing); symbolic gradients return the
  // update handles, iterations += 1 last.
  std::vector<Tensor> apply(const std::vector<Tensor>& gradients,
                            const std::vector<Variable>& variables);
  // For each variable with a constraint: variable = constraint(variable), now (after a step).
  static void apply_constraints(
      const std::vector<std::pair<Variable, constraints::ConstraintPtr>>& constrained);

  const std::string& class_name() const { return class_name_; }
  const std::string& name() const { return name_; }
  // The step count (int64 scalar variable; Keras saves it as optimizer/vars/0).
  const Variable& iterations() const { return iterations_; }
  // The current learning rate (the schedule's value at the current step when there is one).
  double learning_rate() const;
  // Sets a constant learning rate; TypeError when the optimizer uses a schedule (Keras's rule).
  void set_learning_rate(double value);
  bool has_schedule() const { return schedule_ != nullptr; }
  // Every variable in Keras's saving order: iterations, learning_rate (when no schedule), then
  // the slots as build() made them.
  std::vector<Variable> variables() const;
  // The base config keys in Keras's order (name, learning_rate, weight_decay, clipnorm,
  // global_clipnorm, clipvalue, use_ema, ema_momentum, ema_overwrite_frequency,
  // loss_scale_factor, gradient_accumulation_steps), then the optimizer's own.
  virtual Json get_config() const;

 protected:
  // Creates the slots for these variables (add_slot), in Keras's order.
  virtual void build_slots(const std::vector<Variable>& variables) = 0;
  // The update of one variable with its (clipped, decayed) gradient: a fused update op, run now
  // or returned as a handle. `learning_rate` is a scalar of the variable's dtype.
  virtual Tensor update_step(const Tensor& gradient, const Variable& variable,
                             const Tensor& learning_rate) = 0;
  // A slot variable shaped like `like` ("m", "v", "velocity", ...), zero-filled unless `fill`.
  Variable add_slot(const Variable& like, const std::string& name, double fill = 0.0);
  // The slot variables made for the variable at `index` of the built list, in creation order.
  const std::vector<Variable>& slots_of(size_t index) const;
  size_t index_of(const Variable& variable) const;
  // The iteration count as an int64 tensor (symbolic inside a trace).
  Tensor iterations_tensor(bool symbolic) const;

 private:
  std::string class_name_, name_;
  BaseOptions options_;
  bool built_ = false;
  Variable iterations_, learning_rate_;
  std::shared_ptr<schedules::LearningRateSchedule> schedule_;
  std::vector<Variable> built_for_;
  std::vector<std::vector<Variable>> slots_;
  std::vector<Variable> slot_order_;  // every slot in creation order (Keras's saving order)
};

using OptimizerPtr = std::shared_ptr<Optimizer>;
using OptimizerArg = ObjectArg<Optimizer>;

}  // namespace keras::optimizers
