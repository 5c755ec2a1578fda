// keras.utils.set_random_seed, as Keras 3 has it (keras/src/utils/rng_utils.py).
#pragma once

#include <cstdint>

namespace keras::utils {

// Seeds every random source kerascpp draws from, so that a program run again makes the same
// numbers: keras::random's process-wide generator (the default seeds of SeedGenerators and
// initializers made without a seed) and the global SeedGenerator used by keras::random functions
// called without a seed, both through keras::random::set_global_seed. There is no other source:
// the backends draw only through keras::random's Philox streams (the torch backend too; it never
// uses torch's own generator, so no torch.manual_seed is needed).
//
// A seeded run repeats bit for bit on one machine with one backend and the same build. Across
// backends, uniform values and dropout masks agree bit for bit, normals up to the last bit of
// log/sin/cos (keras/core/random.h); across machines, kernels that sum in a different order
// (threads, SIMD width) may differ in the last bits, as in Keras.
//
// The seed must be in [0, 2**32 - 1]: Keras passes it to np.random.seed, which rejects anything
// else, so a seed Keras accepts is accepted here and the others throw ValueError.
void set_random_seed(int64_t seed);

}  // namespace keras::utils
