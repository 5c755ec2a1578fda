#include "keras/regularizers/regularizers.h"

#include <cmath>

#include "keras/config/config.h"
#include "keras/core/detail/keras_args.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::regularizers {

namespace {

// Keras's validate_float_arg (its message lacks a space after the period; kept).
double validate_float_arg(double value, const char* name) {
  if (std::isinf(value) || std::isnan(value) || value < 0)
    throw ValueError(str("Invalid value for argument ", name,
                         ": expected a non-negative float.Received: ", name, "=", value));
  return value;
}

double float32(double value) {
  return static_cast<double>(static_cast<float>(value));
}

// The argument lists, in the order of Keras's get_config.
args::ArgList l1_args(L1Options& o) {
  return {{"l1", o.l1}};
}
args::ArgList l2_args(L2Options& o) {
  return {{"l2", o.l2}};
}
args::ArgList l1_l2_args(L1L2Options& o) {
  return {{"l1", o.l1}, {"l2", o.l2}};
}
args::ArgList orthogonal_args(OrthogonalRegularizerOptions& o) {
  return {{"factor", o.factor}, {"mode", o.mode}};
}

constexpr args::UnknownKeys kUnknown = args::UnknownKeys::type_error;

void check_rank_known(const Tensor& x, const char* who) {
  if (!x.defined()) throw ValueError(str(who, ": the input is an empty tensor"));
}

// x · rsqrt(max(Σ x², ε²)) along `axis`: keras.ops.normalize with order 2.
Tensor l2_normalize(const Tensor& x, int axis) {
  double eps = config::epsilon();
  Tensor square_sum = ops::sum(ops::square(x), axis, /*keepdims=*/true);
  return ops::multiply(x, ops::rsqrt(ops::maximum(square_sum, eps * eps)));
}

[[noreturn]] void cannot_interpret(const std::string& identifier) {
  throw ValueError(str("Could not interpret regularizer identifier: ", identifier));
}

RegularizerPtr build(const std::string& name, const Json& config, const std::string& identifier) {
  RegularizerPtr out = registry().create(name, config, "regularizer");
  if (!out) cannot_interpret(identifier);
  return out;
}

}  // namespace

L1::L1(const L1Options& options) : options_(options) {
  options_.l1 = float32(validate_float_arg(options_.l1, "l1"));
}

Tensor L1::operator()(const Tensor& x) const {
  check_rank_known(x, "L1");
  return ops::multiply(ops::sum(ops::abs(x)), options_.l1);
}

Json L1::get_config() const {
  return args::config_of(l1_args, options_);
}

std::shared_ptr<L1> L1::from_config(const Json& config) {
  return std::make_shared<L1>(args::options_from(l1_args, config, "L1", kUnknown));
}

L2::L2(const L2Options& options) : options_(options) {
  validate_float_arg(options_.l2, "l2");
}

Tensor L2::operator()(const Tensor& x) const {
  check_rank_known(x, "L2");
  return ops::multiply(ops::sum(ops::square(x)), options_.l2);
}

Json L2::get_config() const {
  return args::config_of(l2_args, options_);
}

std::shared_ptr<L2> L2::from_config(const Json& config) {
  return std::make_shared<L2>(args::options_from(l2_args, config, "L2", kUnknown));
}

L1L2::L1L2(const L1L2Options& options) : options_(options) {
  validate_float_arg(options_.l1, "l1");
  validate_float_arg(options_.l2, "l2");
}

Tensor L1L2::operator()(const Tensor& x) const {
  check_rank_known(x, "L1L2");
  const double l1 = options_.l1, l2 = options_.l2;
  Tensor penalty = ops::zeros_like(ops::sum(x));
  if (l1 != 0.0) penalty = ops::add(penalty, ops::multiply(ops::sum(ops::abs(x)), l1));
  if (l2 != 0.0) penalty = ops::add(penalty, ops::multiply(ops::sum(ops::square(x)), l2));
  return penalty;
}

Json L1L2::get_config() const {
  return args::config_of(l1_l2_args, options_);
}

std::shared_ptr<L1L2> L1L2::from_config(const Json& config) {
  return std::make_shared<L1L2>(args::options_from(l1_l2_args, config, "L1L2", kUnknown));
}

OrthogonalRegularizer::OrthogonalRegularizer(const OrthogonalRegularizerOptions& options)
    : options_(options) {
  options_.factor = float32(validate_float_arg(options_.factor, "factor"));
  if (options_.mode != "rows" && options_.mode != "columns")
    throw ValueError(
        str("Invalid value for argument `mode`. Expected one of {\"rows\", "
            "\"columns\"}. Received: mode=",
            options_.mode));
}

Tensor OrthogonalRegularizer::operator()(const Tensor& x) const {
  check_rank_known(x, "OrthogonalRegularizer");
  if (x.rank() != 2)
    throw ValueError(str(
        "Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=", x.shape()));
  const std::string& mode = options_.mode;
  bool rows = mode == "rows";
  int64_t size = x.shape()[rows ? 0 : 1];
  if (size < 2)
    throw ValueError(str("OrthogonalRegularizer needs at least 2 ", mode,
                         " to compare, got inputs.shape=", x.shape()));
  Tensor u = l2_normalize(x, rows ? 1 : 0);
  Tensor product = rows ? ops::matmul(u, ops::transpose(u)) : ops::matmul(ops::transpose(u), u);
  // Off-diagonal entries only: product · (1 - I).
  std::vector<double> off(static_cast<size_t>(size * size), 1.0);
  for (int64_t i = 0; i < size; ++i) off[static_cast<size_t>(i * size + i)] = 0.0;
  Tensor mask = Tensor::from_vector(off, Shape{size, size}).astype(x.dtype());
  double pairs = static_cast<double>(size) * (static_cast<double>(size) - 1.0) / 2.0;
  Tensor total = ops::sum(ops::abs(ops::multiply(product, mask)));
  return ops::multiply(total, options_.factor * 0.5 / pairs);
}

Json OrthogonalRegularizer::get_config() const {
  return args::config_of(orthogonal_args, options_);
}

std::shared_ptr<OrthogonalRegularizer> OrthogonalRegularizer::from_config(const Json& config) {
  return std::make_shared<OrthogonalRegularizer>(
      args::options_from(orthogonal_args, config, "OrthogonalRegularizer", kUnknown));
}

RegularizerPtr get(const RegularizerArg& identifier) {
  if (identifier.object()) return identifier.object();
  if (identifier.name()) return build(*identifier.name(), Json::object(), *identifier.name());
  return nullptr;
}

RegularizerPtr get(const Json& identifier) {
  if (identifier.is_null()) return nullptr;
  return deserialize(identifier);
}

Json serialize(const Regularizer& regularizer) {
  return {{"module", "keras.regularizers"},
          {"class_name", regularizer.class_name()},
          {"config", regularizer.get_config()},
          {"registered_name", nullptr}};
}

RegularizerPtr deserialize(const Json& config) {
  if (config.is_string()) return build(config.get<std::string>(), Json::object(), config.dump());
  // Keras 1 wrote its class name and arguments in one object, without a config: L1L2's own.
  if (config.is_object() && !config.contains("class_name") && config.contains("name") &&
      config.at("name") == "WeightRegularizer") {
    Json arguments = config;
    arguments.erase("name");
    return L1L2::from_config(arguments);
  }
  if (!config.is_object() || !config.contains("class_name") || !config.at("class_name").is_string())
    cannot_interpret(config.dump());
  return build(config.at("class_name").get<std::string>(),
               config.contains("config") ? config.at("config") : Json::object(), config.dump());
}

ClassRegistry<Regularizer>& registry() {
  // keras/src/regularizers/__init__.py: every class by its name and its snake_case name.
  static auto* r = [] {
    auto* t = new ClassRegistry<Regularizer>;
    auto add = [&](const char* class_name, const char* snake, auto make) {
      ClassRegistry<Regularizer>::Factory factory = [make](const Json& c) -> RegularizerPtr {
        return make(c);
      };
      t->add(class_name, factory);
      t->add(snake, factory);
    };
    add("L1", "l1", L1::from_config);
    add("L2", "l2", L2::from_config);
    add("L1L2", "l1_l2", L1L2::from_config);
    add("OrthogonalRegularizer", "orthogonal_regularizer", OrthogonalRegularizer::from_config);
    return t;
  }();
  return *r;
}

}  // namespace keras::regularizers

namespace keras::regularizers {

void object_arg_from_config(RegularizerArg& out, const Json& value) {
  out = get(value);
}

}  // namespace keras::regularizers
