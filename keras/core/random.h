// Random numbers: the counter-based generator that every backend must reproduce, and Keras 3's
// seeding API (SeedGenerator, the global seed).
//
// The generator is Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy
// as 1, 2, 3", SC 2011), keyed by a 64-bit seed. A random op draws with a seed state
// (seed, counter): block b of its stream is
//     philox4x32_10(counter = {lo(counter), hi(counter), lo(b), hi(b)}, key = {lo(seed), hi(seed)})
// and element i of the output is a fixed function of a fixed block (below), so the values do not
// depend on how a range is split among threads or devices. The op then adds 1 to the counter.
//
// Element layout (w0..w3 are the four words of a block; u24(w) = (w >> 8) * 2^-24 in [0, 1),
// u53(a, b) = ((a << 32 | b) >> 11) * 2^-53 in [0, 1)):
//  - bits:            element i = word i % 4 of block i / 4.
//  - uniform float32: element i = u24(bits i), then minval + (maxval - minval) * u, computed in
//                     float32 and kept below maxval.
//  - uniform float64: block i / 2; element i = u53(w[2k], w[2k+1]) with k = i % 2, then scaled in
//                     float64 and kept below maxval.
//  - normal float32:  block i / 4; pair p = (i % 4) / 2; Box-Muller on u1 = 1 - u24(w[2p]) in
//                     (0, 1], u2 = u24(w[2p+1]): r = sqrt(-2 ln u1), even i take r·cos(2π u2),
//                     odd i take r·sin(2π u2); computed in float64 and rounded once (so backends
//                     with different libm agree on float32 almost always), then mean + stddev·z.
//  - normal float64:  block i / 2; u1 = 1 - u53(w0, w1), u2 = u53(w2, w3); even i cos, odd i sin.
//  - truncated normal: as normal; when |z| > 2 the element is redrawn from retry blocks
//                     r = 1, 2, ... at counter {lo(counter), hi(counter), lo(i), hi(i) | r << 24}
//                     (element indices stay below 2^56, so retry blocks never meet the main
//                     stream), each giving candidates in Box-Muller order (4 for float32, 2 for
//                     float64); the first with |z| <= 2 is taken.
//  - dropout mask:    element i is kept when the float32 uniform u24(bits i) >= rate.
// Uniform values and masks are bit-exact across backends; normals match up to the last-bit
// rounding of log/sin/cos.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "keras/core/variable.h"

namespace keras::random {

// --- The generator ------------------------------------------------------------------------------

using PhiloxCounter = std::array<uint32_t, 4>;
using PhiloxKey = std::array<uint32_t, 2>;

inline constexpr uint32_t kPhiloxM0 = 0xD2511F53u, kPhiloxM1 = 0xCD9E8D57u;
inline constexpr uint32_t kPhiloxW0 = 0x9E3779B9u, kPhiloxW1 = 0xBB67AE85u;

// One Philox4x32-10 block (Random123's philox4x32 with 10 rounds).
constexpr PhiloxCounter philox4x32_10(PhiloxCounter c, PhiloxKey k) {
  for (int round = 0; round < 10; ++round) {
    uint64_t p0 = uint64_t{kPhiloxM0} * c[0];
    uint64_t p1 = uint64_t{kPhiloxM1} * c[2];
    c = {static_cast<uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<uint32_t>(p1),
         static_cast<uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<uint32_t>(p0)};
    k[0] += kPhiloxW0;
    k[1] += kPhiloxW1;
  }
  return c;
}

// Blocks [first_block, first_block + n) of the stream (seed, counter), written block after block
// (4 words each) to `words`. Vectorized; the hot loop of every random kernel.
void philox_blocks(uint64_t seed, uint64_t counter, uint64_t first_block, int64_t n,
                   uint32_t* words);

// Elements [begin, end) of a stream, written to out[0, end - begin) (pass `tensor + begin` to
// fill part of a tensor). Thread-safe: threads may fill disjoint ranges of one tensor.
void fill_bits(uint32_t* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter);
void fill_uniform(float* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                  double minval, double maxval);
void fill_uniform(double* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                  double minval, double maxval);
void fill_normal(float* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                 double mean, double stddev);
void fill_normal(double* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                 double mean, double stddev);
void fill_truncated_normal(float* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                           double mean, double stddev);
void fill_truncated_normal(double* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                           double mean, double stddev);

// Dropout's rule on the bits stream: keep when u24(word) >= rate, i.e. (word >> 8) >= threshold
// with threshold = ceil(rate · 2^24) (exact: rate · 2^24 is exact in double).
uint32_t dropout_threshold(double rate);
inline bool dropout_keep(uint32_t word, uint32_t threshold) {
  return (word >> 8) >= threshold;
}

// --- Seeding (Keras 3: keras.random.SeedGenerator, keras.utils.set_random_seed) -----------------

// Holds the state of a random stream: an int64 Variable of shape [2] = (seed, counter), named
// "seed_generator_state", not trainable. Random ops fed with state() advance the counter, so
// every call draws fresh numbers and a seeded program repeats. Copies share the state. Draws from
// one generator on several threads at once may repeat numbers (as in Keras): give each thread
// its own generator.
class SeedGenerator {
 public:
  // seed: the stream's seed; none draws one from the global generator (Keras's
  // make_default_seed), which set_global_seed makes repeatable. The state lives on `on` (the
  // current backend when null).
  explicit SeedGenerator(std::optional<int64_t> seed = std::nullopt,
                         std::string name = "seed_generator", backend::Backend* on = nullptr);

  const std::string& name() const { return name_; }
  const Variable& state() const { return state_; }
  // The seed given at construction (Keras's get_config: {"seed": None} when none was).
  std::optional<int64_t> initial_seed() const { return initial_seed_; }
  // Keras's next(): returns the current (seed, counter) as a new host tensor and advances the
  // counter by one.
  Tensor next();

 private:
  std::string name_;
  std::optional<int64_t> initial_seed_;
  Variable state_;
};

// Seeds the process-wide generator behind default seeds and resets the global SeedGenerator to
// (seed, 0): after it, a program that draws its seeds the same way repeats bit for bit. Called by
// keras::utils::set_random_seed.
void set_global_seed(uint64_t seed);
// The explicit global seed, if set_global_seed was called (Keras's get_random_seed).
std::optional<uint64_t> global_seed();
// A seed in [1, 1e9] from the global generator (Keras's make_default_seed). Without
// set_global_seed the generator starts from std::random_device.
int64_t make_default_seed();
// The generator used by random functions called without a seed (created on first use).
SeedGenerator& global_seed_generator();

}  // namespace keras::random
