// keras.optimizers.Optimizer (keras/src/optimizers/base_optimizer.py): the base of every
// optimizer, in Keras 3's form.
//
// An optimizer is built for a list of trainable variables (creating its slot variables in
// Keras's order), then applies gradients: drop missing gradients, clip (clipnorm per tensor,
// clipvalue, or global_clipnorm), weight decay (an assignment per variable; inside the fused op
// for Adam and AdamW), one fused update op per variable (keras/ops/updates.h), and
// iterations += 1. On concrete gradients this happens at once; on
// symbolic gradients (a traced training step) apply() returns the update handles in that order,
// for a graph::Program's `updates`. Variable constraints run after the update (see
// apply_constraints()).
//
// The learning rate is a float32 variable (Keras's optimizer.learning_rate), or a
// LearningRateSchedule of the iteration count.
//
// Optimizers are handles (keras/core/handle.h): optimizers::Adam is a shared AdamImpl.
//
//   optimizers::Adam adam({.learning_rate = 1e-3});
//   adam->build(model.trainable_weights());
//   auto handles = adam->apply(gradients, model.trainable_weights());
//
// Each class declares its Keras arguments once (keras/core/detail/keras_args.h): the base ones in
// base_args() (keras/optimizers/detail/optimizer_args.h), its own in its .cc; get_config() and
// from_config() follow from them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "keras/constraints/constraints.h"
#include "keras/core/arg_form.h"
#include "keras/core/handle.h"
#include "keras/core/json_fwd.h"
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
  requires std::is_base_of_v<schedules::LearningRateSchedule, S> LearningRate(const S& schedule)
      : schedule_(std::make_shared<S>(schedule)) {}                        // NOLINT
  LearningRate(std::shared_ptr<schedules::LearningRateSchedule> schedule)  // NOLINT
      : schedule_(std::move(schedule)) {}
  template <class S>
  requires std::is_base_of_v<schedules::LearningRateSchedule, S> LearningRate(
      std::shared_ptr<S> schedule)
      : schedule_(std::move(schedule)) {}  // NOLINT
  double value() const { return value_; }
  const std::shared_ptr<schedules::LearningRateSchedule>& schedule() const { return schedule_; }

 private:
  double value_ = 0.0;  // unused with a schedule
  std::shared_ptr<schedules::LearningRateSchedule> schedule_;
};

}  // namespace keras::optimizers

namespace keras::args {
// A learning rate in a config: a number, or a serialized schedule. Anything else is Keras's
// ValueError "Argument `learning_rate` should be float, or an instance of
// LearningRateSchedule, ...".
template <>
struct ArgForm<optimizers::LearningRate> {
  static Json write(const optimizers::LearningRate& value);
  static void read(const Json& value, optimizers::LearningRate& out, const Site& site);
};
}  // namespace keras::args

namespace keras::optimizers {

// The arguments of Keras 3's base optimizer, declared here only, in its constructor's order.
// Each optimizer's options struct starts with its own learning_rate (with its own default) and
// its own arguments, and ends with these, so designated initializers name the class's arguments
// first: {.learning_rate = 1e-3, .beta_1 = 0.8, .clipnorm = 1.0}. AdamW declares weight_decay
// itself (second, defaulting to 0.004, as Keras's AdamW does) and ends with the rest.
#define KERAS_OPTIMIZER_OPTIONS_AFTER_WEIGHT_DECAY    \
  std::optional<double> clipnorm;                     \
  std::optional<double> clipvalue;                    \
  std::optional<double> global_clipnorm;              \
  bool use_ema = false;                               \
  double ema_momentum = 0.99;                         \
  std::optional<int64_t> ema_overwrite_frequency;     \
  std::optional<double> loss_scale_factor;            \
  std::optional<int64_t> gradient_accumulation_steps; \
  std::string name; /* empty: the Keras default name of the class */
#define KERAS_OPTIMIZER_OPTIONS       \
  std::optional<double> weight_decay; \
  KERAS_OPTIMIZER_OPTIONS_AFTER_WEIGHT_DECAY

// The base arguments alone (what Optimizer keeps).
struct BaseOptions {
  KERAS_OPTIMIZER_OPTIONS
};

class Optimizer {
 public:
  // class_name: "Adam"; validates the base arguments with Keras's messages (at most one of
  // clipnorm, clipvalue and global_clipnorm; gradient_accumulation_steps >= 2; ema_momentum in
  // [0, 1]). use_ema and gradient_accumulation_steps then throw NotImplementedError: both need
  // a conditional or a read of the updated weights inside the training program, which
  // graph::Program does not have. loss_scale_factor is supported (see scale_loss()).
  Optimizer(std::string class_name, const LearningRate& learning_rate, const BaseOptions& options);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // Creates the slot variables for `variables` (the model's trainable weights, in order). Once;
  // ValueError when called again with other variables.
  virtual void build(const std::vector<Variable>& variables);
  bool built() const { return built_; }

  // Applies one step for `gradients` (one per variable; undefined: no gradient). Builds first
  // when needed. Eager gradients update now (returns nothing); symbolic gradients return the
  // update handles, iterations += 1 last. `variables` may be empty once built: the gradients
  // then follow the built list. In Keras's order: missing gradients dropped (a warning names
  // their variables; ValueError when none is left), gradients divided by loss_scale_factor,
  // clipped, weight decay (var -= var·wd·lr), the updates, iterations += 1. An empty
  // `gradients` list does nothing, as in Keras.
  virtual std::vector<Tensor> apply(const std::vector<Tensor>& gradients,
                                    const std::vector<Variable>& variables = {});
  // Keras's apply_gradients: (gradient, variable) pairs.
  std::vector<Tensor> apply_gradients(const std::vector<std::pair<Tensor, Variable>>& pairs);
  // For each variable with a constraint: variable = constraint(variable), now (after a step).
  static void apply_constraints(
      const std::vector<std::pair<Variable, constraints::ConstraintPtr>>& constrained);

  // loss · loss_scale_factor (the loss itself when there is none), for the gradient pass.
  virtual Tensor scale_loss(const Tensor& loss) const;
  // Keras's exclude_from_weight_decay: these variables, and those whose name contains a match
  // of one of the regular expressions in `var_names`, get no weight decay (replacing earlier
  // exclusions). A traced step keeps the exclusions it was traced with.
  void exclude_from_weight_decay(const std::vector<Variable>& var_list = {},
                                 const std::vector<std::string>& var_names = {});

  const std::string& class_name() const { return class_name_; }
  const std::string& name() const { return name_; }
  // The base arguments it was made with (name: as given, empty for the automatic one).
  const BaseOptions& options() const { return options_; }
  // The step count (int64 scalar variable; Keras saves it as optimizer/vars/0).
  virtual const Variable& iterations() const { return iterations_; }
  // The current learning rate (the schedule's value at the current step when there is one).
  virtual double learning_rate() const;
  // Sets a constant learning rate; TypeError when the optimizer uses a schedule (Keras's rule).
  virtual void set_learning_rate(double value);
  // Switches to a schedule (Keras allows it; the learning-rate variable is then dropped from
  // variables()).
  void set_learning_rate(std::shared_ptr<schedules::LearningRateSchedule> schedule);
  bool has_schedule() const { return schedule_ != nullptr; }
  const std::shared_ptr<schedules::LearningRateSchedule>& schedule() const { return schedule_; }
  // Every variable in Keras's saving order: iterations, learning_rate (when no schedule), then
  // the slots as build() made them.
  virtual std::vector<Variable> variables() const;
  // The variables the optimizer was built for.
  const std::vector<Variable>& built_for() const { return built_for_; }
  // The base config keys (base_args(): the name given or made, the current learning rate),
  // then each class's own (config_with()).
  virtual Json get_config() const;

 protected:
  // Creates the slots for these variables (add_slot), in Keras's order.
  virtual void build_slots(const std::vector<Variable>& variables) = 0;
  // The update of one variable with its (clipped, decayed) gradient: a fused update op, run now
  // or returned as a handle. `learning_rate` is a scalar of the variable's dtype.
  virtual Tensor update_step(const Tensor& gradient, const Variable& variable,
                             const Tensor& learning_rate) = 0;
  // Updates that come before every variable's update_step, after weight decay (Nadam's
  // u_product); their handles in order (none when eager).
  virtual std::vector<Tensor> before_update_steps() { return {}; }
  // True when update_step applies weight decay itself (the fused Adam op's weight_decay
  // attribute); the base then skips its own decay step. See weight_decay_for().
  virtual bool fuses_weight_decay() const { return false; }

  // A slot variable shaped like `like` ("momentum", "velocity", ...), zero-filled unless `fill`.
  // Named as Keras names it: "<variable name>_<slot name>".
  Variable add_slot(const Variable& like, const std::string& name, double fill = 0.0);
  // An optimizer variable that belongs to no model variable (Nadam's u_product); it comes
  // after the slots made so far in variables().
  Variable add_variable(const Shape& shape, DType dtype, const std::string& name, double fill);
  // The slot variables made for the variable at `index` of the built list, in creation order.
  const std::vector<Variable>& slots_of(size_t index) const;
  size_t index_of(const Variable& variable) const;
  // The iteration count as an int64 tensor (symbolic inside a trace).
  Tensor iterations_tensor(bool symbolic) const;
  // True while apply() works on symbolic gradients (a trace).
  bool tracing() const { return tracing_; }
  // A variable's value for computing with: a symbolic read while tracing (so the program reads
  // it when it runs), its concrete value otherwise.
  Tensor read(const Variable& variable) const;
  // The weight decay factor for this variable (0 when none or when excluded).
  double weight_decay_for(const Variable& variable) const;
  // The learning rate as a float32 scalar tensor (symbolic while tracing): the variable, or the
  // schedule at the current iteration count.
  Tensor current_learning_rate() const;

 private:
  std::vector<Tensor> clip_gradients(const std::vector<Tensor>& gradients) const;
  Tensor clip_by_norm(const Tensor& gradient) const;

  std::string class_name_, name_;
  BaseOptions options_;
  bool built_ = false;
  bool tracing_ = false;
  Variable iterations_, learning_rate_;
  std::shared_ptr<schedules::LearningRateSchedule> schedule_;
  std::vector<Variable> built_for_;
  std::vector<std::vector<Variable>> slots_;
  std::vector<Variable> slot_order_;  // every slot in creation order (Keras's saving order)
  std::vector<Variable> excluded_from_weight_decay_;
  std::vector<std::string> excluded_names_;
};

using OptimizerPtr = std::shared_ptr<Optimizer>;
using OptimizerArg = ObjectArg<Optimizer>;

}  // namespace keras::optimizers
