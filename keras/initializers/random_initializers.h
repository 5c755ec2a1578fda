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

#include "keras/core/random.h"
#include "keras/initializers/initializer.h"
#include "keras/ops/random.h"

namespace keras::initializers {

// Keras's `seed` argument: nothing (None), an integer, or a SeedGenerator.
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

  // The config value Keras writes: null, the integer, or the serialized SeedGenerator
  // ({"module": "keras.random", "class_name": "SeedGenerator", "config": {"seed", "name"}, ...}).
  Json to_json() const;
  // The inverse; ValueError for anything else, with Keras's message.
  static SeedArg from_json(const Json& value);

 private:
  std::optional<int64_t> seed_;
  std::optional<random::SeedGenerator> generator_;
};

// The base of the seeded initializers (not a Keras-exported class). Config: {"seed": ...}.
class RandomInitializer : public Initializer {
 public:
  explicit RandomInitializer(SeedArg seed);
  Json get_config() const override;
  const SeedArg& seed_arg() const { return init_seed_; }

 protected:
  // The seed to draw with: the integer (given or drawn at construction) or the generator.
  random::Seed draw_seed() const;

 private:
  SeedArg init_seed_;
  int64_t seed_value_ = 0;
};

// N(mean, stddev²) ("random_normal", alias "normal"). Config: {"seed", "mean", "stddev"}.
class RandomNormal : public RandomInitializer {
 public:
  explicit RandomNormal(double mean = 0.0, double stddev = 0.05, SeedArg seed = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "RandomNormal"; }
  Json get_config() const override;
  static std::shared_ptr<RandomNormal> from_config(const Json& config);
  double mean() const { return mean_; }
  double stddev() const { return stddev_; }

 private:
  double mean_, stddev_;
};

// U[minval, maxval) ("random_uniform", alias "uniform"). Config: {"seed", "minval", "maxval"}.
class RandomUniform : public RandomInitializer {
 public:
  explicit RandomUniform(double minval = -0.05, double maxval = 0.05, SeedArg seed = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "RandomUniform"; }
  Json get_config() const override;
  static std::shared_ptr<RandomUniform> from_config(const Json& config);
  double minval() const { return minval_; }
  double maxval() const { return maxval_; }

 private:
  double minval_, maxval_;
};

// N(mean, stddev²) with values more than two standard deviations from the mean redrawn
// ("truncated_normal"). Config: {"seed", "mean", "stddev"}.
class TruncatedNormal : public RandomInitializer {
 public:
  explicit TruncatedNormal(double mean = 0.0, double stddev = 0.05, SeedArg seed = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "TruncatedNormal"; }
  Json get_config() const override;
  static std::shared_ptr<TruncatedNormal> from_config(const Json& config);
  double mean() const { return mean_; }
  double stddev() const { return stddev_; }

 private:
  double mean_, stddev_;
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
// (fan_in + fan_out) / 2 by `mode`; then by `distribution`:
//  - "truncated_normal" (also "normal"): truncated normal with stddev sqrt(s) / 0.87962566103423978
//    (the standard deviation of N(0, 1) truncated at ±2, so the result has variance s);
//  - "untruncated_normal": N(0, s);
//  - "uniform": U[-sqrt(3s), sqrt(3s)).
// Config: {"seed", "scale", "mode", "distribution", "input_axes", "output_axes"}.
class VarianceScaling : public RandomInitializer {
 public:
  explicit VarianceScaling(double scale = 1.0, std::string mode = "fan_in",
                           std::string distribution = "truncated_normal", SeedArg seed = {},
                           std::optional<std::vector<int>> input_axes = std::nullopt,
                           std::optional<std::vector<int>> output_axes = std::nullopt);
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "VarianceScaling"; }
  Json get_config() const override;
  static std::shared_ptr<VarianceScaling> from_config(const Json& config);

  double scale() const { return scale_; }
  const std::string& mode() const { return mode_; }
  const std::string& distribution() const { return distribution_; }
  const std::optional<std::vector<int>>& input_axes() const { return input_axes_; }
  const std::optional<std::vector<int>>& output_axes() const { return output_axes_; }

 protected:
  // The preset classes' config: {"seed", "input_axes", "output_axes"}.
  Json preset_config() const;

 private:
  double scale_;
  std::string mode_, distribution_;
  std::optional<std::vector<int>> input_axes_, output_axes_;
};

// The VarianceScaling presets ("glorot_uniform", ...). Config: {"seed", "input_axes",
// "output_axes"}.

// Glorot (Xavier) uniform: scale 1, fan_avg, uniform: limit sqrt(6 / (fan_in + fan_out)).
class GlorotUniform : public VarianceScaling {
 public:
  explicit GlorotUniform(SeedArg seed = {},
                         std::optional<std::vector<int>> input_axes = std::nullopt,
                         std::optional<std::vector<int>> output_axes = std::nullopt);
  std::string class_name() const override { return "GlorotUniform"; }
  Json get_config() const override { return preset_config(); }
  static std::shared_ptr<GlorotUniform> from_config(const Json& config);
};

// Glorot normal: scale 1, fan_avg, truncated normal: stddev sqrt(2 / (fan_in + fan_out)) /
// 0.87962566
class GlorotNormal : public VarianceScaling {
 public:
  explicit GlorotNormal(SeedArg seed = {},
                        std::optional<std::vector<int>> input_axes = std::nullopt,
                        std::optional<std::vector<int>> output_axes = std::nullopt);
  std::string class_name() const override { return "GlorotNormal"; }
  Json get_config() const override { return preset_config(); }
  static std::shared_ptr<GlorotNormal> from_config(const Json& config);
};

// He uniform: scale 2, fan_in, uniform: limit sqrt(6 / fan_in).
class HeUniform : public VarianceScaling {
 public:
  explicit HeUniform(SeedArg seed = {}, std::optional<std::vector<int>> input_axes = std::nullopt,
                     std::optional<std::vector<int>> output_axes = std::nullopt);
  std::string class_name() const override { return "HeUniform"; }
  Json get_config() const override { return preset_config(); }
  static std::shared_ptr<HeUniform> from_config(const Json& config);
};

// He normal: scale 2, fan_in, truncated normal: stddev sqrt(2 / fan_in) / 0.87962566
class HeNormal : public VarianceScaling {
 public:
  explicit HeNormal(SeedArg seed = {}, std::optional<std::vector<int>> input_axes = std::nullopt,
                    std::optional<std::vector<int>> output_axes = std::nullopt);
  std::string class_name() const override { return "HeNormal"; }
  Json get_config() const override { return preset_config(); }
  static std::shared_ptr<HeNormal> from_config(const Json& config);
};

// LeCun uniform: scale 1, fan_in, uniform: limit sqrt(3 / fan_in).
class LecunUniform : public VarianceScaling {
 public:
  explicit LecunUniform(SeedArg seed = {},
                        std::optional<std::vector<int>> input_axes = std::nullopt,
                        std::optional<std::vector<int>> output_axes = std::nullopt);
  std::string class_name() const override { return "LecunUniform"; }
  Json get_config() const override { return preset_config(); }
  static std::shared_ptr<LecunUniform> from_config(const Json& config);
};

// LeCun normal: scale 1, fan_in, truncated normal: stddev sqrt(1 / fan_in) / 0.87962566
class LecunNormal : public VarianceScaling {
 public:
  explicit LecunNormal(SeedArg seed = {}, std::optional<std::vector<int>> input_axes = std::nullopt,
                       std::optional<std::vector<int>> output_axes = std::nullopt);
  std::string class_name() const override { return "LecunNormal"; }
  Json get_config() const override { return preset_config(); }
  static std::shared_ptr<LecunNormal> from_config(const Json& config);
};

// A random orthogonal matrix ("orthogonal"; Keras also accepts "OrthogonalInitializer"), rank
// ≥ 2: rows = prod(shape[:-1]), cols = shape[-1]; an N(0, 1) matrix of (max, min) is drawn,
// factored A = QR, Q's columns multiplied by sign(diag(R)), transposed when rows < cols, scaled
// by `gain` and reshaped. Q^T Q = I (rows ≥ cols) or Q Q^T = I (rows < cols).
// Config: {"seed", "gain"}.
class Orthogonal : public RandomInitializer {
 public:
  explicit Orthogonal(double gain = 1.0, SeedArg seed = {});
  Tensor operator()(const Shape& shape, std::optional<DType> dtype = std::nullopt) override;
  std::string class_name() const override { return "Orthogonal"; }
  Json get_config() const override;
  static std::shared_ptr<Orthogonal> from_config(const Json& config);
  double gain() const { return gain_; }

 private:
  double gain_;
};

}  // namespace keras::initializers
