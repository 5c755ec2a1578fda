#include "keras/initializers/random_initializers.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "keras/backend/backend.h"
#include "keras/core/error.h"
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

std::optional<std::vector<int>> axes_from_json(const Json& config, const char* key) {
  if (!config.is_object() || !config.contains(key) || config.at(key).is_null()) return std::nullopt;
  return config.at(key).get<std::vector<int>>();
}

Json axes_to_json(const std::optional<std::vector<int>>& axes) {
  return axes ? Json(*axes) : Json(nullptr);
}

SeedArg seed_from_config(const Json& config) {
  if (!config.is_object() || !config.contains("seed")) return {};
  return SeedArg::from_json(config.at("seed"));
}

// The Glorot/He/Lecun presets accept exactly these keys.
struct PresetArgs {
  SeedArg seed;
  std::optional<std::vector<int>> input_axes, output_axes;
};
PresetArgs preset_args(const Json& config, const std::string& who) {
  detail::check_keys(config, {"seed", "input_axes", "output_axes"}, who);
  return {seed_from_config(config), axes_from_json(config, "input_axes"),
          axes_from_json(config, "output_axes")};
}

}  // namespace

// --- Seeds --------------------------------------------------------------------------------------

Json SeedArg::to_json() const {
  if (seed_) return *seed_;
  if (generator_) {
    Json seed = generator_->initial_seed() ? Json(*generator_->initial_seed()) : Json(nullptr);
    return {{"module", "keras.random"},
            {"class_name", "SeedGenerator"},
            {"config", {{"seed", seed}, {"name", generator_->name()}}},
            {"registered_name", nullptr}};
  }
  return nullptr;
}

SeedArg SeedArg::from_json(const Json& value) {
  if (value.is_null()) return {};
  if (value.is_number_integer()) return SeedArg(value.get<int64_t>());
  if (value.is_object() && value.value("class_name", "") == "SeedGenerator") {
    Json config = value.value("config", Json::object());
    std::optional<int64_t> seed;
    if (config.contains("seed") && !config.at("seed").is_null())
      seed = config.at("seed").get<int64_t>();
    return SeedArg(random::SeedGenerator(seed, config.value("name", "seed_generator")));
  }
  throw ValueError(
      str("`seed` argument should be an instance of `keras.random.SeedGenerator()` or an "
          "integer. Received: seed=",
          value.dump()));
}

RandomInitializer::RandomInitializer(SeedArg seed) : init_seed_(std::move(seed)) {
  // Keras draws the default seed once, here: an unseeded initializer repeats its values.
  if (init_seed_.integer())
    seed_value_ = *init_seed_.integer();
  else if (init_seed_.is_none())
    seed_value_ = random::make_default_seed();
}

Json RandomInitializer::get_config() const {
  return {{"seed", init_seed_.to_json()}};
}

random::Seed RandomInitializer::draw_seed() const {
  if (init_seed_.generator()) return random::Seed(*init_seed_.generator());
  return random::Seed(seed_value_);
}

// --- RandomNormal, RandomUniform, TruncatedNormal -----------------------------------------------

RandomNormal::RandomNormal(double mean, double stddev, SeedArg seed)
    : RandomInitializer(std::move(seed)), mean_(mean), stddev_(stddev) {}

Tensor RandomNormal::operator()(const Shape& shape, std::optional<DType> dtype) {
  detail::check_shape(shape, class_name());
  DType out = detail::resolve_dtype(dtype);
  check_random_dtype(out, class_name());
  return finish(
      random::normal(
          shape, {.mean = mean_, .stddev = stddev_, .dtype = draw_dtype(out), .seed = draw_seed()}),
      out);
}

Json RandomNormal::get_config() const {
  Json config = RandomInitializer::get_config();
  config["mean"] = mean_;
  config["stddev"] = stddev_;
  return config;
}

std::shared_ptr<RandomNormal> RandomNormal::from_config(const Json& config) {
  const std::string who = "RandomNormal";
  detail::check_keys(config, {"seed", "mean", "stddev"}, who);
  return std::make_shared<RandomNormal>(detail::number_or(config, "mean", 0.0, who),
                                        detail::number_or(config, "stddev", 0.05, who),
                                        seed_from_config(config));
}

RandomUniform::RandomUniform(double minval, double maxval, SeedArg seed)
    : RandomInitializer(std::move(seed)), minval_(minval), maxval_(maxval) {}

Tensor RandomUniform::operator()(const Shape& shape, std::optional<DType> dtype) {
  detail::check_shape(shape, class_name());
  DType out = detail::resolve_dtype(dtype);
  check_random_dtype(out, class_name());
  return finish(
      random::uniform(
          shape,
          {.minval = minval_, .maxval = maxval_, .dtype = draw_dtype(out), .seed = draw_seed()}),
      out);
}

Json RandomUniform::get_config() const {
  Json config = RandomInitializer::get_config();
  config["minval"] = minval_;
  config["maxval"] = maxval_;
  return config;
}

std::shared_ptr<RandomUniform> RandomUniform::from_config(const Json& config) {
  const std::string who = "RandomUniform";
  detail::check_keys(config, {"seed", "minval", "maxval"}, who);
  return std::make_shared<RandomUniform>(detail::number_or(config, "minval", -0.05, who),
                                         detail::number_or(config, "maxval", 0.05, who),
                                         seed_from_config(config));
}

TruncatedNormal::TruncatedNormal(double mean, double stddev, SeedArg seed)
    : RandomInitializer(std::move(seed)), mean_(mean), stddev_(stddev) {}

Tensor TruncatedNormal::operator()(const Shape& shape, std::optional<DType> dtype) {
  detail::check_shape(shape, class_name());
  DType out = detail::resolve_dtype(dtype);
  check_random_dtype(out, class_name());
  return finish(
      random::truncated_normal(
          shape, {.mean = mean_, .stddev = stddev_, .dtype = draw_dtype(out), .seed = draw_seed()}),
      out);
}

Json TruncatedNormal::get_config() const {
  Json config = RandomInitializer::get_config();
  config["mean"] = mean_;
  config["stddev"] = stddev_;
  return config;
}

std::shared_ptr<TruncatedNormal> TruncatedNormal::from_config(const Json& config) {
  const std::string who = "TruncatedNormal";
  detail::check_keys(config, {"seed", "mean", "stddev"}, who);
  return std::make_shared<TruncatedNormal>(detail::number_or(config, "mean", 0.0, who),
                                           detail::number_or(config, "stddev", 0.05, who),
                                           seed_from_config(config));
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

VarianceScaling::VarianceScaling(double scale, std::string mode, std::string distribution,
                                 SeedArg seed, std::optional<std::vector<int>> input_axes,
                                 std::optional<std::vector<int>> output_axes)
    : RandomInitializer(std::move(seed)),
      scale_(scale),
      mode_(std::move(mode)),
      distribution_(lower(std::move(distribution))),
      input_axes_(std::move(input_axes)),
      output_axes_(std::move(output_axes)) {
  if (!(scale_ > 0.0))
    throw ValueError(str("Argument `scale` must be positive float. Received: scale=", scale_));
  if (mode_ != "fan_in" && mode_ != "fan_out" && mode_ != "fan_avg")
    throw ValueError(str("Invalid `mode` argument: ", mode_,
                         ". Please use one of {'fan_in', 'fan_out', 'fan_avg'}"));
  if (distribution_ == "normal") distribution_ = "truncated_normal";
  if (distribution_ != "uniform" && distribution_ != "truncated_normal" &&
      distribution_ != "untruncated_normal")
    throw ValueError(str("Invalid `distribution` argument: ", distribution_,
                         ".Please use one of {'uniform', 'truncated_normal', "
                         "'untruncated_normal'}"));
}

Tensor VarianceScaling::operator()(const Shape& shape, std::optional<DType> dtype) {
  detail::check_shape(shape, class_name());
  DType out = detail::resolve_dtype(dtype);
  check_random_dtype(out, class_name());
  auto [fan_in, fan_out] = compute_fans(shape, input_axes_, output_axes_);
  double scale = scale_;
  if (mode_ == "fan_in")
    scale /= std::max(1.0, static_cast<double>(fan_in));
  else if (mode_ == "fan_out")
    scale /= std::max(1.0, static_cast<double>(fan_out));
  else
    scale /= std::max(1.0, static_cast<double>(fan_in + fan_out) / 2.0);

  if (distribution_ == "truncated_normal") {
    double stddev = std::sqrt(scale) / kTruncatedStddev;
    return finish(
        random::truncated_normal(
            shape, {.mean = 0.0, .stddev = stddev, .dtype = draw_dtype(out), .seed = draw_seed()}),
        out);
  }
  if (distribution_ == "untruncated_normal") {
    double stddev = std::sqrt(scale);
    return finish(
        random::normal(
            shape, {.mean = 0.0, .stddev = stddev, .dtype = draw_dtype(out), .seed = draw_seed()}),
        out);
  }
  double limit = std::sqrt(3.0 * scale);
  return finish(
      random::uniform(
          shape,
          {.minval = -limit, .maxval = limit, .dtype = draw_dtype(out), .seed = draw_seed()}),
      out);
}

Json VarianceScaling::get_config() const {
  Json config = RandomInitializer::get_config();
  config["scale"] = scale_;
  config["mode"] = mode_;
  config["distribution"] = distribution_;
  config["input_axes"] = axes_to_json(input_axes_);
  config["output_axes"] = axes_to_json(output_axes_);
  return config;
}

Json VarianceScaling::preset_config() const {
  return {{"seed", seed_arg().to_json()},
          {"input_axes", axes_to_json(input_axes_)},
          {"output_axes", axes_to_json(output_axes_)}};
}

std::shared_ptr<VarianceScaling> VarianceScaling::from_config(const Json& config) {
  const std::string who = "VarianceScaling";
  detail::check_keys(config, {"seed", "scale", "mode", "distribution", "input_axes", "output_axes"},
                     who);
  std::string mode = "fan_in", distribution = "truncated_normal";
  if (config.is_object() && config.contains("mode")) mode = config.at("mode").get<std::string>();
  if (config.is_object() && config.contains("distribution"))
    distribution = config.at("distribution").get<std::string>();
  return std::make_shared<VarianceScaling>(
      detail::number_or(config, "scale", 1.0, who), mode, distribution, seed_from_config(config),
      axes_from_json(config, "input_axes"), axes_from_json(config, "output_axes"));
}

// keras/src/initializers/random_initializers.py: the presets' scale, mode and distribution.
#define KERAS_DEFINE_PRESET(Name, scale, mode, distribution)                               \
  Name::Name(SeedArg seed, std::optional<std::vector<int>> input_axes,                     \
             std::optional<std::vector<int>> output_axes)                                  \
      : VarianceScaling(scale, mode, distribution, std::move(seed), std::move(input_axes), \
                        std::move(output_axes)) {}                                         \
  std::shared_ptr<Name> Name::from_config(const Json& config) {                            \
    PresetArgs args = preset_args(config, #Name);                                          \
    return std::make_shared<Name>(std::move(args.seed), std::move(args.input_axes),        \
                                  std::move(args.output_axes));                            \
  }
KERAS_DEFINE_PRESET(GlorotUniform, 1.0, "fan_avg", "uniform")
KERAS_DEFINE_PRESET(GlorotNormal, 1.0, "fan_avg", "truncated_normal")
KERAS_DEFINE_PRESET(HeUniform, 2.0, "fan_in", "uniform")
KERAS_DEFINE_PRESET(HeNormal, 2.0, "fan_in", "truncated_normal")
KERAS_DEFINE_PRESET(LecunUniform, 1.0, "fan_in", "uniform")
KERAS_DEFINE_PRESET(LecunNormal, 1.0, "fan_in", "truncated_normal")
#undef KERAS_DEFINE_PRESET

// --- Orthogonal ---------------------------------------------------------------------------------

Orthogonal::Orthogonal(double gain, SeedArg seed)
    : RandomInitializer(std::move(seed)), gain_(gain) {}

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
  Tensor drawn = random::normal(Shape{m, n}, {.dtype = draw_dtype(out), .seed = draw_seed()});
  Tensor at = ops::transpose(ops::cast(drawn.to(backend::host()), DType::float64));
  std::vector<double> r_diag = detail::householder_qr(at);

  // gain · Q · sign(diag(R)) is (m, n); the result is it when rows >= cols, else its transpose.
  std::vector<double> column_scale(static_cast<size_t>(n));
  for (int64_t j = 0; j < n; ++j) {
    double d = r_diag[static_cast<size_t>(j)];
    column_scale[static_cast<size_t>(j)] = gain_ * (d > 0.0 ? 1.0 : d < 0.0 ? -1.0 : 0.0);
  }
  Tensor qt = ops::multiply(at, Tensor::from_vector(column_scale, Shape{n, 1}));
  Tensor result = ops::reshape(rows >= cols ? ops::transpose(qt) : qt, shape);
  return finish(result, out).to(backend::current());
}

Json Orthogonal::get_config() const {
  Json config = RandomInitializer::get_config();
  config["gain"] = gain_;
  return config;
}

std::shared_ptr<Orthogonal> Orthogonal::from_config(const Json& config) {
  const std::string who = "Orthogonal";
  detail::check_keys(config, {"seed", "gain"}, who);
  return std::make_shared<Orthogonal>(detail::number_or(config, "gain", 1.0, who),
                                      seed_from_config(config));
}

}  // namespace keras::initializers
