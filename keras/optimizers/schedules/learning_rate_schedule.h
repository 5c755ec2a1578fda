// keras.optimizers.schedules (keras/src/optimizers/schedules/learning_rate_schedule.py): a
// learning rate as a function of the optimizer's step count, built from keras::ops so it runs
// inside training programs on the symbolic iteration count as well as on a concrete step.
//
//   auto schedule = schedules::ExponentialDecay(0.1, 1000, 0.96, {.staircase = true});
//   optimizers::SGD sgd({.learning_rate = schedule});
//
// Step counts (decay_steps, warmup_steps, ...) are numbers, as in Keras (written to configs as
// integers when whole). Each schedule computes in float32, as Keras does (its Python-float
// constants become float32 tensors), and returns a float32 scalar. keras::ops has no floor, ceil or
// cos: they are composed here from casts, comparisons and a range-reduced Taylor series (see the
// .cc).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/class_registry.h"
#include "keras/core/json_fwd.h"
#include "keras/core/tensor.h"

namespace keras::optimizers::schedules {

class LearningRateSchedule {
 public:
  virtual ~LearningRateSchedule() = default;
  // The learning rate for `step` (a float32 scalar tensor, concrete or symbolic; other dtypes
  // are cast to float32), as float32.
  virtual Tensor operator()(const Tensor& step) const = 0;
  virtual std::string class_name() const = 0;
  virtual Json get_config() const = 0;
};

using LearningRateSchedulePtr = std::shared_ptr<LearningRateSchedule>;

// initial_learning_rate · decay_rate^(step / decay_steps); the exponent floored when staircase.
struct ExponentialDecayOptions {
  bool staircase = false;
  std::string name = "ExponentialDecay";
};
class ExponentialDecay : public LearningRateSchedule {
 public:
  // ValueError when decay_steps <= 0 (Keras's message).
  ExponentialDecay(double initial_learning_rate, double decay_steps, double decay_rate,
                   const ExponentialDecayOptions& options = {});
  Tensor operator()(const Tensor& step) const override;
  std::string class_name() const override { return "ExponentialDecay"; }
  Json get_config() const override;
  static std::shared_ptr<ExponentialDecay> from_config(const Json& config);

 private:
  double initial_learning_rate_, decay_rate_;
  double decay_steps_;
  ExponentialDecayOptions options_;
};

// values[0] while step <= boundaries[0], values[i] while boundaries[i-1] < step <=
// boundaries[i], values.back() after the last boundary.
struct PiecewiseConstantDecayOptions {
  std::string name = "PiecewiseConstant";
};
class PiecewiseConstantDecay : public LearningRateSchedule {
 public:
  // ValueError unless values has one more entry than boundaries (Keras's message).
  PiecewiseConstantDecay(std::vector<double> boundaries, std::vector<double> values,
                         const PiecewiseConstantDecayOptions& options = {});
  Tensor operator()(const Tensor& step) const override;
  std::string class_name() const override { return "PiecewiseConstantDecay"; }
  Json get_config() const override;
  static std::shared_ptr<PiecewiseConstantDecay> from_config(const Json& config);

 private:
  std::vector<double> boundaries_, values_;  // boundaries are written as integers when whole
  PiecewiseConstantDecayOptions options_;
};

// (initial - end) · (1 - min(step, decay_steps) / decay_steps)^power + end; with cycle, the
// decay restarts over decay_steps · ceil(step / decay_steps) (1 at step 0).
struct PolynomialDecayOptions {
  double end_learning_rate = 0.0001;
  double power = 1.0;
  bool cycle = false;
  std::string name = "PolynomialDecay";
};
class PolynomialDecay : public LearningRateSchedule {
 public:
  PolynomialDecay(double initial_learning_rate, double decay_steps,
                  const PolynomialDecayOptions& options = {});
  Tensor operator()(const Tensor& step) const override;
  std::string class_name() const override { return "PolynomialDecay"; }
  Json get_config() const override;
  static std::shared_ptr<PolynomialDecay> from_config(const Json& config);

 private:
  double initial_learning_rate_;
  double decay_steps_;
  PolynomialDecayOptions options_;
};

// initial_learning_rate / (1 + decay_rate · step / decay_steps); the quotient floored when
// staircase.
struct InverseTimeDecayOptions {
  bool staircase = false;
  std::string name = "InverseTimeDecay";
};
class InverseTimeDecay : public LearningRateSchedule {
 public:
  InverseTimeDecay(double initial_learning_rate, double decay_steps, double decay_rate,
                   const InverseTimeDecayOptions& options = {});
  Tensor operator()(const Tensor& step) const override;
  std::string class_name() const override { return "InverseTimeDecay"; }
  Json get_config() const override;
  static std::shared_ptr<InverseTimeDecay> from_config(const Json& config);

 private:
  double initial_learning_rate_, decay_rate_;
  double decay_steps_;
  InverseTimeDecayOptions options_;
};

// Without warmup_target: initial · ((1 - alpha) · 0.5 · (1 + cos(π · min(step, decay_steps) /
// decay_steps)) + alpha). With it: a linear warmup from initial to warmup_target over
// warmup_steps, then the same cosine decay from warmup_target.
struct CosineDecayOptions {
  double alpha = 0.0;
  std::string name = "CosineDecay";
  std::optional<double> warmup_target;
  double warmup_steps = 0;
};
class CosineDecay : public LearningRateSchedule {
 public:
  CosineDecay(double initial_learning_rate, double decay_steps,
              const CosineDecayOptions& options = {});
  Tensor operator()(const Tensor& step) const override;
  std::string class_name() const override { return "CosineDecay"; }
  Json get_config() const override;
  static std::shared_ptr<CosineDecay> from_config(const Json& config);

 private:
  double initial_learning_rate_;
  double decay_steps_;
  CosineDecayOptions options_;
};

// SGDR: cosine decay from 1 to alpha over first_decay_steps, then warm restarts, each t_mul
// times longer and starting m_mul times lower than the one before.
struct CosineDecayRestartsOptions {
  double t_mul = 2.0;
  double m_mul = 1.0;
  double alpha = 0.0;
  std::string name = "SGDRDecay";
};
class CosineDecayRestarts : public LearningRateSchedule {
 public:
  CosineDecayRestarts(double initial_learning_rate, double first_decay_steps,
                      const CosineDecayRestartsOptions& options = {});
  Tensor operator()(const Tensor& step) const override;
  std::string class_name() const override { return "CosineDecayRestarts"; }
  Json get_config() const override;
  static std::shared_ptr<CosineDecayRestarts> from_config(const Json& config);

 private:
  double initial_learning_rate_;
  double first_decay_steps_;
  CosineDecayRestartsOptions options_;
};

// {"module": "keras.optimizers.schedules", "class_name": ..., "config": ...,
//  "registered_name": null}.
Json serialize(const LearningRateSchedule& schedule);
// A schedule from such a config (or {"class_name", "config"} alone); unknown classes throw
// ValueError "Unknown decay: '<name>'" (Keras's message for printable_module_name "decay").
LearningRateSchedulePtr deserialize(const Json& config);
// deserialize(), or nullptr for null.
LearningRateSchedulePtr get(const Json& identifier);

// Schedule classes by class name, for deserialize(); custom classes may be added.
ClassRegistry<LearningRateSchedule>& registry();

}  // namespace keras::optimizers::schedules
