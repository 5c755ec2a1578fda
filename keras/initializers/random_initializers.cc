#include "keras/initializers/random_initializers.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "keras/backend/backend.h"
#include "keras/core/detail/keras_args.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/initializers/householder_qr.h"
#include "keras/ops/math.h"
#include "keras/ops/shape.h"

namespace keras::initializers {

namespace {

// The standard deviation of N(0, 1) truncated to [-2, 2] (Keras's VarianceScaling constant).
constexpr double kTruncatedStddev = 0.87962566103423978;

// Random kernels exist for float32 and float64; the half types are drawn in float32 and cast.
DType draw_dtype(DType dtype) {
  return dtype == DType::float16 || dtype == DType::bfloat16 ? DType::float32 : dtype;
}

Tensor finish(const Tensor& drawn, DType dtype) {
  return drawn.dtype() == dtype ? drawn : ops::cast(drawn, dtype);
}

void check_random_dtype(DType dtype, const std::string& who) {
  if (!is_floating(dtype))
    throw TypeError(str(who, ": random values need a float dtype, got ", dtype));
}

// The argument lists, in the order of Keras's get_config (seed first: RandomInitializer's).
args::ArgList random_normal_args(RandomNormalOptions& o) {
  return {{"seed", o.seed}, {"mean", o.mean}, {"stddev", o.stddev}};
}
args::ArgList random_uniform_args(RandomUniformOptions& o) {
  return {{"seed", o.seed}, {"minval", o.minval}, {"maxval", o.maxval}};
}
args::ArgList truncated_normal_args(TruncatedNormalOptions& o) {
  return {{"seed", o.seed}, {"mean", o.mean}, {"stddev", o.stddev}};
}
args::ArgList variance_scaling_args(VarianceScalingOptions& o) {
  return {{"seed", o.seed},
          {"scale", o.scale},
          {"mode", o.mode},
          {"distribution", o.distribution},
          {"input_axes", o.input_axes},
          {"output_axes", o.output_axes}};
}
args::ArgList preset_args(VarianceScalingPresetOptions& o) {
  return {{"seed", o.seed}, {"input_axes", o.input_axes}, {"output_axes", o.output_axes}};
}
args::ArgList orthogonal_args(OrthogonalOptions& o) {
  return {{"seed", o.seed}, {"gain", o.gain}};
}

constexpr args::UnknownKeys kUnknown = args::UnknownKeys::type_error;

}  // namespace

// --- Seeds --------------------------------------------------------------------------------------

RandomInitializer::RandomInitializer(const SeedArg& seed) {
  if (seed.integer())
    default_seed_ = *seed.integer();
  else if (seed.is_none())
    default_seed_ = random::make_default_seed();
}

random::Seed RandomInitializer::draw_seed(const SeedArg& seed) const {
  if (seed.generator()) return random::Seed(*seed.generator());
  return random::Seed(default_seed_);
}

// --- RandomNormal, RandomUniform, TruncatedNormal -----------------------------------------------

RandomNormal::RandomNormal(const RandomNormalOptions& options)
    : RandomInitializer(options.seed), options_(options) {}

Tensor RandomNormal::operator()(const Shape& shape, std::optional<DType> dtype) {
  detail::check_shape(shape, class_name());
  DType out = detail::resolve_dtype(dtype);
  check_random_dtype(out, class_name());
  return finish(random::normal(shape, {.mean = options_.mean,
                                       .stddev = options_.stddev,
                                       .dtype = draw_dtype(out),
                                       .seed = draw_seed(options_.seed)}),
                out);
}

Json RandomNormal::get_config() const {
  return args::config_of(random_normal_args, options_);
}

std::shared_ptr<RandomNormal> RandomNormal::from_config(const Json& config) {
  return std::make_shared<RandomNormal>(
      args::options_from(random_normal_args, config, "RandomNormal", kUnknown));
}

RandomUniform::RandomUniform(const RandomUniformOptions& options)
    : RandomInitializer(options.seed), options_(options) {}

Tensor RandomUniform::operator()(const Shape& shape, std::optional<DType> dtype) {
  detail::check_shape(shape, class_name());
  DType out = detail::resolve_dtype(dtype);
  check_random_dtype(out, class_name());
  return finish(random::uniform(shape, {.minval = options_.minval,
                                        .maxval = options_.maxval,
                                        .dtype = draw_dtype(out),
                                        .seed = draw_seed(options_.seed)}),
                out);
}

Json RandomUniform::get_config() const {
  return args::config_of(random_uniform_args, options_);
}

std::shared_ptr<RandomUniform> RandomUniform::from_config(const Json& config) {
  return std::make_shared<RandomUniform>(
      args::options_from(random_uniform_args, config, "RandomUniform", kUnknown));
}

TruncatedNormal::TruncatedNormal(const TruncatedNormalOptions& options)
    : RandomInitializer(options.seed), options_(options) {}

Tensor TruncatedNormal::operator()(const Shape& shape, std::optional<DType> dtype) {
  detail::check_shape(shape, class_name());
  DType out = detail::resolve_dtype(dtype);
  check_random_dtype(out, class_name());
  return finish(random::truncated_normal(shape, {.mean = options_.mean,
                                                 .stddev = options_.stddev,
                                                 .dtype = draw_dtype(out),
                                                 .seed = draw_seed(options_.seed)}),
                out);
}

Json TruncatedNormal::get_config() const {
  return args::config_of(truncated_normal_args, options_);
}

std::shared_ptr<TruncatedNormal> TruncatedNormal::from_config(const Json& config) {
  return std::make_shared<TruncatedNormal>(
      args::options_from(truncated_normal_args, config, "TruncatedNormal", kUnknown));
}

// --- VarianceScaling ----------------------------------------------------------------------------

std::pair<int64_t, int64_t> compute_fans(const Shape& shape,
                                         const std::optional<std::vector<int>>& input_axes,
                                         const std::optional<std::vector<int>>& output_axes) {
  if (input_axes && output_axes) {
    auto product = [&](const std::vector<int>& axes) {
      int64_t p = 1;
      for (int axis : axes) p *= shape.dim(axis);
      return p;
    };
    return {product(*input_axes), product(*output_axes)};
  }
  const int rank = shape.rank();
  if (rank < 1) return {1, 1};
  if (rank == 1) return {shape[0], shape[0]};
  if (rank == 2) return {shape[0], shape[1]};
  int64_t receptive_field = 1;
  for (int i = 0; i < rank - 2; ++i) receptive_field *= shape[i];
  return {shape[rank - 2] * receptive_field, shape[rank - 1] * receptive_field};
}

namespace {
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

VarianceScaling::VarianceScaling(const VarianceScalingOptions& options)
    : RandomInitializer(options.seed), options_(options) {
  const std::string& mode = options_.mode;
  std::string& distribution = options_.distribution;
  distribution = lower(distribution);
  if (!(options_.scale > 0.0))
    throw ValueError(
        str("Argument `scale` must be positive float. Received: scale=", options_.scale));
  if (mode != "fan_in" && mode != "fan_out" && mode != "fan_avg")
    throw ValueError(str("Invalid `mode` argument: ", mode,
                         ". Please use one of {'fan_in', 'fan_out', 'fan_avg'}"));
  if (distribution == "normal") distribution = "truncated_normal";
  if (distribution != "uniform" && distribution != "truncated_normal" &&
      distribution != "untruncated_normal")
    throw ValueError(str("Invalid `distribution` argument: ", distribution,
                         ".Please use one of {'uniform', 'truncated_normal', "
                         "'untruncated_normal'}"));
}

Tensor VarianceScaling::operator()(const Shape& shape, std::optional<DType> dtype) {
  detail::check_shape(shape, class_name());
  DType out = detail::resolve_dtype(dtype);
  check_random_dtype(out, class_name());
  auto [fan_in, fan_out] = compute_fans(shape, options_.input_axes, options_.output_axes);
  double scale = options_.scale;
  if (options_.mode == "fan_in")
    scale /= std::max(1.0, static_cast<double>(fan_in));
  else if (options_.mode == "fan_out")
    scale /= std::max(1.0, static_cast<double>(fan_out));
  else
    scale /= std::max(1.0, static_cast<double>(fan_in + fan_out) / 2.0);

  if (options_.distribution == "truncated_normal") {
    double stddev = std::sqrt(scale) / kTruncatedStddev;
    return finish(random::truncated_normal(shape, {.mean = 0.0,
                                                   .stddev = stddev,
                                                   .dtype = draw_dtype(out),
                                                   .seed = draw_seed(options_.seed)}),
                  out);
  }
  if (options_.distribution == "untruncated_normal") {
    double stddev = std::sqrt(scale);
    return finish(random::normal(shape, {.mean = 0.0,
                                         .stddev = stddev,
                                         .dtype = draw_dtype(out),
                                         .seed = draw_seed(options_.seed)}),
                  out);
  }
  double limit = std::sqrt(3.0 * scale);
  return finish(random::uniform(shape, {.minval = -limit,
                                        .maxval = limit,
                                        .dtype = draw_dtype(out),
                                        .seed = draw_seed(options_.seed)}),
                out);
}

Json VarianceScaling::get_config() const {
  return args::config_of(variance_scaling_args, options_);
}

std::shared_ptr<VarianceScaling> VarianceScaling::from_config(const Json& config) {
  return std::make_shared<VarianceScaling>(
      args::options_from(variance_scaling_args, config, "VarianceScaling", kUnknown));
}

VarianceScalingPreset::VarianceScalingPreset(double scale, const char* mode,
                                             const char* distribution,
                                             const VarianceScalingPresetOptions& options)
    : VarianceScaling({.scale = scale,
                       .mode = mode,
                       .distribution = distribution,
                       .seed = options.seed,
                       .input_axes = options.input_axes,
                       .output_axes = options.output_axes}) {}

Json VarianceScalingPreset::get_config() const {
  const VarianceScalingOptions& o = options();
  return args::config_of(preset_args, {o.seed, o.input_axes, o.output_axes});
}

VarianceScalingPresetOptions VarianceScalingPreset::read_config(const Json& config,
                                                                const std::string& who) {
  return args::options_from(preset_args, config, who, kUnknown);
}

// keras/src/initializers/random_initializers.py: the presets' scale, mode and distribution.
#define KERAS_DEFINE_PRESET(Name, scale, mode, distribution)         \
  Name::Name(const VarianceScalingPresetOptions& options)            \
      : VarianceScalingPreset(scale, mode, distribution, options) {} \
  std::shared_ptr<Name> Name::from_config(const Json& config) {      \
    return std::make_shared<Name>(read_config(config, #Name));       \
  }
KERAS_DEFINE_PRESET(GlorotUniform, 1.0, "fan_avg", "uniform")
KERAS_DEFINE_PRESET(GlorotNormal, 1.0, "fan_avg", "truncated_normal")
KERAS_DEFINE_PRESET(HeUniform, 2.0, "fan_in", "uniform")
KERAS_DEFINE_PRESET(HeNormal, 2.0, "fan_in", "truncated_normal")
KERAS_DEFINE_PRESET(LecunUniform, 1.0, "fan_in", "uniform")
KERAS_DEFINE_PRESET(LecunNormal, 1.0, "fan_in", "truncated_normal")
#undef KERAS_DEFINE_PRESET

// --- Orthogonal ---------------------------------------------------------------------------------

Orthogonal::Orthogonal(const OrthogonalOptions& options)
    : RandomInitializer(options.seed), options_(options) {}

Tensor Orthogonal::operator()(const Shape& shape, std::optional<DType> dtype) {
  if (shape.rank() < 2)
    throw ValueError(
        str("The tensor to initialize must be at least two-dimensional. Received: "
            "shape=",
            shape, " of rank ", shape.rank(), "."));
  detail::check_shape(shape, class_name());
  DType out = detail::resolve_dtype(dtype);
  check_random_dtype(out, class_name());
  int64_t rows = 1;
  for (int i = 0; i < shape.rank() - 1; ++i) rows *= shape[i];
  const int64_t cols = shape[shape.rank() - 1];
  const int64_t m = std::max(rows, cols), n = std::min(rows, cols);

  // The draw, (m, n) as Keras draws it, in the requested dtype; factored in float64 as A^T.
  Tensor drawn =
      random::normal(Shape{m, n}, {.dtype = draw_dtype(out), .seed = draw_seed(options_.seed)});
  Tensor at = ops::transpose(ops::cast(drawn.to(backend::host()), DType::float64));
  std::vector<double> r_diag = detail::householder_qr(at);

  // gain · Q · sign(diag(R)) is (m, n); the result is it when rows >= cols, else its transpose.
  std::vector<double> column_scale(static_cast<size_t>(n));
  for (int64_t j = 0; j < n; ++j) {
    double d = r_diag[static_cast<size_t>(j)];
    column_scale[static_cast<size_t>(j)] = options_.gain * (d > 0.0 ? 1.0 : d < 0.0 ? -1.0 : 0.0);
  }
  Tensor qt = ops::multiply(at, Tensor::from_vector(column_scale, Shape{n, 1}));
  Tensor result = ops::reshape(rows >= cols ? ops::transpose(qt) : qt, shape);
  return finish(result, out).to(backend::current());
}

Json Orthogonal::get_config() const {
  return args::config_of(orthogonal_args, options_);
}

std::shared_ptr<Orthogonal> Orthogonal::from_config(const Json& config) {
  return std::make_shared<Orthogonal>(
      args::options_from(orthogonal_args, config, "Orthogonal", kUnknown));
}

}  // namespace keras::initializers

namespace keras::args {

Json ArgForm<initializers::SeedArg>::write(const initializers::SeedArg& seed) {
  if (seed.integer()) return *seed.integer();
  if (const auto& generator = seed.generator()) {
    Json initial = generator->initial_seed() ? Json(*generator->initial_seed()) : Json(nullptr);
    return {{"module", "keras.random"},
            {"class_name", "SeedGenerator"},
            {"config", {{"seed", initial}, {"name", generator->name()}}},
            {"registered_name", nullptr}};
  }
  return nullptr;
}

void ArgForm<initializers::SeedArg>::read(const Json& value, initializers::SeedArg& out,
                                          const Site&) {
  if (value.is_null()) {
    out = {};
  } else if (value.is_number_integer()) {
    out = value.get<int64_t>();
  } else if (value.is_object() && value.value("class_name", "") == "SeedGenerator") {
    Json config = value.value("config", Json::object());
    std::optional<int64_t> seed;
    if (config.contains("seed") && !config.at("seed").is_null())
      seed = config.at("seed").get<int64_t>();
    out = random::SeedGenerator(seed, config.value("name", "seed_generator"));
  } else {
    throw ValueError(
        str("`seed` argument should be an instance of `keras.random.SeedGenerator()` or an "
            "integer. Received: seed=",
            value.dump()));
  }
}

}  // namespace keras::args
