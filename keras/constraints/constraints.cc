#include "keras/constraints/constraints.h"

#include "keras/config/config.h"
#include "keras/core/config_reading.h"
#include "keras/core/error.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"

namespace keras::constraints {

namespace {

using config_reading::check_keys;

double number(const Json& config, const char* key, double fallback, const char* who) {
  return config_reading::number(config, key, fallback, who);
}

// Keras writes `axis` as given: an int, or a list for several axes.
Json axis_to_json(const std::vector<int>& axis) {
  if (axis.size() == 1) return axis.front();
  return axis;
}

std::vector<int> axis_from(const Json& config, const char* who) {
  return config_reading::axes(config, "axis", {0}, who);
}

void check_weight(const Tensor& w, const char* who) {
  if (!w.defined()) throw ValueError(str(who, ": the weight is an empty tensor"));
}

Tensor norms(const Tensor& w, const std::vector<int>& axis) {
  return ops::sqrt(ops::sum(ops::square(w), axis, /*keepdims=*/true));
}

// w · desired / (ε + norms).
Tensor rescale(const Tensor& w, const Tensor& desired, const Tensor& n) {
  return ops::multiply(w, ops::divide(desired, ops::add(n, config::epsilon())));
}

[[noreturn]] void cannot_interpret(const std::string& identifier) {
  throw ValueError(str("Could not interpret constraint identifier: ", identifier));
}

ConstraintPtr build(const std::string& name, const Json& config, const std::string& identifier) {
  ConstraintPtr out = registry().create(name, config, "constraint");
  if (!out) cannot_interpret(identifier);
  return out;
}

}  // namespace

MaxNorm::MaxNorm(double max_value, std::vector<int> axis)
    : max_value_(max_value), axis_(std::move(axis)) {}

Tensor MaxNorm::operator()(const Tensor& w) const {
  check_weight(w, "MaxNorm");
  Tensor n = norms(w, axis_);
  return rescale(w, ops::clip(n, 0.0, max_value_), n);
}

Json MaxNorm::get_config() const {
  return {{"max_value", max_value_}, {"axis", axis_to_json(axis_)}};
}

std::shared_ptr<MaxNorm> MaxNorm::from_config(const Json& config) {
  check_keys(config, {"max_value", "axis"}, "MaxNorm");
  return std::make_shared<MaxNorm>(number(config, "max_value", 2.0, "MaxNorm"),
                                   axis_from(config, "MaxNorm"));
}

MinMaxNorm::MinMaxNorm(double min_value, double max_value, double rate, std::vector<int> axis)
    : min_value_(min_value), max_value_(max_value), rate_(rate), axis_(std::move(axis)) {}

Tensor MinMaxNorm::operator()(const Tensor& w) const {
  check_weight(w, "MinMaxNorm");
  Tensor n = norms(w, axis_);
  Tensor desired = ops::add(ops::multiply(ops::clip(n, min_value_, max_value_), rate_),
                            ops::multiply(n, 1.0 - rate_));
  return rescale(w, desired, n);
}

Json MinMaxNorm::get_config() const {
  return {{"min_value", min_value_},
          {"max_value", max_value_},
          {"rate", rate_},
          {"axis", axis_to_json(axis_)}};
}

std::shared_ptr<MinMaxNorm> MinMaxNorm::from_config(const Json& config) {
  check_keys(config, {"min_value", "max_value", "rate", "axis"}, "MinMaxNorm");
  return std::make_shared<MinMaxNorm>(number(config, "min_value", 0.0, "MinMaxNorm"),
                                      number(config, "max_value", 1.0, "MinMaxNorm"),
                                      number(config, "rate", 1.0, "MinMaxNorm"),
                                      axis_from(config, "MinMaxNorm"));
}

Tensor NonNeg::operator()(const Tensor& w) const {
  check_weight(w, "NonNeg");
  return ops::maximum(w, 0.0);
}

std::shared_ptr<NonNeg> NonNeg::from_config(const Json& config) {
  check_keys(config, {}, "NonNeg");
  return std::make_shared<NonNeg>();
}

UnitNorm::UnitNorm(std::vector<int> axis) : axis_(std::move(axis)) {}

Tensor UnitNorm::operator()(const Tensor& w) const {
  check_weight(w, "UnitNorm");
  return ops::divide(w, ops::add(norms(w, axis_), config::epsilon()));
}

Json UnitNorm::get_config() const {
  return {{"axis", axis_to_json(axis_)}};
}

std::shared_ptr<UnitNorm> UnitNorm::from_config(const Json& config) {
  check_keys(config, {"axis"}, "UnitNorm");
  return std::make_shared<UnitNorm>(axis_from(config, "UnitNorm"));
}

ConstraintPtr get(const ConstraintArg& identifier) {
  if (identifier.object()) return identifier.object();
  if (identifier.name()) return build(*identifier.name(), Json::object(), *identifier.name());
  return nullptr;
}

ConstraintPtr get(const Json& identifier) {
  if (identifier.is_null()) return nullptr;
  return deserialize(identifier);
}

Json serialize(const Constraint& constraint) {
  return {{"module", "keras.constraints"},
          {"class_name", constraint.class_name()},
          {"config", constraint.get_config()},
          {"registered_name", nullptr}};
}

ConstraintPtr deserialize(const Json& config) {
  if (config.is_string()) return build(config.get<std::string>(), Json::object(), config.dump());
  if (!config.is_object() || !config.contains("class_name") || !config.at("class_name").is_string())
    cannot_interpret(config.dump());
  return build(config.at("class_name").get<std::string>(),
               config.contains("config") ? config.at("config") : Json::object(), config.dump());
}

ClassRegistry<Constraint>& registry() {
  // keras/src/constraints/__init__.py: every class by its name and its snake_case name.
  static auto* r = [] {
    auto* t = new ClassRegistry<Constraint>;
    auto add = [&](const char* class_name, const char* snake, auto make) {
      ClassRegistry<Constraint>::Factory factory = [make](const Json& c) -> ConstraintPtr {
        return make(c);
      };
      t->add(class_name, factory);
      t->add(snake, factory);
    };
    add("MaxNorm", "max_norm", MaxNorm::from_config);
    add("MinMaxNorm", "min_max_norm", MinMaxNorm::from_config);
    add("NonNeg", "non_neg", NonNeg::from_config);
    add("UnitNorm", "unit_norm", UnitNorm::from_config);
    return t;
  }();
  return *r;
}

}  // namespace keras::constraints
