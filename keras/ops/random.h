// keras.random: seeded random tensors and dropout, as Keras 3 has them.
//
//   auto x = keras::random::normal({2, 3}, {.stddev = 0.05, .seed = 42});
//   keras::random::SeedGenerator gen(1337);
//   auto y = keras::random::dropout(x, 0.5, {.seed = gen});
//
// A seed is an integer (a fresh state (seed, 0): the same integer gives the same numbers on every
// call, as in Keras), a SeedGenerator (its state advances: every call draws new numbers), or
// nothing (the global SeedGenerator; see keras::random::set_global_seed). The functions work on
// concrete tensors (run now) and symbolic ones (add graph nodes).
#pragma once

#include <optional>

#include "keras/core/random.h"
#include "keras/core/tensor.h"

namespace keras::random {

class Seed {
 public:
  Seed() = default;                    // the global SeedGenerator
  Seed(int seed) : seed_(seed) {}      // NOLINT: `.seed = 42` as in Keras
  Seed(int64_t seed) : seed_(seed) {}  // NOLINT
  Seed(const SeedGenerator& generator) : generator_(generator) {}  // NOLINT

  // The int64 [2] state tensor a random op reads and advances: a new one on `device` (the
  // current backend when null) for an integer seed, the generator's variable otherwise.
  Tensor state(backend::Backend* device = nullptr) const;

 private:
  std::optional<int64_t> seed_;
  std::optional<SeedGenerator> generator_;
};

struct UniformOptions {
  double minval = 0.0;
  double maxval = 1.0;
  std::optional<DType> dtype;  // keras::config::floatx() when not given
  Seed seed;
};

struct NormalOptions {
  double mean = 0.0;
  double stddev = 1.0;
  std::optional<DType> dtype;  // keras::config::floatx() when not given
  Seed seed;
};

struct DropoutOptions {
  // The shape of the mask, broadcast against the input (e.g. (batch, 1, features)); -1 entries
  // take the input's size, which may be unknown in graphs. Empty: the input's shape.
  std::optional<Shape> noise_shape;
  Seed seed;
};

// Values uniform in [minval, maxval). `shape` must be fully defined.
Tensor uniform(const Shape& shape, const UniformOptions& options = {});
// N(mean, stddev²).
Tensor normal(const Shape& shape, const NormalOptions& options = {});
// N(mean, stddev²) with values beyond two standard deviations redrawn.
Tensor truncated_normal(const Shape& shape, const NormalOptions& options = {});

// The same, shaped like `like` (its values are not read): for symbolic shapes with an unknown
// batch dimension, e.g. GaussianNoise's noise.
Tensor uniform_like(const Tensor& like, const UniformOptions& options = {});
Tensor normal_like(const Tensor& like, const NormalOptions& options = {});
Tensor truncated_normal_like(const Tensor& like, const NormalOptions& options = {});

// Inverted dropout: each element kept with probability 1 - rate and scaled by 1/(1 - rate),
// others zeroed. rate must be in [0, 1).
Tensor dropout(const Tensor& inputs, double rate, const DropoutOptions& options = {});

}  // namespace keras::random
