// The Philox generator behind every random op: known answers, range independence, the element
// layout the header promises, and the seeding API.
#include "keras/core/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace keras {
namespace {

using random::PhiloxCounter;

// Random123's tests/kat_vectors, rows "philox4x32 10" (counter[4] key[2] -> output[4]).
TEST(Philox, KnownAnswerVectors) {
  EXPECT_EQ(random::philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (PhiloxCounter{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(random::philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
                                  {0xffffffff, 0xffffffff}),
            (PhiloxCounter{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(random::philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                                  {0xa4093822, 0x299f31d0}),
            (PhiloxCounter{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(Philox, KnownAnswerIsComputableAtCompileTime) {
  static_assert(random::philox4x32_10({0, 0, 0, 0}, {0, 0})[0] == 0x6627e8d5);
}

// The vectorized block function equals the reference one, with the documented counter layout:
// {lo(counter), hi(counter), lo(block), hi(block)}, key {lo(seed), hi(seed)}.
TEST(Philox, BlocksMatchTheReferenceFunction) {
  const uint64_t seed = 0x0123456789abcdefULL, counter = 0xfedcba9876543210ULL;
  const uint64_t first = 0xfffffff0ULL;  // crosses into the high word of the block index
  const int64_t n = 37;                  // not a multiple of the vector width
  std::vector<uint32_t> words(4 * n);
  random::philox_blocks(seed, counter, first, n, words.data());
  for (int64_t j = 0; j < n; ++j) {
    uint64_t b = first + static_cast<uint64_t>(j);
    PhiloxCounter want =
        random::philox4x32_10({static_cast<uint32_t>(counter), static_cast<uint32_t>(counter >> 32),
                               static_cast<uint32_t>(b), static_cast<uint32_t>(b >> 32)},
                              {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)});
    for (int w = 0; w < 4; ++w) ASSERT_EQ(words[4 * j + w], want[w]) << "block " << j;
  }
}

TEST(Philox, BitsFollowTheBlockLayout) {
  std::vector<uint32_t> bits(10);
  random::fill_bits(bits.data(), 3, 13, 7, 5);
  for (int64_t i = 3; i < 13; ++i) {
    uint64_t b = static_cast<uint64_t>(i / 4);
    PhiloxCounter block = random::philox4x32_10(
        {5, 0, static_cast<uint32_t>(b), static_cast<uint32_t>(b >> 32)}, {7, 0});
    EXPECT_EQ(bits[i - 3], block[i % 4]) << i;
  }
}

TEST(Philox, UniformFollowsTheDocumentedLayout) {
  const uint64_t seed = 99, counter = 3;
  std::vector<float> f(8);
  random::fill_uniform(f.data(), 0, 8, seed, counter, 0.0, 1.0);
  std::vector<double> d(8);
  random::fill_uniform(d.data(), 0, 8, seed, counter, 0.0, 1.0);
  for (int i = 0; i < 8; ++i) {
    PhiloxCounter b4 = random::philox4x32_10({3, 0, static_cast<uint32_t>(i / 4), 0}, {99, 0});
    EXPECT_EQ(f[i], static_cast<float>(b4[i % 4] >> 8) * 0x1p-24f);
    PhiloxCounter b2 = random::philox4x32_10({3, 0, static_cast<uint32_t>(i / 2), 0}, {99, 0});
    int k = i % 2;
    uint64_t bits = ((uint64_t{b2[2 * k]} << 32) | b2[2 * k + 1]) >> 11;
    EXPECT_EQ(d[i], static_cast<double>(bits) * 0x1p-53);
  }
}

TEST(Philox, NormalFollowsTheDocumentedLayout) {
  std::vector<double> d(4);
  random::fill_normal(d.data(), 0, 4, 11, 0, 0.0, 1.0);
  for (int i = 0; i < 4; ++i) {
    PhiloxCounter b = random::philox4x32_10({0, 0, static_cast<uint32_t>(i / 2), 0}, {11, 0});
    double u1 = 1.0 - static_cast<double>(((uint64_t{b[0]} << 32) | b[1]) >> 11) * 0x1p-53;
    double u2 = static_cast<double>(((uint64_t{b[2]} << 32) | b[3]) >> 11) * 0x1p-53;
    double r = std::sqrt(-2.0 * std::log(u1)), theta = 2.0 * std::numbers::pi * u2;
    EXPECT_DOUBLE_EQ(d[i], i % 2 == 0 ? r * std::cos(theta) : r * std::sin(theta)) << i;
  }
}

// Any split of a range gives the same values: what makes kernels thread-count independent.
template <class T, class Fill>
void expect_split_independent(Fill fill) {
  const int64_t n = 1003;
  std::vector<T> whole(n), parts(n);
  fill(whole.data(), 0, n);
  for (int64_t cut : {1, 2, 3, 5, 517, 1000}) {
    std::fill(parts.begin(), parts.end(), T(-99));
    fill(parts.data(), 0, cut);
    fill(parts.data() + cut, cut, n);
    for (int64_t i = 0; i < n; ++i) ASSERT_EQ(parts[i], whole[i]) << "cut " << cut << " at " << i;
  }
}

TEST(Philox, ValuesDoNotDependOnHowTheRangeIsSplit) {
  const uint64_t seed = 1234, counter = 17;
  expect_split_independent<uint32_t>(
      [&](uint32_t* o, int64_t b, int64_t e) { random::fill_bits(o, b, e, seed, counter); });
  expect_split_independent<float>([&](float* o, int64_t b, int64_t e) {
    random::fill_uniform(o, b, e, seed, counter, -2.0, 3.0);
  });
  expect_split_independent<double>([&](double* o, int64_t b, int64_t e) {
    random::fill_uniform(o, b, e, seed, counter, -2.0, 3.0);
  });
  expect_split_independent<float>([&](float* o, int64_t b, int64_t e) {
    random::fill_normal(o, b, e, seed, counter, 1.0, 2.0);
  });
  expect_split_independent<double>([&](double* o, int64_t b, int64_t e) {
    random::fill_normal(o, b, e, seed, counter, 1.0, 2.0);
  });
  expect_split_independent<float>([&](float* o, int64_t b, int64_t e) {
    random::fill_truncated_normal(o, b, e, seed, counter, 0.0, 1.0);
  });
  expect_split_independent<double>([&](double* o, int64_t b, int64_t e) {
    random::fill_truncated_normal(o, b, e, seed, counter, 0.0, 1.0);
  });
}

TEST(Philox, SeedAndCounterSelectIndependentStreams) {
  std::vector<uint32_t> a(64), b(64), c(64);
  random::fill_bits(a.data(), 0, 64, 1, 0);
  random::fill_bits(b.data(), 0, 64, 2, 0);
  random::fill_bits(c.data(), 0, 64, 1, 1);
  int same_ab = 0, same_ac = 0;
  for (int i = 0; i < 64; ++i) {
    same_ab += a[i] == b[i];
    same_ac += a[i] == c[i];
  }
  EXPECT_LE(same_ab, 1);
  EXPECT_LE(same_ac, 1);
}

TEST(Philox, UniformStaysBelowMaxval) {
  // [1, 2) in float32: 1 + (1 - 2^-24) rounds to 2 unless clamped.
  std::vector<float> f(1 << 16);
  random::fill_uniform(f.data(), 0, static_cast<int64_t>(f.size()), 5, 0, 1.0, 2.0);
  for (float v : f) {
    ASSERT_GE(v, 1.0f);
    ASSERT_LT(v, 2.0f);
  }
}

TEST(Philox, TruncatedNormalStaysWithinTwoStddev) {
  std::vector<float> f(1 << 16);
  random::fill_truncated_normal(f.data(), 0, static_cast<int64_t>(f.size()), 8, 0, 0.5, 3.0);
  for (float v : f) ASSERT_LE(std::fabs(v - 0.5f), 6.0f + 1e-5f);
  std::vector<double> d(1 << 16);
  random::fill_truncated_normal(d.data(), 0, static_cast<int64_t>(d.size()), 8, 0, 0.5, 3.0);
  for (double v : d) ASSERT_LE(std::fabs(v - 0.5), 6.0 + 1e-12);
}

TEST(Philox, DropoutThresholdMatchesTheUniformComparison) {
  for (double rate : {0.0, 0.1, 0.2, 0.25, 0.5, 0.999, 1e-9}) {
    uint32_t threshold = random::dropout_threshold(rate);
    for (uint32_t top : {0u, 1u, 2u, 1677721u, 1677722u, 3355443u, 8388608u, 16777215u}) {
      uint32_t word = top << 8 | 0xab;
      float u = static_cast<float>(top) * 0x1p-24f;
      EXPECT_EQ(random::dropout_keep(word, threshold), static_cast<double>(u) >= rate)
          << "rate " << rate << " u " << u;
    }
  }
}

TEST(SeedGenerator, HoldsSeedAndCounterAndAdvances) {
  random::SeedGenerator generator(42);
  EXPECT_EQ(generator.state().dtype(), DType::int64);
  EXPECT_EQ(generator.state().shape(), Shape{2});
  EXPECT_FALSE(generator.state().trainable());
  EXPECT_EQ(generator.state().name(), "seed_generator_state");
  EXPECT_EQ(generator.initial_seed(), std::optional<int64_t>(42));
  EXPECT_EQ(generator.next().to_vector<int64_t>(), (std::vector<int64_t>{42, 0}));
  EXPECT_EQ(generator.next().to_vector<int64_t>(), (std::vector<int64_t>{42, 1}));
  EXPECT_EQ(generator.state().value().to_vector<int64_t>(), (std::vector<int64_t>{42, 2}));
}

TEST(SeedGenerator, CopiesShareTheState) {
  random::SeedGenerator a(7);
  random::SeedGenerator b = a;
  a.next();
  EXPECT_EQ(b.state().value().to_vector<int64_t>(), (std::vector<int64_t>{7, 1}));
}

TEST(SeedGenerator, GlobalSeedMakesDefaultSeedsRepeat) {
  random::set_global_seed(1337);
  EXPECT_EQ(random::global_seed(), std::optional<uint64_t>(1337));
  int64_t first = random::make_default_seed();
  random::SeedGenerator unseeded;
  EXPECT_FALSE(unseeded.initial_seed().has_value());
  int64_t drawn = unseeded.state().value().to_vector<int64_t>()[0];
  EXPECT_GE(first, 1);
  EXPECT_LE(first, 1000000000);

  random::set_global_seed(1337);
  EXPECT_EQ(random::make_default_seed(), first);
  EXPECT_EQ(random::SeedGenerator().state().value().to_vector<int64_t>()[0], drawn);
  // The global generator restarts at (seed, 0).
  EXPECT_EQ(random::global_seed_generator().state().value().to_vector<int64_t>(),
            (std::vector<int64_t>{1337, 0}));
}

}  // namespace
}  // namespace keras
