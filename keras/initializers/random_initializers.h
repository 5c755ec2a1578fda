// Keras 3's random initializers (keras/src/initializers/random_initializers.py): RandomNormal,
// RandomUniform, TruncatedNormal, VarianceScaling and its Glorot/He/Lecun presets, Orthogonal.
//
// Every draw goes through keras::random (Philox), so a seeded initializer gives the same values
// on every backend. Seeds behave as in Keras 3:
//  - an integer seed: every call returns the same values;
//  - no seed (None): a seed is drawn once, at construction, from the global generator
//    (keras::random::make_default_seed, repeatable after set_global_seed), so every call of
//    that initializer also returns the same values; the config still says {"seed": null};
//  - a keras::random::SeedGenerator: each call advances it and returns new values.
// Random values need a float dtype (float16/bfloat16 are drawn in float32 and cast).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "keras/core/arg_form.h"
#include "keras/core/random.h"
#include "keras/initializers/initializer.h"
#include "keras/ops/random.h"

namespace keras::initializers {

// Keras's `seed` argument: nothing (None), an integer, or a SeedGenerator. In a config it is null,
// the integer, or the serialized SeedGenerator ({"module": "keras.random", "class_name":
// "SeedGenerator", "config": {"seed", "name"}, ...}); anything else reads as Keras's ValueError.
class SeedArg {
 public:
  SeedArg() = default;
  SeedArg(std::nullopt_t) {}                                                  // NOLINT
  SeedArg(int seed) : seed_(seed) {}                                          // NOLINT
  SeedArg(int64_t seed) : seed_(seed) {}                                      // NOLINT
  SeedArg(const random::SeedGenerator& generator) : generator_(generator) {}  // NOLINT

  bool is_none() const { return !seed_ && !generator_; }
  const std::optional<int64_t>& integer() const { return seed_; }
  const std::optional<random::SeedGenerator>& generator() const { return generator_; }

 private:
  std::optional<int64_t> seed_;
  std::optional<random::SeedGenerator> generator_;
};

// The base of the seeded initializers (not a Keras-exported class).
class RandomInitializer : public Initializer {
 protected:
  // Keras draws the default seed once, at construction: an unseeded initializer repeats its
  // values.
  explicit RandomInitializer(const SeedArg& seed);
  // The seed to draw with: the generator, or the integer (given, or drawn at construction).
  random::Seed draw_seed(const SeedArg& seed) const;

 private:
  int64_t default_seed_ = 0;
};

// N(mean, stddev²) ("random_normal", alias "normal").
struct RandomNormalOptions {
  double mean = 0.0;
  double stddev = 0.05;
  SeedArg seed;
};

class RandomNormal : public RandomInitializer {
 public:
  explicit RandomNormal(const RandomNormalOptions& options = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "RandomNormal"; }
  Json get_config() const override;
  static std::shared_ptr<RandomNormal> from_config(const Json& config);
  double mean() const { return options_.mean; }
  double stddev() const { return options_.stddev; }

 private:
  RandomNormalOptions options_;
};

// U[minval, maxval) ("random_uniform", alias "uniform").
struct RandomUniformOptions {
  double minval = -0.05;
  double maxval = 0.05;
  SeedArg seed;
};

class RandomUniform : public RandomInitializer {
 public:
  explicit RandomUniform(const RandomUniformOptions& options = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "RandomUniform"; }
  Json get_config() const override;
  static std::shared_ptr<RandomUniform> from_config(const Json& config);
  double minval() const { return options_.minval; }
  double maxval() const { return options_.maxval; }

 private:
  RandomUniformOptions options_;
};

// N(mean, stddev²) with values more than two standard deviations from the mean redrawn
// ("truncated_normal").
struct TruncatedNormalOptions {
  double mean = 0.0;
  double stddev = 0.05;
  SeedArg seed;
};

class TruncatedNormal : public RandomInitializer {
 public:
  explicit TruncatedNormal(const TruncatedNormalOptions& options = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "TruncatedNormal"; }
  Json get_config() const override;
  static std::shared_ptr<TruncatedNormal> from_config(const Json& config);
  double mean() const { return options_.mean; }
  double stddev() const { return options_.stddev; }

 private:
  TruncatedNormalOptions options_;
};

// (fan_in, fan_out) of a weight shape, as Keras's compute_fans: rank 0 gives (1, 1), rank 1
// (n, n), rank 2 (shape[0], shape[1]); higher ranks are convolution kernels (..., in, out) with
// receptive field r = prod(shape[:-2]): (shape[-2]·r, shape[-1]·r). With both input_axes and
// output_axes (EinsumDense kernels), the products of those axes' sizes (negative axes count from
// the end).
std::pair<int64_t, int64_t> compute_fans(const Shape& shape,
                                         const std::optional<std::vector<int>>& input_axes = {},
                                         const std::optional<std::vector<int>>& output_axes = {});

// Keras's VarianceScaling ("variance_scaling"): s = scale / max(1, n) with n = fan_in, fan_out or
// (fan_in + fan_out) / 2 by `mode`; then by `distribution` (case-insensitive):
//  - "truncated_normal" (also "normal"): truncated normal with stddev sqrt(s) / 0.87962566103423978
//    (the standard deviation of N(0, 1) truncated at ±2, so the result has variance s);
//  - "untruncated_normal": N(0, s);
//  - "uniform": U[-sqrt(3s), sqrt(3s)).
// ValueError, with Keras's messages, for a scale <= 0 or an unknown mode or distribution.
struct VarianceScalingOptions {
  double scale = 1.0;
  std::string mode = "fan_in";
  std::string distribution = "truncated_normal";
  SeedArg seed;
  std::optional<std::vector<int>> input_axes;
  std::optional<std::vector<int>> output_axes;
};

class VarianceScaling : public RandomInitializer {
 public:
  explicit VarianceScaling(const VarianceScalingOptions& options = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "VarianceScaling"; }
  Json get_config() const override;
  static std::shared_ptr<VarianceScaling> from_config(const Json& config);

  double scale() const { return options_.scale; }
  const std::string& mode() const { return options_.mode; }
  // Lower case, "normal" read as "truncated_normal".
  const std::string& distribution() const { return options_.distribution; }
  const std::optional<std::vector<int>>& input_axes() const { return options_.input_axes; }
  const std::optional<std::vector<int>>& output_axes() const { return options_.output_axes; }

 protected:
  const VarianceScalingOptions& options() const { return options_; }

 private:
  VarianceScalingOptions options_;
};

// The arguments of the VarianceScaling presets below, which fix scale, mode and distribution
// (Keras writes only these in their configs).
struct VarianceScalingPresetOptions {
  SeedArg seed;
  std::optional<std::vector<int>> input_axes;
  std::optional<std::vector<int>> output_axes;
};

class VarianceScalingPreset : public VarianceScaling {
 public:
  Json get_config() const override;

 protected:
  VarianceScalingPreset(double scale, const char* mode, const char* distribution,
                        const VarianceScalingPresetOptions& options);
  static VarianceScalingPresetOptions read_config(const Json& config, const std::string& who);
};

// Glorot (Xavier) uniform: scale 1, fan_avg, uniform: limit sqrt(6 / (fan_in + fan_out)).
class GlorotUniform : public VarianceScalingPreset {
 public:
  explicit GlorotUniform(const VarianceScalingPresetOptions& options = {});
  std::string class_name() const override { return "GlorotUniform"; }
  static std::shared_ptr<GlorotUniform> from_config(const Json& config);
};

// Glorot normal: scale 1, fan_avg, truncated normal: stddev sqrt(2 / (fan_in + fan_out)) / 0.8796.
class GlorotNormal : public VarianceScalingPreset {
 public:
  explicit GlorotNormal(const VarianceScalingPresetOptions& options = {});
  std::string class_name() const override { return "GlorotNormal"; }
  static std::shared_ptr<GlorotNormal> from_config(const Json& config);
};

// He uniform: scale 2, fan_in, uniform: limit sqrt(6 / fan_in).
class HeUniform : public VarianceScalingPreset {
 public:
  explicit HeUniform(const VarianceScalingPresetOptions& options = {});
  std::string class_name() const override { return "HeUniform"; }
  static std::shared_ptr<HeUniform> from_config(const Json& config);
};

// He normal: scale 2, fan_in, truncated normal: stddev sqrt(2 / fan_in) / 0.8796.
class HeNormal : public VarianceScalingPreset {
 public:
  explicit HeNormal(const VarianceScalingPresetOptions& options = {});
  std::string class_name() const override { return "HeNormal"; }
  static std::shared_ptr<HeNormal> from_config(const Json& config);
};

// LeCun uniform: scale 1, fan_in, uniform: limit sqrt(3 / fan_in).
class LecunUniform : public VarianceScalingPreset {
 public:
  explicit LecunUniform(const VarianceScalingPresetOptions& options = {});
  std::string class_name() const override { return "LecunUniform"; }
  static std::shared_ptr<LecunUniform> from_config(const Json& config);
};

// LeCun normal: scale 1, fan_in, truncated normal: stddev sqrt(1 / fan_in) / 0.8796.
class LecunNormal : public VarianceScalingPreset {
 public:
  explicit LecunNormal(const VarianceScalingPresetOptions& options = {});
  std::string class_name() const override { return "LecunNormal"; }
  static std::shared_ptr<LecunNormal> from_config(const Json& config);
};

// A random orthogonal matrix ("orthogonal"; Keras also accepts "OrthogonalInitializer"), rank
// ≥ 2: rows = prod(shape[:-1]), cols = shape[-1]; an N(0, 1) matrix of (max, min) is drawn,
// factored A = QR, Q's columns multiplied by sign(diag(R)), transposed when rows < cols, scaled
// by `gain` and reshaped. Q^T Q = I (rows ≥ cols) or Q Q^T = I (rows < cols).
struct OrthogonalOptions {
  double gain = 1.0;
  SeedArg seed;
};

class Orthogonal : public RandomInitializer {
 public:
  explicit Orthogonal(const OrthogonalOptions& options = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "Orthogonal"; }
  Json get_config() const override;
  static std::shared_ptr<Orthogonal> from_config(const Json& config);
  double gain() const { return options_.gain; }

 private:
  OrthogonalOptions options_;
};

}  // namespace keras::initializers

namespace keras::args {

template <>
struct ArgForm<initializers::SeedArg> {
  static Json write(const initializers::SeedArg& seed);
  static void read(const Json& value, initializers::SeedArg& out, const Site& site);
};

}  // namespace keras::args
