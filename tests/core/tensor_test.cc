// Tensor, DType conversion and Variable: factories, conversion (NumPy's rules, including the
// float16/bfloat16 bit patterns NumPy and ml_dtypes produce), views and their shared storage.
#include "keras/core/tensor.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <ranges>
#include <sstream>

#include "keras/backend/backend.h"
#include "keras/core/variable.h"

namespace keras {
namespace {

constexpr DType kAllDTypes[] = {DType::float16, DType::bfloat16, DType::float32, DType::float64,
                                DType::int32,   DType::int64,    DType::uint8,   DType::bool_};

uint16_t half_bits(double value) {
  return Tensor::scalar(value).astype(DType::float16).data<float16>()[0].bits;
}
uint16_t half_bits_from_float(float value) {
  return Tensor::scalar(value).astype(DType::float16).data<float16>()[0].bits;
}
uint16_t bf16_bits(double value) {
  return Tensor::scalar(value).astype(DType::bfloat16).data<bfloat16>()[0].bits;
}
uint16_t bf16_bits_from_float(float value) {
  return Tensor::scalar(value).astype(DType::bfloat16).data<bfloat16>()[0].bits;
}
double from_half_bits(uint16_t bits) {
  float16 h;
  h.bits = bits;
  return Tensor::scalar(h).item<double>();
}

template <class E, class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "no exception was thrown";
  return "";
}

// --- Factories --------------------------------------------------------------------------------

TEST(Tensor, FromVectorIsOneDimensionalOrTakesAShape) {
  Tensor t = Tensor::from_vector<float>({1, 2, 3, 4, 5, 6});
  EXPECT_EQ(t.dtype(), DType::float32);
  EXPECT_EQ(t.shape(), Shape({6}));
  EXPECT_EQ(t.rank(), 1);
  EXPECT_EQ(t.size(), 6);
  EXPECT_EQ(t.nbytes(), 24u);
  EXPECT_TRUE(t.is_concrete());
  EXPECT_FALSE(t.is_symbolic());
  EXPECT_TRUE(t.backend().is_host());

  Tensor m = Tensor::from_vector<int64_t>({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  EXPECT_EQ(m.dtype(), DType::int64);
  EXPECT_EQ(m.shape(), Shape({2, 3}));
  EXPECT_EQ(m.to_vector<int64_t>(), (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));

  std::string msg = message_of<ValueError>([] {
    Tensor::from_vector<float>({1, 2, 3}, Shape{2, 2});
  });
  EXPECT_NE(msg.find("(2, 2)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("3 values"), std::string::npos) << msg;
}

TEST(Tensor, FromVectorOfBoolIsStoredAsZeroOrOne) {
  Tensor t = Tensor::from_vector<bool>({true, false, true});
  EXPECT_EQ(t.dtype(), DType::bool_);
  EXPECT_EQ(t.to_vector<uint8_t>(), (std::vector<uint8_t>{1, 0, 1}));
}

TEST(Tensor, FromPointerCopiesTheValues) {
  double values[] = {1.5, -2.5, 3.5, 4.5};
  Tensor t = Tensor::from_pointer(values, Shape{2, 2});
  values[0] = 100;  // the tensor owns a copy
  EXPECT_EQ(t.dtype(), DType::float64);
  EXPECT_EQ(t.to_vector<double>(), (std::vector<double>{1.5, -2.5, 3.5, 4.5}));
}

TEST(Tensor, FromRange) {
  Tensor t = Tensor::from_range(std::views::iota(0, 6), Shape{3, 2});
  EXPECT_EQ(t.dtype(), DType::int32);
  EXPECT_EQ(t.shape(), Shape({3, 2}));
  EXPECT_EQ(t.to_vector<int32_t>(), (std::vector<int32_t>{0, 1, 2, 3, 4, 5}));
  auto squares = std::views::iota(int64_t{1}, int64_t{4}) |
                 std::views::transform([](int64_t i) { return static_cast<double>(i * i); });
  Tensor s = Tensor::from_range(squares);
  EXPECT_EQ(s.dtype(), DType::float64);
  EXPECT_EQ(s.to_vector<double>(), (std::vector<double>{1, 4, 9}));
}

TEST(Tensor, ScalarIsRankZero) {
  Tensor t = Tensor::scalar(2.5f);
  EXPECT_EQ(t.rank(), 0);
  EXPECT_EQ(t.shape(), Shape{});
  EXPECT_EQ(t.size(), 1);
  EXPECT_EQ(t.dtype(), DType::float32);
  EXPECT_EQ(t.item<float>(), 2.5f);
  EXPECT_EQ(Tensor::scalar(int64_t{7}).dtype(), DType::int64);
  EXPECT_EQ(Tensor::scalar(uint8_t{7}).dtype(), DType::uint8);
  EXPECT_EQ(Tensor::scalar(true).dtype(), DType::bool_);
}

TEST(Tensor, FullZerosOnesInEveryDType) {
  for (DType d : kAllDTypes) {
    SCOPED_TRACE(std::string(name(d)));
    Tensor z = Tensor::zeros(Shape{2, 3}, d);
    Tensor o = Tensor::ones(Shape{2, 3}, d);
    Tensor f = Tensor::full(Shape{4}, 2.0, d);
    EXPECT_EQ(z.dtype(), d);
    EXPECT_EQ(z.shape(), Shape({2, 3}));
    EXPECT_EQ(z.to_vector<double>(), std::vector<double>(6, 0.0));
    EXPECT_EQ(o.to_vector<double>(), std::vector<double>(6, 1.0));
    EXPECT_EQ(f.to_vector<double>(), std::vector<double>(4, d == DType::bool_ ? 1.0 : 2.0));
  }
  // Converted like astype: truncation for integers.
  EXPECT_EQ(Tensor::full(Shape{2}, -1.75, DType::int32).to_vector<int32_t>(),
            (std::vector<int32_t>{-1, -1}));
  EXPECT_EQ(Tensor::full(Shape{0, 3}, 1.0, DType::float32).size(), 0);
  EXPECT_THROW(Tensor::zeros(Shape{-1, 3}, DType::float32), ValueError);
  // Sizes that overflow are refused, never allocated wrapped around.
  std::string msg = message_of<ValueError>([] {
    Tensor::zeros(Shape{int64_t{1} << 40, int64_t{1} << 40}, DType::float32);
  });
  EXPECT_NE(msg.find("too many elements"), std::string::npos) << msg;
  msg = message_of<ValueError>([] { Tensor::empty(Shape{int64_t{1} << 62}, DType::float64); });
  EXPECT_NE(msg.find("too many bytes"), std::string::npos) << msg;
}

TEST(Tensor, ToVectorAndItemConvert) {
  Tensor t = Tensor::from_vector<float>({1.5f, -2.5f, 3.0f});
  EXPECT_EQ(t.to_vector<double>(), (std::vector<double>{1.5, -2.5, 3.0}));
  EXPECT_EQ(t.to_vector<int32_t>(), (std::vector<int32_t>{1, -2, 3}));
  EXPECT_EQ(t.to_vector<uint8_t>()[2], 3);
  EXPECT_EQ(Tensor::scalar(int64_t{42}).item<double>(), 42.0);
  EXPECT_EQ(Tensor::from_vector<double>({7.9}).item<int32_t>(), 7);
  std::string msg = message_of<ValueError>([&] { (void)t.item<float>(); });
  EXPECT_NE(msg.find("(3,)"), std::string::npos) << msg;
}

TEST(Tensor, DataChecksTheDType) {
  Tensor t = Tensor::from_vector<float>({1, 2});
  EXPECT_EQ(t.data<float>()[1], 2.0f);
  std::string msg = message_of<TypeError>([&] { (void)t.data<double>(); });
  EXPECT_NE(msg.find("float32"), std::string::npos) << msg;
  EXPECT_NE(msg.find("float64"), std::string::npos) << msg;
  EXPECT_THROW((void)Tensor().raw_data(), ValueError);
}

// --- astype -------------------------------------------------------------------------------------

TEST(TensorAstype, EveryPairOfDTypesRoundTripsSmallIntegers) {
  std::vector<double> values{0, 1, 2, 3, 100};
  Tensor source = Tensor::from_vector(values);
  for (DType from : kAllDTypes) {
    for (DType to : kAllDTypes) {
      SCOPED_TRACE(str(name(from), " -> ", name(to)));
      Tensor a = source.astype(from).astype(to);
      EXPECT_EQ(a.dtype(), to);
      EXPECT_EQ(a.shape(), source.shape());
      std::vector<double> got = a.to_vector<double>();
      for (size_t i = 0; i < values.size(); ++i) {
        double expected =
            (from == DType::bool_ || to == DType::bool_) ? (values[i] != 0) : values[i];
        EXPECT_EQ(got[i], expected) << "element " << i;
      }
    }
  }
}

TEST(TensorAstype, SameDTypeMakesACopy) {
  Tensor a = Tensor::from_vector<float>({1, 2});
  Tensor b = a.astype(DType::float32);
  b.data<float>()[0] = 9;
  EXPECT_EQ(a.data<float>()[0], 1.0f);
}

TEST(TensorAstype, Float16RoundsToNearestEvenLikeNumPy) {
  // Bit patterns as numpy.float16 gives them.
  EXPECT_EQ(half_bits(0.0), 0x0000);
  EXPECT_EQ(half_bits(-0.0), 0x8000);
  EXPECT_EQ(half_bits(1.0), 0x3c00);
  EXPECT_EQ(half_bits(-2.0), 0xc000);
  EXPECT_EQ(half_bits(0.1), 0x2e66);
  EXPECT_EQ(half_bits(65504.0), 0x7bff);   // largest finite
  EXPECT_EQ(half_bits(65519.99), 0x7bff);  // just below the rounding boundary
  EXPECT_EQ(half_bits(65520.0), 0x7c00);   // ties away to infinity
  EXPECT_EQ(half_bits(-65520.0), 0xfc00);
  EXPECT_EQ(half_bits(1e10), 0x7c00);
  EXPECT_EQ(half_bits(std::ldexp(1.0, -14)), 0x0400);     // smallest normal
  EXPECT_EQ(half_bits(std::ldexp(1.0, -24)), 0x0001);     // smallest subnormal
  EXPECT_EQ(half_bits(std::ldexp(1.0, -25)), 0x0000);     // tie -> even (0)
  EXPECT_EQ(half_bits(std::ldexp(3.0, -25)), 0x0002);     // 1.5 ulp: tie -> even (2)
  EXPECT_EQ(half_bits(std::ldexp(5.0, -25)), 0x0002);     // 2.5 ulp: tie -> even (2)
  EXPECT_EQ(half_bits(std::ldexp(1023.0, -24)), 0x03ff);  // largest subnormal
  // Ties between normal numbers: 1 + 2^-11 is halfway between 1 and 1 + 2^-10.
  EXPECT_EQ(half_bits(1.0 + std::ldexp(1.0, -11)), 0x3c00);
  EXPECT_EQ(half_bits(1.0 + std::ldexp(3.0, -11)), 0x3c02);
  // Just above a tie, from float64: must round up (no double rounding through float32).
  EXPECT_EQ(half_bits(1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40)), 0x3c01);
  EXPECT_EQ(half_bits_from_float(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -23)), 0x3c01);
  EXPECT_EQ(half_bits(std::numeric_limits<double>::infinity()), 0x7c00);
  EXPECT_EQ(half_bits(-std::numeric_limits<double>::infinity()), 0xfc00);
  EXPECT_EQ(half_bits_from_float(std::numeric_limits<float>::quiet_NaN()), 0x7e00);
  uint16_t nan_bits = half_bits(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(nan_bits & 0x7c00, 0x7c00);
  EXPECT_NE(nan_bits & 0x03ff, 0);

  // And back to wider types exactly.
  EXPECT_EQ(from_half_bits(0x7bff), 65504.0);
  EXPECT_EQ(from_half_bits(0x0001), std::ldexp(1.0, -24));
  EXPECT_EQ(from_half_bits(0x03ff), std::ldexp(1023.0, -24));
  EXPECT_EQ(from_half_bits(0x3555), 0.333251953125);
  EXPECT_TRUE(std::isinf(from_half_bits(0xfc00)) && from_half_bits(0xfc00) < 0);
  EXPECT_TRUE(std::isnan(from_half_bits(0x7e00)));
  EXPECT_TRUE(std::signbit(from_half_bits(0x8000)));
}

TEST(TensorAstype, BFloat16RoundsToNearestEvenLikeMlDtypes) {
  EXPECT_EQ(bf16_bits(1.0), 0x3f80);
  EXPECT_EQ(bf16_bits(-2.0), 0xc000);
  EXPECT_EQ(bf16_bits(3.140625), 0x4049);
  EXPECT_EQ(bf16_bits(0.1), 0x3dcd);
  EXPECT_EQ(bf16_bits(1.0 + std::ldexp(1.0, -8)), 0x3f80);  // tie -> even
  EXPECT_EQ(bf16_bits(1.0 + std::ldexp(3.0, -8)), 0x3f82);  // tie -> even (up)
  EXPECT_EQ(bf16_bits(1.0 + std::ldexp(1.0, -8) + std::ldexp(1.0, -30)), 0x3f81);
  EXPECT_EQ(bf16_bits_from_float(std::numeric_limits<float>::max()), 0x7f80);  // rounds to inf
  EXPECT_EQ(bf16_bits(3.3895313892515355e38), 0x7f7f);                         // largest finite
  EXPECT_EQ(bf16_bits(std::numeric_limits<double>::infinity()), 0x7f80);
  EXPECT_EQ(bf16_bits(std::numeric_limits<double>::max()), 0x7f80);
  EXPECT_EQ(bf16_bits(-0.0), 0x8000);
  EXPECT_EQ(bf16_bits_from_float(std::bit_cast<float>(0x00010000u)), 0x0001);  // subnormal
  EXPECT_EQ(bf16_bits_from_float(std::numeric_limits<float>::quiet_NaN()), 0x7fc0);
  // A NaN whose payload would round away must stay NaN, not become infinity.
  uint16_t nan_bits = bf16_bits_from_float(std::bit_cast<float>(0x7f800001u));
  EXPECT_EQ(nan_bits & 0x7f80, 0x7f80);
  EXPECT_NE(nan_bits & 0x007f, 0);
  bfloat16 b;
  b.bits = 0x4049;
  EXPECT_EQ(Tensor::scalar(b).item<double>(), 3.140625);
}

TEST(TensorAstype, FloatToIntTruncatesTowardZero) {
  Tensor t = Tensor::from_vector<double>({-2.9, -1.5, -0.5, 0.5, 1.5, 2.9, 100.99});
  EXPECT_EQ(t.astype(DType::int32).to_vector<int32_t>(),
            (std::vector<int32_t>{-2, -1, 0, 0, 1, 2, 100}));
  EXPECT_EQ(t.astype(DType::int64).to_vector<int64_t>(),
            (std::vector<int64_t>{-2, -1, 0, 0, 1, 2, 100}));
  Tensor h = Tensor::from_vector<float>({2.75f, -3.25f}).astype(DType::float16);
  EXPECT_EQ(h.astype(DType::int32).to_vector<int32_t>(), (std::vector<int32_t>{2, -3}));
  EXPECT_EQ(Tensor::from_vector<float>({200.7f}).astype(DType::uint8).to_vector<uint8_t>()[0], 200);
}

TEST(TensorAstype, IntegersWrapAndBoolTestsNonZero) {
  Tensor t = Tensor::from_vector<int32_t>({-1, 256, 257, 0});
  EXPECT_EQ(t.astype(DType::uint8).to_vector<uint8_t>(), (std::vector<uint8_t>{255, 0, 1, 0}));
  EXPECT_EQ(t.astype(DType::bool_).to_vector<uint8_t>(), (std::vector<uint8_t>{1, 1, 1, 0}));
  Tensor f = Tensor::from_vector<float>({0.0f, -0.0f, 0.25f, -3.0f});
  EXPECT_EQ(f.astype(DType::bool_).to_vector<uint8_t>(), (std::vector<uint8_t>{0, 0, 1, 1}));
  Tensor b = Tensor::from_vector<bool>({true, false});
  EXPECT_EQ(b.astype(DType::float32).to_vector<float>(), (std::vector<float>{1.0f, 0.0f}));
  EXPECT_EQ(b.astype(DType::int64).to_vector<int64_t>(), (std::vector<int64_t>{1, 0}));
}

// --- Views ------------------------------------------------------------------------------------

TEST(TensorReshape, SharesStorageAndInfersMinusOne) {
  Tensor t = Tensor::from_range(std::views::iota(0, 12));
  Tensor r = t.reshape(Shape{3, -1});
  EXPECT_EQ(r.shape(), Shape({3, 4}));
  EXPECT_EQ(t.reshape(Shape{-1}).shape(), Shape({12}));
  EXPECT_EQ(t.reshape(Shape{2, -1, 3}).shape(), Shape({2, 2, 3}));
  EXPECT_EQ(t.reshape(Shape{1, 12, 1}).shape(), Shape({1, 12, 1}));
  r.data<int32_t>()[5] = -5;
  EXPECT_EQ(t.data<int32_t>()[5], -5);
  EXPECT_EQ(Tensor::scalar(1.0f).reshape(Shape{1, 1}).shape(), Shape({1, 1}));
  EXPECT_EQ(Tensor::zeros(Shape{0, 3}, DType::float32).reshape(Shape{-1, 3}).shape(),
            Shape({0, 3}));
}

TEST(TensorReshape, Errors) {
  Tensor t = Tensor::from_range(std::views::iota(0, 12));
  std::string msg = message_of<ValueError>([&] { t.reshape(Shape{5, 3}); });
  EXPECT_NE(msg.find("(12,)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(5, 3)"), std::string::npos) << msg;
  EXPECT_THROW(t.reshape(Shape{5, -1}), ValueError);
  msg = message_of<ValueError>([&] { t.reshape(Shape{-1, -1}); });
  EXPECT_NE(msg.find("-1"), std::string::npos) << msg;
  EXPECT_THROW(t.reshape(Shape{-2, -6}), ValueError);
  EXPECT_THROW(Tensor::zeros(Shape{0, 3}, DType::float32).reshape(Shape{0, -1}), ValueError);
  EXPECT_THROW(Tensor().reshape(Shape{1}), ValueError);
}

TEST(TensorSlice, NegativeIndicesAndSharedStorage) {
  Tensor t = Tensor::from_range(std::views::iota(0, 10), Shape{5, 2});
  Tensor s = t.slice(1, 3);
  EXPECT_EQ(s.shape(), Shape({2, 2}));
  EXPECT_EQ(s.to_vector<int32_t>(), (std::vector<int32_t>{2, 3, 4, 5}));
  EXPECT_EQ(t.slice(-2, 5).to_vector<int32_t>(), (std::vector<int32_t>{6, 7, 8, 9}));
  EXPECT_EQ(t.slice(0, -4).to_vector<int32_t>(), (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(t.slice(-100, 100).shape(), Shape({5, 2}));  // clamped like Python
  EXPECT_EQ(t.slice(3, 1).shape(), Shape({0, 2}));       // empty, like Python's t[3:1]
  EXPECT_EQ(t.slice(5, 7).shape(), Shape({0, 2}));

  s.data<int32_t>()[0] = 42;  // a view: writes show through
  EXPECT_EQ(t.data<int32_t>()[2], 42);
  EXPECT_EQ(s.buffer(), t.buffer());
  EXPECT_EQ(s.byte_offset(), 2 * sizeof(int32_t));
  // A slice of a slice accumulates the offset.
  EXPECT_EQ(t.slice(1, 5).slice(1, 2).to_vector<int32_t>(), (std::vector<int32_t>{4, 5}));

  std::string msg = message_of<ValueError>([] { Tensor::scalar(1.0f).slice(0, 1); });
  EXPECT_NE(msg.find("scalar"), std::string::npos) << msg;
}

TEST(TensorIndex, DropsTheFirstAxis) {
  Tensor t = Tensor::from_range(std::views::iota(0, 6), Shape{3, 2});
  EXPECT_EQ(t[1].shape(), Shape({2}));
  EXPECT_EQ(t[1].to_vector<int32_t>(), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(t[-1].to_vector<int32_t>(), (std::vector<int32_t>{4, 5}));
  EXPECT_EQ(t[2][0].shape(), Shape{});
  EXPECT_EQ(t[2][0].item<int32_t>(), 4);
  t[0].data<int32_t>()[1] = 7;
  EXPECT_EQ(t.data<int32_t>()[1], 7);
  std::string msg = message_of<ValueError>([&] { (void)t[3]; });
  EXPECT_NE(msg.find("index 3 is out of bounds for axis 0 with size 3"), std::string::npos) << msg;
  EXPECT_THROW((void)t[-4], ValueError);
  EXPECT_THROW((void)Tensor::scalar(1)[0], ValueError);
}

// --- Printing ---------------------------------------------------------------------------------

TEST(TensorToString, NestedAndAbridged) {
  EXPECT_EQ(Tensor::from_vector<float>({1, 2, 3, 4, 5, 6}, Shape{2, 3}).to_string(),
            "<Tensor float32 (2, 3) [[1, 2, 3], [4, 5, 6]]>");
  EXPECT_EQ(Tensor::scalar(2.5).to_string(), "<Tensor float64 () 2.5>");
  EXPECT_EQ(Tensor::from_vector<bool>({true, false}).to_string(),
            "<Tensor bool (2,) [True, False]>");
  EXPECT_EQ(Tensor::from_vector<int64_t>({INT64_MAX}).to_string(),
            "<Tensor int64 (1,) [9223372036854775807]>");
  EXPECT_EQ(Tensor::zeros(Shape{0, 3}, DType::float32).to_string(), "<Tensor float32 (0, 3) []>");
  EXPECT_EQ(Tensor::from_range(std::views::iota(0, 10)).to_string(),
            "<Tensor int32 (10,) [0, 1, 2, ..., 7, 8, 9]>");
  EXPECT_EQ(Tensor().to_string(), "<Tensor (empty)>");
  std::ostringstream out;
  out << Tensor::from_vector<uint8_t>({7});
  EXPECT_EQ(out.str(), "<Tensor uint8 (1,) [7]>");
}

// --- Copies -----------------------------------------------------------------------------------

TEST(TensorCopy, CopyIsDeepAndCopyFromChecksMeta) {
  Tensor a = Tensor::from_vector<float>({1, 2, 3});
  Tensor shared = a;  // copies of a Tensor share storage
  Tensor deep = a.copy();
  a.data<float>()[0] = 10;
  EXPECT_EQ(shared.data<float>()[0], 10.0f);
  EXPECT_EQ(deep.data<float>()[0], 1.0f);
  EXPECT_NE(deep.buffer(), a.buffer());

  Tensor target = Tensor::zeros(Shape{3}, DType::float32);
  target.copy_from(a);
  EXPECT_EQ(target.to_vector<float>(), (std::vector<float>{10, 2, 3}));
  std::string msg =
      message_of<ValueError>([&] { target.copy_from(Tensor::zeros(Shape{4}, DType::float32)); });
  EXPECT_NE(msg.find("float32(3,)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("float32(4,)"), std::string::npos) << msg;
  EXPECT_THROW(target.copy_from(Tensor::zeros(Shape{3}, DType::float64)), ValueError);

  // copy_from into a slice writes through to the parent.
  Tensor m = Tensor::zeros(Shape{3, 2}, DType::int32);
  m.slice(1, 2).copy_from(Tensor::from_vector<int32_t>({5, 6}, Shape{1, 2}));
  EXPECT_EQ(m.to_vector<int32_t>(), (std::vector<int32_t>{0, 0, 5, 6, 0, 0}));
  EXPECT_EQ(a.to(backend::host()).buffer(), a.buffer());  // already there: shared
}

// --- Variable -----------------------------------------------------------------------------------

TEST(Variable, OwnsACopyAndAssignsInPlace) {
  Tensor init = Tensor::from_vector<float>({1, 2, 3, 4}, Shape{2, 2});
  Variable v(init, "kernel", true, &backend::host());
  EXPECT_EQ(v.name(), "kernel");
  EXPECT_TRUE(v.trainable());
  EXPECT_EQ(v.dtype(), DType::float32);
  EXPECT_EQ(v.shape(), Shape({2, 2}));
  init.data<float>()[0] = 100;  // the variable took a private copy
  EXPECT_EQ(v.value().to_vector<float>()[0], 1.0f);

  Tensor before = v.value();
  EXPECT_EQ(before.variable(), v.state_ptr());
  v.assign(Tensor::from_vector<double>({5, 6, 7, 8}, Shape{2, 2}));        // cast to float32
  EXPECT_EQ(before.to_vector<float>(), (std::vector<float>{5, 6, 7, 8}));  // same storage
  EXPECT_EQ(v.dtype(), DType::float32);

  std::string msg =
      message_of<ValueError>([&] { v.assign(Tensor::zeros(Shape{4}, DType::float32)); });
  EXPECT_NE(msg.find("'kernel'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(2, 2)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(4,)"), std::string::npos) << msg;

  v.set_trainable(false);
  EXPECT_FALSE(v.trainable());
  Tensor as_tensor = v;  // implicit conversion
  EXPECT_EQ(as_tensor.buffer(), before.buffer());
  Variable copy = v;
  EXPECT_TRUE(copy == v);
  EXPECT_THROW((void)Variable().name(), ValueError);
}

// --- Memory accounting ------------------------------------------------------------------------

TEST(TensorMemory, AllocationCountersFollowTensors) {
  backend::Backend& host = backend::host();
  backend::AllocationStats start = host.allocation_stats();
  {
    Tensor t = Tensor::zeros(Shape{256, 256}, DType::float32);
    backend::AllocationStats during = host.allocation_stats();
    EXPECT_EQ(during.allocations, start.allocations + 1);
    EXPECT_EQ(during.bytes_in_use, start.bytes_in_use + 256 * 256 * 4);
    EXPECT_GE(during.peak_bytes, during.bytes_in_use);
    Tensor view = t.slice(0, 10).reshape(Shape{-1});  // views allocate nothing
    EXPECT_EQ(host.allocation_stats().allocations, during.allocations);
  }
  backend::AllocationStats end = host.allocation_stats();
  EXPECT_EQ(end.deallocations, start.deallocations + 1);
  EXPECT_EQ(end.bytes_in_use, start.bytes_in_use);
}

}  // namespace
}  // namespace keras
