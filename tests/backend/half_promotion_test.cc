// The float32 <-> float16 / bfloat16 conversions of promoted kernels (vectorized where the CPU has
// F16C) against DType's scalar conversions, which the dtype tests check against IEEE: every
// 16-bit pattern widens to the same float, and floats of every kind (normal, subnormal, ties,
// overflow, NaN, infinity) round to the same bits. The promoted kernels themselves run in the op
// conformance suite, which runs every float case in float16 and bfloat16 on every backend.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/backend/half_promotion.h"
#include "keras/core/dtype.h"

namespace keras {
namespace {

template <class Half>
uint16_t scalar_bits(float value) {
  return Half(value).bits;
}

template <class Half>
float scalar_float(uint16_t bits) {
  Half h;
  h.bits = bits;
  return static_cast<float>(h);
}

template <class Half>
void expect_conversions_match(DType dtype) {
  // Every bit pattern widens as the scalar conversion does (NaN to some NaN of the same sign).
  std::vector<uint16_t> all(1 << 16);
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint16_t>(i);
  std::vector<float> wide(all.size());
  backend::widen_to_float(all.data(), dtype, wide.data(), static_cast<int64_t>(all.size()));
  for (size_t i = 0; i < all.size(); ++i) {
    float want = scalar_float<Half>(all[i]);
    if (std::isnan(want))
      EXPECT_TRUE(std::isnan(wide[i]) && std::signbit(wide[i]) == std::signbit(want)) << i;
    else
      EXPECT_EQ(std::bit_cast<uint32_t>(wide[i]), std::bit_cast<uint32_t>(want)) << i;
  }

  // Narrowing: random bit patterns of every exponent, exact halfway cases, the edges.
  std::vector<float> values = {0.0f,
                               -0.0f,
                               1.0f,
                               65504.0f,
                               65519.99f,
                               65520.0f,
                               1e-8f,
                               3e-8f,
                               -5.96e-8f,
                               6.1e-5f,
                               std::numeric_limits<float>::infinity(),
                               -std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::quiet_NaN(),
                               std::numeric_limits<float>::max(),
                               std::numeric_limits<float>::denorm_min()};
  std::mt19937 rng(7);
  for (int i = 0; i < 200000; ++i)
    values.push_back(std::bit_cast<float>(static_cast<uint32_t>(rng())));
  for (uint16_t h = 0; h < 0x7c00; h += 37) {  // midpoints between neighbours round to even
    float lo = scalar_float<Half>(h), hi = scalar_float<Half>(static_cast<uint16_t>(h + 1));
    values.push_back(lo + (hi - lo) / 2);
  }
  std::vector<uint16_t> narrow(values.size());
  backend::narrow_from_float(values.data(), dtype, narrow.data(),
                             static_cast<int64_t>(values.size()));
  for (size_t i = 0; i < values.size(); ++i) {
    uint16_t want = scalar_bits<Half>(values[i]);
    if (std::isnan(values[i]))
      EXPECT_TRUE(std::isnan(scalar_float<Half>(narrow[i]))) << values[i];
    else
      EXPECT_EQ(narrow[i], want) << "value " << values[i] << " (index " << i << ")";
  }
}

TEST(HalfPromotion, Float16ConversionsMatchTheScalarOnes) {
  expect_conversions_match<float16>(DType::float16);
}

TEST(HalfPromotion, Bfloat16ConversionsMatchTheScalarOnes) {
  expect_conversions_match<bfloat16>(DType::bfloat16);
}

// Every op with a float32 kernel has float16 and bfloat16 kernels on every backend.
TEST(HalfPromotion, EveryFloatOpHasHalfKernels) {
  for (const std::string& name : backend::available()) {
    const backend::KernelTable& table = backend::get(name).kernels();
    for (const std::string& op : table.ops()) {
      if (!table.find(op, DType::float32)) continue;
      EXPECT_NE(table.find(op, DType::float16), nullptr) << name << ": " << op;
      EXPECT_NE(table.find(op, DType::bfloat16), nullptr) << name << ": " << op;
    }
  }
}

}  // namespace
}  // namespace keras
