#include "keras/constraints/constraints.h"

#include "keras/config/config.h"
#include "keras/core/detail/keras_args.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"

namespace keras::constraints {

namespace {

// `axis` as Keras writes it, as given: an int, or a list for several axes.
struct AxisForm {
  static Json write(const std::vector<int>& axis) {
    if (axis.size() == 1) return axis.front();
    return axis;
  }
  static void read(const Json& value, std::vector<int>& out, const args::Site& site) {
    std::optional<std::vector<int>> axes;
    args::IntOrList::read(value, axes, site);
    if (axes) out = std::move(*axes);  // null keeps the default
  }
};

// The argument lists, in the order of Keras's get_config.
args::ArgList max_norm_args(MaxNormOptions& o) {
  return {{"max_value", o.max_value}, args::Arg::as<AxisForm>("axis", o.axis)};
}
args::ArgList min_max_norm_args(MinMaxNormOptions& o) {
  return {{"min_value", o.min_value},
          {"max_value", o.max_value},
          {"rate", o.rate},
          args::Arg::as<AxisForm>("axis", o.axis)};
}
args::ArgList unit_norm_args(UnitNormOptions& o) {
  return {args::Arg::as<AxisForm>("axis", o.axis)};
}

constexpr args::UnknownKeys kUnknown = args::UnknownKeys::type_error;

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

Tensor MaxNorm::operator()(const Tensor& w) const {
  check_weight(w, "MaxNorm");
  Tensor n = norms(w, options_.axis);
  return rescale(w, ops::clip(n, 0.0, options_.max_value), n);
}

Json MaxNorm::get_config() const {
  return args::config_of(max_norm_args, options_);
}

std::shared_ptr<MaxNorm> MaxNorm::from_config(const Json& config) {
  return std::make_shared<MaxNorm>(args::options_from(max_norm_args, config, "MaxNorm", kUnknown));
}

Tensor MinMaxNorm::operator()(const Tensor& w) const {
  check_weight(w, "MinMaxNorm");
  const MinMaxNormOptions& o = options_;
  Tensor n = norms(w, o.axis);
  Tensor desired = ops::add(ops::multiply(ops::clip(n, o.min_value, o.max_value), o.rate),
                            ops::multiply(n, 1.0 - o.rate));
  return rescale(w, desired, n);
}

Json MinMaxNorm::get_config() const {
  return args::config_of(min_max_norm_args, options_);
}

std::shared_ptr<MinMaxNorm> MinMaxNorm::from_config(const Json& config) {
  return std::make_shared<MinMaxNorm>(
      args::options_from(min_max_norm_args, config, "MinMaxNorm", kUnknown));
}

Tensor NonNeg::operator()(const Tensor& w) const {
  check_weight(w, "NonNeg");
  return ops::maximum(w, 0.0);
}

std::shared_ptr<NonNeg> NonNeg::from_config(const Json& config) {
  args::read({}, config, "NonNeg", kUnknown);
  return std::make_shared<NonNeg>();
}

Tensor UnitNorm::operator()(const Tensor& w) const {
  check_weight(w, "UnitNorm");
  return ops::divide(w, ops::add(norms(w, options_.axis), config::epsilon()));
}

Json UnitNorm::get_config() const {
  return args::config_of(unit_norm_args, options_);
}

std::shared_ptr<UnitNorm> UnitNorm::from_config(const Json& config) {
  return std::make_shared<UnitNorm>(
      args::options_from(unit_norm_args, config, "UnitNorm", kUnknown));
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

namespace keras::constraints {

void object_arg_from_config(ConstraintArg& out, const Json& value) {
  out = get(value);
}

}  // namespace keras::constraints

namespace keras::constraints {

Json Constraint::get_config() const {
  return Json::object();
}

}  // namespace keras::constraints
