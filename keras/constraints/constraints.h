// keras.constraints: projections applied to a weight after each optimizer update, as Keras 3 has
// them (keras/src/constraints/constraints.py): MaxNorm, MinMaxNorm, NonNeg, UnitNorm, and
// get / serialize / deserialize by name.
//
//   layers::Dense(64, {.kernel_constraint = constraints::MaxNorm(3.0)});
//   layers::Dense(64, {.kernel_constraint = constraints::UnitNorm({.axis = {0, 1}})});
//
// A constraint maps a weight to its projected value (same shape and dtype), built from
// keras::ops. Norms are taken over `axis` (0 by default: each column of a Dense kernel, each
// filter's input weights); ε is keras::config::epsilon().
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "keras/core/class_registry.h"
#include "keras/core/json_fwd.h"
#include "keras/core/object_arg.h"
#include "keras/core/tensor.h"

namespace keras::constraints {

class Constraint {
 public:
  virtual ~Constraint() = default;
  virtual Tensor operator()(const Tensor& w) const = 0;
  virtual std::string class_name() const = 0;
  virtual Json get_config() const;  // {} unless the class has arguments
};

using ConstraintPtr = std::shared_ptr<Constraint>;
using ConstraintArg = ObjectArg<Constraint>;

// w · clip(‖w‖, 0, max_value) / (ε + ‖w‖).
struct MaxNormOptions {
  double max_value = 2.0;
  std::vector<int> axis = {0};
};

class MaxNorm : public Constraint {
 public:
  explicit MaxNorm(const MaxNormOptions& options = {}) : options_(options) {}
  explicit MaxNorm(double max_value) : MaxNorm(MaxNormOptions{.max_value = max_value}) {}
  Tensor operator()(const Tensor& w) const override;
  std::string class_name() const override { return "MaxNorm"; }
  Json get_config() const override;
  static std::shared_ptr<MaxNorm> from_config(const Json& config);

 private:
  MaxNormOptions options_;
};

// w · (rate · clip(‖w‖, min_value, max_value) + (1 - rate) · ‖w‖) / (ε + ‖w‖).
struct MinMaxNormOptions {
  double min_value = 0.0;
  double max_value = 1.0;
  double rate = 1.0;
  std::vector<int> axis = {0};
};

class MinMaxNorm : public Constraint {
 public:
  explicit MinMaxNorm(const MinMaxNormOptions& options = {}) : options_(options) {}
  Tensor operator()(const Tensor& w) const override;
  std::string class_name() const override { return "MinMaxNorm"; }
  Json get_config() const override;
  static std::shared_ptr<MinMaxNorm> from_config(const Json& config);

 private:
  MinMaxNormOptions options_;
};

// max(w, 0).
class NonNeg : public Constraint {
 public:
  Tensor operator()(const Tensor& w) const override;
  std::string class_name() const override { return "NonNeg"; }
  static std::shared_ptr<NonNeg> from_config(const Json& config);
};

// w / (ε + ‖w‖).
struct UnitNormOptions {
  std::vector<int> axis = {0};
};

class UnitNorm : public Constraint {
 public:
  explicit UnitNorm(const UnitNormOptions& options = {}) : options_(options) {}
  Tensor operator()(const Tensor& w) const override;
  std::string class_name() const override { return "UnitNorm"; }
  Json get_config() const override;
  static std::shared_ptr<UnitNorm> from_config(const Json& config);

 private:
  UnitNormOptions options_;
};

// A constraint from a name ("max_norm", "MaxNorm", "non_neg", "unit_norm", "min_max_norm"), a
// config, an object, or nothing (nullptr). Unknown names throw ValueError "Could not interpret
// constraint identifier: ...".
ConstraintPtr get(const ConstraintArg& identifier);
ConstraintPtr get(const Json& identifier);
// A config value (a name, a serialized object, or null) as an argument
// (keras/core/detail/keras_args.h).
void object_arg_from_config(ConstraintArg& out, const Json& value);
Json serialize(const Constraint& constraint);
ConstraintPtr deserialize(const Json& config);

// Custom constraint classes by name (a name may shadow a built-in).
ClassRegistry<Constraint>& registry();

}  // namespace keras::constraints
