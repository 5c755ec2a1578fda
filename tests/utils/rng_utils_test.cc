// keras::utils::set_random_seed: a seeded program repeats bit for bit; Keras's (NumPy's) seed
// range.
#include "keras/utils/rng_utils.h"

#include <gtest/gtest.h>

#include "keras/core/random.h"
#include "keras/ops/random.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

// Everything kerascpp draws without an explicit seed: the global SeedGenerator's stream (twice,
// so the counter advances), a SeedGenerator seeded from the global generator, and a default seed.
std::vector<double> draw_unseeded() {
  std::vector<double> out;
  for (int i = 0; i < 2; ++i)
    for (double v : random::uniform({5}, {.dtype = DType::float64}).to_vector<double>())
      out.push_back(v);
  random::SeedGenerator generator;
  for (double v :
       random::normal({4}, {.dtype = DType::float64, .seed = generator}).to_vector<double>())
    out.push_back(v);
  out.push_back(static_cast<double>(random::make_default_seed()));
  return out;
}

TEST(SetRandomSeed, RepeatsBitForBit) {
  utils::set_random_seed(1337);
  EXPECT_EQ(random::global_seed(), 1337u);
  std::vector<double> first = draw_unseeded();
  utils::set_random_seed(1337);
  std::vector<double> second = draw_unseeded();
  EXPECT_EQ(first, second);  // exact equality: bit for bit
  utils::set_random_seed(7);
  EXPECT_NE(draw_unseeded(), first);
}

TEST(SetRandomSeed, AcceptsNumPysRangeOnly) {
  utils::set_random_seed(0);
  utils::set_random_seed(4294967295);
  testing::expect_error<ValueError>([] { utils::set_random_seed(-1); }, "Received: seed=-1");
  testing::expect_error<ValueError>([] { utils::set_random_seed(4294967296); },
                                    "integer in [0, 2**32 - 1]");
}

}  // namespace
}  // namespace keras
