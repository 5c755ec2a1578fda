#include "keras/optimizers/schedules/learning_rate_schedule.h"

#include <cmath>
#include <numbers>

#include "keras/core/detail/keras_args.h"
#include "keras/core/error.h"
#include "keras/ops/math.h"

namespace keras::optimizers::schedules {

namespace {

constexpr double kPi = std::numbers::pi;

// Keras casts the step to the dtype of initial_learning_rate: float32.
Tensor as_float32(const Tensor& step) {
  if (!step.defined())
    throw ValueError("a learning rate schedule needs a step; got an empty tensor");
  return step.dtype() == DType::float32 ? step : ops::cast(step, DType::float32);
}

// floor(x): truncation toward zero (a cast to int64 and back), one less where that rounded up
// (negative non-integers). keras::ops has no floor; steps are far inside int64's range.
Tensor floor_of(const Tensor& x) {
  Tensor t = ops::cast(ops::cast(x, DType::int64), x.dtype());
  return ops::subtract(t, ops::cast(ops::less(x, t), x.dtype()));
}

Tensor ceil_of(const Tensor& x) {
  return ops::negative(floor_of(ops::negative(x)));
}

// cos(x) for any x: x reduced to z = |x mod 2π - π| in [0, π], where cos(x) = -cos(z), then to
// a = min(z, π - z) in [0, π/2], where the Taylor series to a^16/16! is exact to float64's
// precision (the first omitted term is below 5e-13). keras::ops has no cos.
Tensor cos_of(const Tensor& x) {
  constexpr double two_pi = 2.0 * kPi;
  Tensor r = ops::divide(x, two_pi);
  r = ops::subtract(r, floor_of(r));                                  // [0, 1)
  Tensor z = ops::abs(ops::subtract(ops::multiply(r, two_pi), kPi));  // [0, π]
  Tensor flip = ops::greater(z, kPi / 2.0);
  Tensor a = ops::where(flip, ops::subtract(kPi, z), z);  // [0, π/2]
  Tensor a2 = ops::square(a);
  // Horner's rule over a²: Σ_k (-1)^k a^(2k) / (2k)!, k = 0..8.
  double coefficients[9];
  double factorial = 1.0;
  for (int k = 0; k <= 8; ++k) {
    if (k > 0) factorial *= static_cast<double>((2 * k - 1) * (2 * k));
    coefficients[k] = (k % 2 == 0 ? 1.0 : -1.0) / factorial;
  }
  Tensor c = ops::add(ops::multiply(a2, coefficients[8]), coefficients[7]);
  for (int k = 6; k >= 0; --k) c = ops::add(ops::multiply(c, a2), coefficients[k]);
  // cos(x) = -cos(z); cos(z) = -cos(a) where z > π/2, else cos(a).
  return ops::where(flip, c, ops::negative(c));
}

// A whole number as a JSON integer (Keras configs hold the Python ints they were given), other
// values as floats.
Json number_json(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9.0e15)
    return static_cast<int64_t>(value);
  return value;
}

// Python's repr of a float ("1.0", "0.001"): nlohmann writes the shortest round trip and keeps
// ".0" on whole numbers, as Python does.
std::string py_float(double value) {
  return Json(value).dump();
}

std::string py_list(const std::vector<double>& values, bool whole_as_int) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    out += whole_as_int ? number_json(values[i]).dump() : py_float(values[i]);
  }
  return out + "]";
}

void check_decay_steps(double value, const char* argument) {
  if (!(value > 0))
    throw ValueError(str("Argument `", argument, "` must be > 0. Received: ", argument, "=",
                         number_json(value).dump()));
}

// A step count (decay_steps, warmup_steps, boundaries): a number, written as an integer when
// whole, as Keras keeps the Python int it was given.
struct StepCountForm {
  static Json write(double value) { return number_json(value); }
  static void read(const Json& value, double& out, const args::Site& site) {
    args::ArgForm<double>::read(value, out, site);
  }
};
struct StepCountsForm {
  static Json write(const std::vector<double>& values) {
    Json out = Json::array();
    for (double v : values) out.push_back(number_json(v));
    return out;
  }
  static void read(const Json& value, std::vector<double>& out, const args::Site& site) {
    args::ArgForm<std::vector<double>>::read(value, out, site);
  }
};

Json config_of(const args::ArgList& list) {
  Json config = Json::object();
  args::write(list, config);
  return config;
}

// Reads a schedule's config (Keras: cls(**config)). The first `required` arguments of `list` are
// Keras's positional ones without defaults: TypeError when missing, as Python words it
// ("missing 2 required positional arguments: 'a' and 'b'"), or null; unknown keys are TypeError
// "unexpected keyword argument".
void read_schedule_config(const args::ArgList& list, size_t required, const Json& config,
                          const std::string& who) {
  std::vector<std::string> missing;
  for (size_t i = 0; i < required; ++i) {
    const char* key = list[i].key();
    if (!config.is_object() || !config.contains(key)) {
      missing.push_back(str("'", key, "'"));
    } else if (config.at(key).is_null()) {
      throw TypeError(str(who, ": config key '", key, "' needs a value, got null"));
    }
  }
  if (!missing.empty()) {
    std::string names = missing[0];
    for (size_t i = 1; i < missing.size(); ++i)
      names +=
          str(missing.size() > 2 ? "," : "", i + 1 == missing.size() ? " and " : " ", missing[i]);
    throw TypeError(str(who, ".__init__() missing ", missing.size(),
                        " required positional argument", missing.size() > 1 ? "s" : "", ": ",
                        names));
  }
  args::read(list, config, who, args::UnknownKeys::type_error);
}

// The decayed multiplier of CosineDecay: (1 - alpha) · 0.5 · (1 + cos(π · step / decay_steps))
// + alpha, times `from`.
Tensor cosine_decay(const Tensor& step, const Tensor& decay_steps, const Tensor& from,
                    double alpha) {
  Tensor completed = ops::divide(step, decay_steps);
  Tensor cosine = ops::multiply(0.5, ops::add(1.0, cos_of(ops::multiply(kPi, completed))));
  Tensor decayed = ops::add(ops::multiply(1.0 - alpha, cosine), alpha);
  return ops::multiply(from, decayed);
}

// A float32 scalar constant on the step's backend (or a graph constant beside a symbolic step).
Tensor scalar_like(double value, const Tensor& step) {
  return ops::full_like(step, value, DType::float32);
}

// ----- arguments -------------------------------------------------------------------------------

// Each schedule's arguments in Keras's get_config order (learning_rate_schedule.py): Keras's
// positional ones (no defaults), then the options.

struct ExponentialDecayArgs {
  double initial_learning_rate = 0, decay_steps = 0, decay_rate = 0;
  ExponentialDecayOptions options;
};
args::ArgList exponential_decay_args(ExponentialDecayArgs& a) {
  return {{"initial_learning_rate", a.initial_learning_rate},
          args::Arg::as<StepCountForm>("decay_steps", a.decay_steps),
          {"decay_rate", a.decay_rate},
          {"staircase", a.options.staircase},
          {"name", a.options.name}};
}

struct PiecewiseConstantDecayArgs {
  std::vector<double> boundaries, values;
  PiecewiseConstantDecayOptions options;
};
args::ArgList piecewise_constant_decay_args(PiecewiseConstantDecayArgs& a) {
  return {args::Arg::as<StepCountsForm>("boundaries", a.boundaries),
          {"values", a.values},
          {"name", a.options.name}};
}

struct PolynomialDecayArgs {
  double initial_learning_rate = 0, decay_steps = 0;
  PolynomialDecayOptions options;
};
args::ArgList polynomial_decay_args(PolynomialDecayArgs& a) {
  return {{"initial_learning_rate", a.initial_learning_rate},
          args::Arg::as<StepCountForm>("decay_steps", a.decay_steps),
          {"end_learning_rate", a.options.end_learning_rate},
          {"power", a.options.power},
          {"cycle", a.options.cycle},
          {"name", a.options.name}};
}

struct InverseTimeDecayArgs {
  double initial_learning_rate = 0, decay_steps = 0, decay_rate = 0;
  InverseTimeDecayOptions options;
};
args::ArgList inverse_time_decay_args(InverseTimeDecayArgs& a) {
  return {{"initial_learning_rate", a.initial_learning_rate},
          args::Arg::as<StepCountForm>("decay_steps", a.decay_steps),
          {"decay_rate", a.decay_rate},
          {"staircase", a.options.staircase},
          {"name", a.options.name}};
}

struct CosineDecayArgs {
  double initial_learning_rate = 0, decay_steps = 0;
  CosineDecayOptions options;
};
args::ArgList cosine_decay_args(CosineDecayArgs& a) {
  return {{"initial_learning_rate", a.initial_learning_rate},
          args::Arg::as<StepCountForm>("decay_steps", a.decay_steps),
          {"alpha", a.options.alpha},
          {"name", a.options.name},
          {"warmup_target", a.options.warmup_target},
          args::Arg::as<StepCountForm>("warmup_steps", a.options.warmup_steps)};
}

struct CosineDecayRestartsArgs {
  double initial_learning_rate = 0, first_decay_steps = 0;
  CosineDecayRestartsOptions options;
};
args::ArgList cosine_decay_restarts_args(CosineDecayRestartsArgs& a) {
  return {{"initial_learning_rate", a.initial_learning_rate},
          args::Arg::as<StepCountForm>("first_decay_steps", a.first_decay_steps),
          {"t_mul", a.options.t_mul},
          {"m_mul", a.options.m_mul},
          {"alpha", a.options.alpha},
          {"name", a.options.name}};
}

}  // namespace

// ----- ExponentialDecay ------------------------------------------------------------------------

ExponentialDecay::ExponentialDecay(double initial_learning_rate, double decay_steps,
                                   double decay_rate, const ExponentialDecayOptions& options)
    : initial_learning_rate_(initial_learning_rate),
      decay_rate_(decay_rate),
      decay_steps_(decay_steps),
      options_(options) {
  check_decay_steps(decay_steps, "decay_steps");
}

Tensor ExponentialDecay::operator()(const Tensor& step) const {
  Tensor p = ops::divide(as_float32(step), decay_steps_);
  if (options_.staircase) p = floor_of(p);
  return ops::multiply(initial_learning_rate_, ops::power(decay_rate_, p));
}

Json ExponentialDecay::get_config() const {
  ExponentialDecayArgs a{initial_learning_rate_, decay_steps_, decay_rate_, options_};
  return config_of(exponential_decay_args(a));
}

std::shared_ptr<ExponentialDecay> ExponentialDecay::from_config(const Json& config) {
  ExponentialDecayArgs a;
  read_schedule_config(exponential_decay_args(a), 3, config, "ExponentialDecay");
  return std::make_shared<ExponentialDecay>(a.initial_learning_rate, a.decay_steps, a.decay_rate,
                                            a.options);
}

// ----- PiecewiseConstantDecay ------------------------------------------------------------------

PiecewiseConstantDecay::PiecewiseConstantDecay(std::vector<double> boundaries,
                                               std::vector<double> values,
                                               const PiecewiseConstantDecayOptions& options)
    : boundaries_(std::move(boundaries)), values_(std::move(values)), options_(options) {
  if (values_.empty() || boundaries_.size() != values_.size() - 1)
    throw ValueError(
        str("The length of boundaries should be 1 less than the length of values. "
            "Received: boundaries=",
            py_list(boundaries_, true), " of length ", boundaries_.size(),
            ", and values=", py_list(values_, false), " of length ", values_.size(), "."));
}

Tensor PiecewiseConstantDecay::operator()(const Tensor& step) const {
  Tensor s = as_float32(step);
  if (boundaries_.empty()) return scalar_like(values_[0], s);
  auto indicator = [](const Tensor& condition) { return ops::cast(condition, DType::float32); };
  // One indicator per interval, each times its value; exactly one is 1 (Keras's sum).
  Tensor result = ops::multiply(indicator(ops::less_equal(s, boundaries_.front())), values_[0]);
  result = ops::add(result,
                    ops::multiply(indicator(ops::greater(s, boundaries_.back())), values_.back()));
  for (size_t i = 0; i + 1 < boundaries_.size(); ++i) {
    Tensor in_range = ops::multiply(indicator(ops::greater(s, boundaries_[i])),
                                    indicator(ops::less_equal(s, boundaries_[i + 1])));
    result = ops::add(result, ops::multiply(in_range, values_[i + 1]));
  }
  return result;
}

Json PiecewiseConstantDecay::get_config() const {
  PiecewiseConstantDecayArgs a{boundaries_, values_, options_};
  return config_of(piecewise_constant_decay_args(a));
}

std::shared_ptr<PiecewiseConstantDecay> PiecewiseConstantDecay::from_config(const Json& config) {
  PiecewiseConstantDecayArgs a;
  read_schedule_config(piecewise_constant_decay_args(a), 2, config, "PiecewiseConstantDecay");
  return std::make_shared<PiecewiseConstantDecay>(a.boundaries, a.values, a.options);
}

// ----- PolynomialDecay -------------------------------------------------------------------------

PolynomialDecay::PolynomialDecay(double initial_learning_rate, double decay_steps,
                                 const PolynomialDecayOptions& options)
    : initial_learning_rate_(initial_learning_rate), decay_steps_(decay_steps), options_(options) {
  check_decay_steps(decay_steps, "decay_steps");
}

Tensor PolynomialDecay::operator()(const Tensor& step) const {
  Tensor s = as_float32(step);
  Tensor decay_steps = scalar_like(decay_steps_, s);
  if (options_.cycle) {
    // The first multiple of decay_steps at or above the step (1 at step 0).
    Tensor multiplier = ops::where(ops::equal(s, 0.0), 1.0, ceil_of(ops::divide(s, decay_steps_)));
    decay_steps = ops::multiply(decay_steps, multiplier);
  } else {
    s = ops::minimum(s, decay_steps);
  }
  Tensor p = ops::divide(s, decay_steps);
  Tensor span = ops::subtract(scalar_like(initial_learning_rate_, s), options_.end_learning_rate);
  return ops::add(ops::multiply(span, ops::power(ops::subtract(1.0, p), options_.power)),
                  options_.end_learning_rate);
}

Json PolynomialDecay::get_config() const {
  PolynomialDecayArgs a{initial_learning_rate_, decay_steps_, options_};
  return config_of(polynomial_decay_args(a));
}

std::shared_ptr<PolynomialDecay> PolynomialDecay::from_config(const Json& config) {
  PolynomialDecayArgs a;
  read_schedule_config(polynomial_decay_args(a), 2, config, "PolynomialDecay");
  return std::make_shared<PolynomialDecay>(a.initial_learning_rate, a.decay_steps, a.options);
}

// ----- InverseTimeDecay ------------------------------------------------------------------------

InverseTimeDecay::InverseTimeDecay(double initial_learning_rate, double decay_steps,
                                   double decay_rate, const InverseTimeDecayOptions& options)
    : initial_learning_rate_(initial_learning_rate),
      decay_rate_(decay_rate),
      decay_steps_(decay_steps),
      options_(options) {
  check_decay_steps(decay_steps, "decay_steps");
}

Tensor InverseTimeDecay::operator()(const Tensor& step) const {
  Tensor p = ops::divide(as_float32(step), decay_steps_);
  if (options_.staircase) p = floor_of(p);
  return ops::divide(initial_learning_rate_, ops::add(1.0, ops::multiply(decay_rate_, p)));
}

Json InverseTimeDecay::get_config() const {
  InverseTimeDecayArgs a{initial_learning_rate_, decay_steps_, decay_rate_, options_};
  return config_of(inverse_time_decay_args(a));
}

std::shared_ptr<InverseTimeDecay> InverseTimeDecay::from_config(const Json& config) {
  InverseTimeDecayArgs a;
  read_schedule_config(inverse_time_decay_args(a), 3, config, "InverseTimeDecay");
  return std::make_shared<InverseTimeDecay>(a.initial_learning_rate, a.decay_steps, a.decay_rate,
                                            a.options);
}

// ----- CosineDecay -----------------------------------------------------------------------------

CosineDecay::CosineDecay(double initial_learning_rate, double decay_steps,
                         const CosineDecayOptions& options)
    : initial_learning_rate_(initial_learning_rate), decay_steps_(decay_steps), options_(options) {
  check_decay_steps(decay_steps, "decay_steps");
}

Tensor CosineDecay::operator()(const Tensor& step) const {
  Tensor s = as_float32(step);
  Tensor initial = scalar_like(initial_learning_rate_, s);
  Tensor decay_steps = scalar_like(decay_steps_, s);
  if (!options_.warmup_target)
    return cosine_decay(ops::minimum(s, decay_steps), decay_steps, initial, options_.alpha);
  Tensor target = scalar_like(*options_.warmup_target, s);
  Tensor warmup_steps = scalar_like(options_.warmup_steps, s);
  s = ops::minimum(s, ops::add(decay_steps, warmup_steps));
  // Keras's ops.cond, as a select: both branches are scalars.
  Tensor warmup = ops::add(
      ops::multiply(ops::subtract(target, initial), ops::divide(s, warmup_steps)), initial);
  Tensor decayed =
      cosine_decay(ops::subtract(s, warmup_steps), decay_steps, target, options_.alpha);
  return ops::where(ops::less(s, warmup_steps), warmup, decayed);
}

Json CosineDecay::get_config() const {
  CosineDecayArgs a{initial_learning_rate_, decay_steps_, options_};
  return config_of(cosine_decay_args(a));
}

std::shared_ptr<CosineDecay> CosineDecay::from_config(const Json& config) {
  CosineDecayArgs a;
  read_schedule_config(cosine_decay_args(a), 2, config, "CosineDecay");
  return std::make_shared<CosineDecay>(a.initial_learning_rate, a.decay_steps, a.options);
}

// ----- CosineDecayRestarts ---------------------------------------------------------------------

CosineDecayRestarts::CosineDecayRestarts(double initial_learning_rate, double first_decay_steps,
                                         const CosineDecayRestartsOptions& options)
    : initial_learning_rate_(initial_learning_rate),
      first_decay_steps_(first_decay_steps),
      options_(options) {
  check_decay_steps(first_decay_steps, "first_decay_steps");
}

Tensor CosineDecayRestarts::operator()(const Tensor& step) const {
  Tensor s = as_float32(step);
  Tensor completed = ops::divide(s, first_decay_steps_);
  const double t_mul = options_.t_mul;
  Tensor i_restart;
  // Keras chooses with ops.cond on float32(t_mul) == 1; t_mul is a constant, so it is chosen here.
  if (static_cast<float>(t_mul) == 1.0f) {
    i_restart = floor_of(completed);
    completed = ops::subtract(completed, i_restart);
  } else {
    // The restart index i solves Σ_{j<i} t_mul^j <= completed: i = floor(log(1 - completed ·
    // (1 - t_mul)) / log(t_mul)); the fraction of period i done so far follows.
    Tensor log_t = ops::log(scalar_like(t_mul, s));
    i_restart = floor_of(
        ops::divide(ops::log(ops::subtract(1.0, ops::multiply(completed, 1.0 - t_mul))), log_t));
    Tensor t_power = ops::power(t_mul, i_restart);
    Tensor sum_r = ops::divide(ops::subtract(1.0, t_power), 1.0 - t_mul);
    completed = ops::divide(ops::subtract(completed, sum_r), t_power);
  }
  Tensor m_fac = ops::power(options_.m_mul, i_restart);
  Tensor cosine = ops::multiply(ops::multiply(0.5, m_fac),
                                ops::add(1.0, cos_of(ops::multiply(kPi, completed))));
  Tensor decayed = ops::add(ops::multiply(1.0 - options_.alpha, cosine), options_.alpha);
  return ops::multiply(initial_learning_rate_, decayed);
}

Json CosineDecayRestarts::get_config() const {
  CosineDecayRestartsArgs a{initial_learning_rate_, first_decay_steps_, options_};
  return config_of(cosine_decay_restarts_args(a));
}

std::shared_ptr<CosineDecayRestarts> CosineDecayRestarts::from_config(const Json& config) {
  CosineDecayRestartsArgs a;
  read_schedule_config(cosine_decay_restarts_args(a), 2, config, "CosineDecayRestarts");
  return std::make_shared<CosineDecayRestarts>(a.initial_learning_rate, a.first_decay_steps,
                                               a.options);
}

// ----- serialization ---------------------------------------------------------------------------

Json serialize(const LearningRateSchedule& schedule) {
  return {{"module", "keras.optimizers.schedules"},
          {"class_name", schedule.class_name()},
          {"config", schedule.get_config()},
          {"registered_name", nullptr}};
}

LearningRateSchedulePtr deserialize(const Json& config) {
  std::string class_name;
  Json inner = Json::object();
  if (config.is_string()) {
    class_name = config.get<std::string>();
  } else if (config.is_object() && config.contains("class_name") &&
             config.at("class_name").is_string()) {
    class_name = config.at("class_name").get<std::string>();
    if (config.contains("config")) inner = config.at("config");
  } else {
    throw ValueError(str("Could not interpret serialized decay: ", config.dump()));
  }
  LearningRateSchedulePtr out = registry().create(class_name, inner, "learning rate schedule");
  if (!out)
    throw ValueError(str("Unknown decay: '", class_name,
                         "'. Please ensure you are using a `keras.utils.custom_object_scope` "
                         "and that this object is included in the scope."));
  return out;
}

LearningRateSchedulePtr get(const Json& identifier) {
  if (identifier.is_null()) return nullptr;
  return deserialize(identifier);
}

ClassRegistry<LearningRateSchedule>& registry() {
  static auto* r = [] {
    auto* t = new ClassRegistry<LearningRateSchedule>;
    auto add = [&](const char* class_name, auto make) {
      t->add(class_name, [make](const Json& c) -> LearningRateSchedulePtr { return make(c); });
    };
    add("ExponentialDecay", ExponentialDecay::from_config);
    add("PiecewiseConstantDecay", PiecewiseConstantDecay::from_config);
    add("PolynomialDecay", PolynomialDecay::from_config);
    add("InverseTimeDecay", InverseTimeDecay::from_config);
    add("CosineDecay", CosineDecay::from_config);
    add("CosineDecayRestarts", CosineDecayRestarts::from_config);
    return t;
  }();
  return *r;
}

}  // namespace keras::optimizers::schedules
