// keras::initializers against Keras 3's definitions (keras/src/initializers/): shapes and dtypes,
// bounds and moments of large draws against the formulas for limit and stddev, truncation at two
// standard deviations, orthogonality, seeds, configs as Keras writes them, and names.
//
// Statistical tolerances: a draw of n = 60000 values; the sample mean is checked within 5
// standard errors (σ/√n), the sample standard deviation within 2 % (its relative standard error
// is about 0.3 % for these distributions, so 2 % is beyond 6 standard errors).
#include "keras/initializers/initializers.h"
#include "keras/core/json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/config/config.h"
#include "keras/core/random.h"
#include "keras/ops/random.h"
#include "tests/support/keras3_args.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace keras {
namespace {

using namespace keras::initializers;
using json = Json;

constexpr double kTruncatedStddev = 0.87962566103423978;
const Shape kBig{200, 300};  // fan_in 200, fan_out 300, fan_avg 250

struct Stats {
  double mean = 0, stddev = 0, min = INFINITY, max = -INFINITY;
  int64_t n = 0;
};
Stats stats_of(const Tensor& t) {
  std::vector<double> v = t.to(backend::host()).to_vector<double>();
  Stats s;
  s.n = static_cast<int64_t>(v.size());
  for (double x : v) {
    s.mean += x;
    s.min = std::min(s.min, x);
    s.max = std::max(s.max, x);
  }
  s.mean /= static_cast<double>(v.size());
  double var = 0;
  for (double x : v) var += (x - s.mean) * (x - s.mean);
  s.stddev = std::sqrt(var / static_cast<double>(v.size() - 1));
  return s;
}

std::vector<double> values_of(const Tensor& t) {
  return t.to(backend::host()).to_vector<double>();
}

// Mean within 5 standard errors of `mean`, sample stddev within 2 % of `stddev`.
void expect_moments(const Stats& s, double mean, double stddev, const std::string& what) {
  double se = stddev / std::sqrt(static_cast<double>(s.n));
  EXPECT_NEAR(s.mean, mean, 5 * se) << what;
  EXPECT_NEAR(s.stddev, stddev, 0.02 * stddev) << what;
}

// U[-limit, limit): inside, reaching close to both ends, with the uniform moments.
void expect_uniform(const Tensor& t, double minval, double maxval, const std::string& what) {
  Stats s = stats_of(t);
  EXPECT_GE(s.min, minval) << what;
  EXPECT_LT(s.max, maxval) << what;
  double width = maxval - minval;
  EXPECT_LT(s.min, minval + 0.001 * width) << what;
  EXPECT_GT(s.max, maxval - 0.001 * width) << what;
  expect_moments(s, (minval + maxval) / 2, width / std::sqrt(12.0), what);
}

// Truncated normal: within mean ± 2·stddev, reaching near the bounds, post-truncation stddev.
void expect_truncated(const Tensor& t, double mean, double stddev, const std::string& what) {
  Stats s = stats_of(t);
  EXPECT_GE(s.min, mean - 2 * stddev * (1 + 1e-6)) << what;
  EXPECT_LE(s.max, mean + 2 * stddev * (1 + 1e-6)) << what;
  EXPECT_LT(s.min, mean - 1.95 * stddev) << what;
  EXPECT_GT(s.max, mean + 1.95 * stddev) << what;
  expect_moments(s, mean, stddev * kTruncatedStddev, what);
}

bool same_values(const Tensor& a, const Tensor& b) {
  return values_of(a) == values_of(b);
}

// ----- Constant initializers ------------------------------------------------------------------

TEST(Initializers, ZerosOnesConstantFillAnyDtype) {
  Tensor z = Zeros()(Shape{2, 3});
  EXPECT_EQ(z.shape(), (Shape{2, 3}));
  EXPECT_EQ(z.dtype(), config::floatx_dtype());
  EXPECT_EQ(values_of(z), std::vector<double>(6, 0.0));
  Tensor o = Ones()(Shape{4}, DType::int32);
  EXPECT_EQ(o.dtype(), DType::int32);
  EXPECT_EQ(values_of(o), std::vector<double>(4, 1.0));
  Tensor c = Constant(2.5)(Shape{3, 1, 2}, DType::float64);
  EXPECT_EQ(c.dtype(), DType::float64);
  EXPECT_EQ(c.shape(), (Shape{3, 1, 2}));
  EXPECT_EQ(values_of(c), std::vector<double>(6, 2.5));
  EXPECT_EQ(values_of(Constant()(Shape{}, DType::float32)), std::vector<double>{0.0});
  EXPECT_THROW(Zeros()(Shape{-1, 3}), ValueError);
}

TEST(Initializers, IdentityIsGainTimesEye) {
  Tensor square = Identity()(Shape{3, 3});
  EXPECT_EQ(values_of(square), (std::vector<double>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
  Tensor wide = Identity({.gain = 2.0})(Shape{2, 3}, DType::float64);
  EXPECT_EQ(wide.dtype(), DType::float64);
  EXPECT_EQ(values_of(wide), (std::vector<double>{2, 0, 0, 0, 2, 0}));
  Tensor tall = Identity({.gain = 0.5})(Shape{3, 2});
  EXPECT_EQ(values_of(tall), (std::vector<double>{0.5, 0, 0, 0.5, 0, 0}));
  try {
    Identity()(Shape{2, 2, 2});
    FAIL() << "rank 3 accepted";
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(),
                 "Identity matrix initializer can only be used for 2D matrices. Received: "
                 "shape=(2, 2, 2) of rank 3.");
  }
}

TEST(Initializers, StftIsTheWindowedFourierKernel) {
  // Shape (frame_length, 1, fft_length // 2 + 1) with fft_length 8; symmetric Hann window.
  const int64_t frames = 5, bins = 5;
  const double n_fft = 8;
  std::vector<double> win(frames);
  for (int64_t t = 0; t < frames; ++t)
    win[t] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(t) / (frames - 1));
  double density = 0;
  for (double w : win) density += w * w;
  density = std::sqrt(density);
  Tensor real = STFT()(Shape{frames, 1, bins}, DType::float64);
  Tensor imag =
      STFT({.side = "imag", .scaling = "spectrum"})(Shape{frames, 1, bins}, DType::float64);
  Tensor plain =
      STFT({.window = nullptr, .scaling = std::nullopt})(Shape{frames, 1, bins}, DType::float64);
  double spectrum = 0;
  for (double w : win) spectrum += w;
  std::vector<double> r = values_of(real), i = values_of(imag), p = values_of(plain);
  for (int64_t t = 0; t < frames; ++t)
    for (int64_t f = 0; f < bins; ++f) {
      double arg = -2 * std::numbers::pi * static_cast<double>(t * f) / n_fft;
      EXPECT_NEAR(r[t * bins + f], std::cos(arg) * win[t] / density, 1e-12);
      EXPECT_NEAR(i[t * bins + f], std::sin(arg) * win[t] / spectrum, 1e-12);
      EXPECT_NEAR(p[t * bins + f], std::cos(arg), 1e-12);
    }
  // A periodic Hann window of 4 is the symmetric one of 5 without its last point.
  Tensor periodic =
      STFT({.scaling = std::nullopt, .periodic = true})(Shape{4, 1, 3}, DType::float64);
  std::vector<double> pv = values_of(periodic);
  EXPECT_NEAR(pv[0 * 3], 0.0, 1e-12);
  EXPECT_NEAR(pv[1 * 3], 0.5, 1e-12);
  EXPECT_NEAR(pv[2 * 3], 1.0, 1e-12);
  EXPECT_NEAR(pv[3 * 3], 0.5, 1e-12);
  EXPECT_THROW(STFT({.side = "complex"}), ValueError);
  EXPECT_THROW(STFT({.window = "kaiser_bessel_mystery"}), ValueError);
  EXPECT_THROW(STFT({.scaling = "energy"}), ValueError);
  EXPECT_THROW(STFT({.window = std::vector<double>{1.0, 2.0}})(Shape{3, 1, 2}), ValueError);
  EXPECT_EQ(STFT().get_config(),
            json::parse(R"({"side": "real", "window": "hann", "periodic": false,
                            "scaling": "density"})"));
}

// For several input channels every channel gets the one-channel kernel. (Keras 3.15 returns a
// one-channel tensor whatever the channels asked for, so its golden cases have one channel:
// tests/golden/keras3/make_initializers.py.)
TEST(Initializers, StftRepeatsTheKernelOverChannels) {
  for (DType dtype : {DType::float32, DType::float64}) {
    STFT stft({.side = "imag", .window = "hamming", .periodic = true});
    std::vector<double> one = values_of(stft(Shape{6, 1, 4}, dtype));
    Tensor three = stft(Shape{6, 3, 4}, dtype);
    ASSERT_EQ(three.shape(), (Shape{6, 3, 4}));
    std::vector<double> v = values_of(three);
    for (int64_t t = 0; t < 6; ++t)
      for (int64_t c = 0; c < 3; ++c)
        for (int64_t f = 0; f < 4; ++f)
          EXPECT_EQ(v[(t * 3 + c) * 4 + f], one[t * 4 + f]) << t << " " << c << " " << f;
  }
}

// ----- Random initializers: moments and bounds -------------------------------------------------

TEST(Initializers, RandomUniformNormalTruncatedMoments) {
  Tensor u = RandomUniform({.minval = -0.5, .maxval = 1.5, .seed = 1})(kBig);
  EXPECT_EQ(u.shape(), kBig);
  EXPECT_EQ(u.dtype(), config::floatx_dtype());
  expect_uniform(u, -0.5, 1.5, "RandomUniform(-0.5, 1.5)");
  expect_uniform(RandomUniform({.seed = 2})(kBig, DType::float64), -0.05, 0.05,
                 "RandomUniform defaults, float64");

  Tensor n = RandomNormal({.mean = 1.0, .stddev = 2.0, .seed = 3})(kBig);
  expect_moments(stats_of(n), 1.0, 2.0, "RandomNormal(1, 2)");
  Stats n_default = stats_of(RandomNormal({.seed = 4})(kBig, DType::float64));
  expect_moments(n_default, 0.0, 0.05, "RandomNormal defaults");
  EXPECT_GT(n_default.max, 3.5 * 0.05) << "an untruncated normal goes beyond 2 stddev";

  expect_truncated(TruncatedNormal({.mean = 0.5, .stddev = 3.0, .seed = 5})(kBig), 0.5, 3.0,
                   "TruncatedNormal(0.5, 3)");
  expect_truncated(TruncatedNormal({.seed = 6})(kBig, DType::float64), 0.0, 0.05,
                   "TruncatedNormal defaults");
}

TEST(Initializers, DefaultArgumentsAreKeras) {
  RandomNormal n;
  EXPECT_EQ(n.mean(), 0.0);
  EXPECT_EQ(n.stddev(), 0.05);
  RandomUniform u;
  EXPECT_EQ(u.minval(), -0.05);
  EXPECT_EQ(u.maxval(), 0.05);
  TruncatedNormal t;
  EXPECT_EQ(t.stddev(), 0.05);
  VarianceScaling v;
  EXPECT_EQ(v.scale(), 1.0);
  EXPECT_EQ(v.mode(), "fan_in");
  EXPECT_EQ(v.distribution(), "truncated_normal");
  EXPECT_EQ(Orthogonal().gain(), 1.0);
  EXPECT_EQ(Identity().gain(), 1.0);
  EXPECT_EQ(Constant().value(), 0.0);
}

TEST(Initializers, ComputeFansAsKeras) {
  EXPECT_EQ(compute_fans(Shape{}), std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(compute_fans(Shape{7}), std::make_pair(int64_t{7}, int64_t{7}));
  EXPECT_EQ(compute_fans(Shape{200, 300}), std::make_pair(int64_t{200}, int64_t{300}));
  // Conv kernels (kh, kw, in, out): receptive field 3·3.
  EXPECT_EQ(compute_fans(Shape{3, 3, 16, 32}), std::make_pair(int64_t{144}, int64_t{288}));
  EXPECT_EQ(compute_fans(Shape{5, 4, 6}), std::make_pair(int64_t{20}, int64_t{30}));
  // EinsumDense-style explicit axes (negative axes count from the end).
  EXPECT_EQ(compute_fans(Shape{4, 5, 6}, std::vector<int>{0, 1}, std::vector<int>{-1}),
            std::make_pair(int64_t{20}, int64_t{6}));
}

TEST(Initializers, VarianceScalingModesAndDistributions) {
  const double fan_in = 200, fan_out = 300, fan_avg = 250;
  for (const auto& [mode, n] : std::vector<std::pair<std::string, double>>{
           {"fan_in", fan_in}, {"fan_out", fan_out}, {"fan_avg", fan_avg}}) {
    const double scale = 1.7, s = scale / n;
    double limit = std::sqrt(3 * s);
    expect_uniform(VarianceScaling(
                       {.scale = scale, .mode = mode, .distribution = "uniform", .seed = 11})(kBig),
                   -limit, limit, "uniform " + mode);
    expect_truncated(
        VarianceScaling(
            {.scale = scale, .mode = mode, .distribution = "truncated_normal", .seed = 12})(kBig),
        0.0, std::sqrt(s) / kTruncatedStddev, "truncated_normal " + mode);
    expect_moments(
        stats_of(VarianceScaling(
            {.scale = scale, .mode = mode, .distribution = "untruncated_normal", .seed = 13})(
            kBig)),
        0.0, std::sqrt(s), "untruncated_normal " + mode);
  }
  // The post-truncation stddev is sqrt(scale / n): the 0.8796 correction undoes the truncation.
  expect_moments(stats_of(VarianceScaling({.scale = 2.0, .seed = 14})(kBig)), 0.0,
                 std::sqrt(2.0 / fan_in), "truncated variance");
  // Conv kernel: fan_in = 3·3·16.
  double conv_limit = std::sqrt(3.0 / 144);
  Stats conv =
      stats_of(VarianceScaling({.distribution = "uniform", .seed = 15})(Shape{3, 3, 16, 32}));
  EXPECT_GE(conv.min, -conv_limit);
  EXPECT_LT(conv.max, conv_limit);
  EXPECT_GT(conv.max, 0.99 * conv_limit);
  // Fans below 1 are floored at 1 (a zero-size axis).
  Stats tiny = stats_of(VarianceScaling({.distribution = "uniform", .seed = 16})(Shape{0, 4}));
  EXPECT_EQ(tiny.n, 0);
  // "normal" means the truncated normal; the distribution is lower-cased.
  EXPECT_EQ(VarianceScaling({.distribution = "normal"}).distribution(), "truncated_normal");
  EXPECT_EQ(VarianceScaling({.distribution = "UNIFORM"}).distribution(), "uniform");
}

TEST(Initializers, VarianceScalingRejectsBadArguments) {
  try {
    VarianceScaling({.scale = 0.0});
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(), "Argument `scale` must be positive float. Received: scale=0");
  }
  try {
    VarianceScaling({.mode = "fan_sum"});
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("Invalid `mode` argument: fan_sum"), std::string::npos);
  }
  try {
    VarianceScaling({.distribution = "cauchy"});
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("Invalid `distribution` argument: cauchy"),
              std::string::npos);
  }
}

TEST(Initializers, GlorotHeLecunPresets) {
  const double fan_in = 200, fan_out = 300;
  double glorot = std::sqrt(6.0 / (fan_in + fan_out));
  double he = std::sqrt(6.0 / fan_in);
  double lecun = std::sqrt(3.0 / fan_in);
  expect_uniform(GlorotUniform({.seed = 21})(kBig), -glorot, glorot, "GlorotUniform");
  expect_uniform(HeUniform({.seed = 22})(kBig), -he, he, "HeUniform");
  expect_uniform(LecunUniform({.seed = 23})(kBig), -lecun, lecun, "LecunUniform");
  expect_truncated(GlorotNormal({.seed = 24})(kBig), 0.0,
                   std::sqrt(2.0 / (fan_in + fan_out)) / kTruncatedStddev, "GlorotNormal");
  expect_truncated(HeNormal({.seed = 25})(kBig), 0.0, std::sqrt(2.0 / fan_in) / kTruncatedStddev,
                   "HeNormal");
  expect_truncated(LecunNormal({.seed = 26})(kBig), 0.0, std::sqrt(1.0 / fan_in) / kTruncatedStddev,
                   "LecunNormal");

  GlorotUniform g;
  EXPECT_EQ(g.scale(), 1.0);
  EXPECT_EQ(g.mode(), "fan_avg");
  EXPECT_EQ(g.distribution(), "uniform");
  HeNormal h;
  EXPECT_EQ(h.scale(), 2.0);
  EXPECT_EQ(h.mode(), "fan_in");
  EXPECT_EQ(h.distribution(), "truncated_normal");
  LecunNormal l;
  EXPECT_EQ(l.scale(), 1.0);
  EXPECT_EQ(l.mode(), "fan_in");
  EXPECT_EQ(l.distribution(), "truncated_normal");
  // Each preset is the VarianceScaling it names, draw for draw.
  EXPECT_TRUE(same_values(
      GlorotUniform({.seed = 7})(kBig),
      VarianceScaling({.scale = 1, .mode = "fan_avg", .distribution = "uniform", .seed = 7})(
          kBig)));
  EXPECT_TRUE(same_values(
      HeNormal({.seed = 7})(kBig),
      VarianceScaling({.scale = 2, .mode = "fan_in", .distribution = "normal", .seed = 7})(kBig)));
  EXPECT_TRUE(same_values(
      LecunUniform({.seed = 7})(kBig),
      VarianceScaling({.scale = 1, .mode = "fan_in", .distribution = "uniform", .seed = 7})(kBig)));
}

// ----- Orthogonal -----------------------------------------------------------------------------

// max |A^T A - g²I| over the columns of the row-major (rows, cols) matrix `v` (rows >= cols), or
// over its rows (A A^T) when rows < cols.
double orthogonality_error(const std::vector<double>& v, int64_t rows, int64_t cols, double g) {
  double worst = 0;
  bool by_columns = rows >= cols;
  int64_t k = by_columns ? cols : rows, len = by_columns ? rows : cols;
  auto at = [&](int64_t vec, int64_t i) {
    return by_columns ? v[i * cols + vec] : v[vec * cols + i];
  };
  for (int64_t a = 0; a < k; ++a)
    for (int64_t b = 0; b < k; ++b) {
      double dot = 0;
      for (int64_t i = 0; i < len; ++i) dot += at(a, i) * at(b, i);
      worst = std::max(worst, std::abs(dot - (a == b ? g * g : 0.0)));
    }
  return worst;
}

TEST(Initializers, OrthogonalIsOrthogonalForEveryShape) {
  struct Case {
    Shape shape;
    int64_t rows, cols;
  };
  for (const Case& c : std::vector<Case>{{Shape{64, 64}, 64, 64},
                                         {Shape{100, 30}, 100, 30},
                                         {Shape{30, 100}, 30, 100},
                                         {Shape{3, 3, 8, 16}, 72, 16},
                                         {Shape{2, 3, 40}, 6, 40}}) {
    for (double gain : {1.0, 2.0}) {
      Tensor q64 = Orthogonal({.gain = gain, .seed = 3})(c.shape, DType::float64);
      EXPECT_EQ(q64.shape(), c.shape);
      EXPECT_LT(orthogonality_error(values_of(q64), c.rows, c.cols, gain), 1e-12)
          << c.shape << " gain " << gain;
      Tensor q32 = Orthogonal({.gain = gain, .seed = 3})(c.shape);
      EXPECT_EQ(q32.dtype(), config::floatx_dtype());
      EXPECT_LT(orthogonality_error(values_of(q32), c.rows, c.cols, gain), 2e-5)
          << c.shape << " gain " << gain << " float32";
    }
  }
  try {
    Orthogonal()(Shape{5});
    FAIL() << "rank 1 accepted";
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(),
                 "The tensor to initialize must be at least two-dimensional. Received: "
                 "shape=(5,) of rank 1.");
  }
}

// Keras's definition: the Q of the N(0, 1) draw of shape (max, min) with R's diagonal made
// positive. Gram-Schmidt gives exactly that Q, so it is an independent reference. 70 columns
// span three of the factorization's 32-column panels.
TEST(Initializers, OrthogonalIsTheQOfTheSeededDraw) {
  for (auto [rows, cols] :
       std::vector<std::pair<int64_t, int64_t>>{{12, 5}, {5, 12}, {8, 8}, {100, 70}, {70, 100}}) {
    const int64_t m = std::max(rows, cols), n = std::min(rows, cols);
    std::vector<double> a =
        values_of(random::normal(Shape{m, n}, {.dtype = DType::float64, .seed = 17}));
    std::vector<double> q(m * n);  // column j of Q at q[i * n + j]
    for (int64_t j = 0; j < n; ++j) {
      std::vector<double> col(m);
      for (int64_t i = 0; i < m; ++i) col[i] = a[i * n + j];
      for (int pass = 0; pass < 2; ++pass)  // re-orthogonalized once for accuracy
        for (int64_t p = 0; p < j; ++p) {
          double dot = 0;
          for (int64_t i = 0; i < m; ++i) dot += q[i * n + p] * col[i];
          for (int64_t i = 0; i < m; ++i) col[i] -= dot * q[i * n + p];
        }
      double norm = 0;
      for (double x : col) norm += x * x;
      norm = std::sqrt(norm);
      for (int64_t i = 0; i < m; ++i) q[i * n + j] = col[i] / norm;
    }
    std::vector<double> got =
        values_of(Orthogonal({.gain = 1.5, .seed = 17})(Shape{rows, cols}, DType::float64));
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) {
        double want = 1.5 * (rows >= cols ? q[r * n + c] : q[c * n + r]);
        EXPECT_NEAR(got[r * cols + c], want, 1e-12)
            << rows << "x" << cols << " at " << r << "," << c;
      }
  }
}

// ----- Seeds and dtypes -----------------------------------------------------------------------

TEST(Initializers, IntegerSeedsRepeatAndMatchKerasRandom) {
  Shape shape{50, 40};
  RandomNormal a({.stddev = 1.0, .seed = 42});
  Tensor first = a(shape), second = a(shape);
  EXPECT_TRUE(same_values(first, second)) << "an int-seeded initializer repeats (Keras 3)";
  EXPECT_TRUE(same_values(first, RandomNormal({.stddev = 1.0, .seed = 42})(shape)));
  EXPECT_FALSE(same_values(first, RandomNormal({.stddev = 1.0, .seed = 43})(shape)));
  // The draw is keras::random's Philox stream with that seed, so every backend repeats it.
  EXPECT_TRUE(same_values(first, random::normal(shape, {.seed = 42})));
  EXPECT_TRUE(same_values(
      RandomUniform({.minval = -1, .maxval = 2, .seed = 9})(shape, DType::float64),
      random::uniform(shape, {.minval = -1, .maxval = 2, .dtype = DType::float64, .seed = 9})));
  EXPECT_TRUE(same_values(TruncatedNormal({.stddev = 3, .seed = 8})(shape),
                          random::truncated_normal(shape, {.stddev = 3, .seed = 8})));
  for (const char* name : {"glorot_uniform", "he_normal", "orthogonal", "lecun_uniform"}) {
    auto x = deserialize(json{{"class_name", name}, {"config", {{"seed", 5}}}});
    auto y = deserialize(json{{"class_name", name}, {"config", {{"seed", 5}}}});
    EXPECT_TRUE(same_values((*x)(shape), (*y)(shape))) << name;
  }
}

TEST(Initializers, UnseededDrawsItsSeedOnceFromTheGlobalGenerator) {
  Shape shape{30, 20};
  RandomUniform u;
  Tensor first = u(shape);
  EXPECT_TRUE(same_values(first, u(shape))) << "Keras: an unseeded initializer repeats too";
  EXPECT_FALSE(same_values(first, RandomUniform()(shape))) << "a new instance draws a new seed";
  EXPECT_TRUE(u.get_config().at("seed").is_null());
  random::set_global_seed(1234);
  Tensor seeded_a = GlorotUniform()(shape);
  random::set_global_seed(1234);
  Tensor seeded_b = GlorotUniform()(shape);
  EXPECT_TRUE(same_values(seeded_a, seeded_b)) << "set_global_seed makes default seeds repeat";
}

TEST(Initializers, SeedGeneratorAdvancesEveryCall) {
  Shape shape{30, 20};
  random::SeedGenerator gen(77);
  RandomNormal n({.stddev = 1.0, .seed = gen});
  Tensor first = n(shape), second = n(shape);
  EXPECT_FALSE(same_values(first, second));
  random::SeedGenerator twin(77);
  EXPECT_TRUE(same_values(first, random::normal(shape, {.seed = twin})));
  EXPECT_TRUE(same_values(second, random::normal(shape, {.seed = twin})));
  json config = n.get_config();
  EXPECT_EQ(config.at("seed"),
            json::parse(R"({"module": "keras.random", "class_name": "SeedGenerator",
                            "config": {"seed": 77, "name": "seed_generator"},
                            "registered_name": null})"));
  // Rebuilt from its config, it starts the stream over.
  auto rebuilt = RandomNormal::from_config(config);
  EXPECT_TRUE(same_values((*rebuilt)(shape), first));
}

TEST(Initializers, DtypesOfRandomInitializers) {
  Tensor f64 = HeUniform({.seed = 1})(Shape{4, 5}, DType::float64);
  EXPECT_EQ(f64.dtype(), DType::float64);
  Tensor f16 = GlorotNormal({.seed = 1})(Shape{4, 5}, DType::float16);
  EXPECT_EQ(f16.dtype(), DType::float16);
  Tensor bf16 = Orthogonal({.seed = 1})(Shape{4, 5}, DType::bfloat16);
  EXPECT_EQ(bf16.dtype(), DType::bfloat16);
  EXPECT_LT(orthogonality_error(values_of(bf16), 4, 5, 1.0), 0.05);
  EXPECT_THROW(RandomNormal()(Shape{2, 2}, DType::int32), TypeError);
  EXPECT_THROW(GlorotUniform()(Shape{-1, 2}), ValueError);
  config::set_floatx("float64");
  EXPECT_EQ(RandomUniform({.minval = -1, .maxval = 1, .seed = 2})(Shape{3}).dtype(),
            DType::float64);
  EXPECT_EQ(Zeros()(Shape{3}).dtype(), DType::float64);
  config::set_floatx("float32");
}

// ----- Configs --------------------------------------------------------------------------------

TEST(Initializers, ConfigsUseKerasKeys) {
  EXPECT_EQ(Zeros().get_config(), json::object());
  EXPECT_EQ(Ones().get_config(), json::object());
  EXPECT_EQ(Constant(3.0).get_config(), json::parse(R"({"value": 3.0})"));
  EXPECT_EQ(Identity({.gain = 2.0}).get_config(), json::parse(R"({"gain": 2.0})"));
  EXPECT_EQ(RandomNormal({.mean = 0.5, .stddev = 2.0, .seed = 7}).get_config(),
            json::parse(R"({"seed": 7, "mean": 0.5, "stddev": 2.0})"));
  EXPECT_EQ(RandomUniform().get_config(),
            json::parse(R"({"seed": null, "minval": -0.05, "maxval": 0.05})"));
  EXPECT_EQ(TruncatedNormal().get_config(),
            json::parse(R"({"seed": null, "mean": 0.0, "stddev": 0.05})"));
  EXPECT_EQ(VarianceScaling({.scale = 2.0, .mode = "fan_out", .distribution = "uniform", .seed = 3})
                .get_config(),
            json::parse(R"({"seed": 3, "scale": 2.0, "mode": "fan_out", "distribution": "uniform",
                            "input_axes": null, "output_axes": null})"));
  EXPECT_EQ(GlorotUniform().get_config(),
            json::parse(R"({"seed": null, "input_axes": null, "output_axes": null})"));
  EXPECT_EQ(
      HeNormal(
          {.seed = 5, .input_axes = std::vector<int>{0}, .output_axes = std::vector<int>{1, 2}})
          .get_config(),
      json::parse(R"({"seed": 5, "input_axes": [0], "output_axes": [1, 2]})"));
  EXPECT_EQ(Orthogonal({.gain = 1.5, .seed = 2}).get_config(),
            json::parse(R"({"seed": 2, "gain": 1.5})"));
  EXPECT_EQ(serialize(GlorotUniform()),
            json::parse(R"({"module": "keras.initializers", "class_name": "GlorotUniform",
                            "config": {"seed": null, "input_axes": null, "output_axes": null},
                            "registered_name": null})"));
  EXPECT_EQ(serialize(Orthogonal()).at("class_name"), "Orthogonal");
  EXPECT_EQ(serialize(Identity()).at("class_name"), "Identity");
}

TEST(Initializers, ConfigRoundTripsThroughJsonText) {
  std::vector<std::shared_ptr<Initializer>> all = {
      std::make_shared<Zeros>(),
      std::make_shared<Ones>(),
      std::make_shared<Constant>(-1.25),
      std::make_shared<Identity>(IdentityOptions{.gain = 3.0}),
      std::make_shared<STFT>(STFTOptions{.side = "imag",
                                         .window = std::vector<double>{0.5, 1.0, 0.5},
                                         .scaling = std::nullopt,
                                         .periodic = true}),
      std::make_shared<RandomNormal>(RandomNormalOptions{.mean = 1.0, .stddev = 0.1, .seed = 4}),
      std::make_shared<RandomUniform>(RandomUniformOptions{.minval = -2.0, .maxval = 3.0}),
      std::make_shared<TruncatedNormal>(
          TruncatedNormalOptions{.mean = 0.0, .stddev = 0.2, .seed = 5}),
      std::make_shared<VarianceScaling>(VarianceScalingOptions{
          .scale = 0.5, .mode = "fan_avg", .distribution = "untruncated_normal", .seed = 6}),
      std::make_shared<GlorotUniform>(VarianceScalingPresetOptions{.seed = 1}),
      std::make_shared<GlorotNormal>(VarianceScalingPresetOptions{.seed = 2}),
      std::make_shared<HeUniform>(),
      std::make_shared<HeNormal>(VarianceScalingPresetOptions{.seed = 3}),
      std::make_shared<LecunUniform>(VarianceScalingPresetOptions{
          .seed = 4, .input_axes = std::vector<int>{0}, .output_axes = std::vector<int>{1}}),
      std::make_shared<LecunNormal>(),
      std::make_shared<Orthogonal>(OrthogonalOptions{.gain = 0.5, .seed = 8}),
  };
  for (const auto& init : all) {
    std::string text = serialize(*init).dump();
    std::shared_ptr<Initializer> back = deserialize(json::parse(text));
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(back->class_name(), init->class_name()) << text;
    EXPECT_EQ(back->get_config(), init->get_config()) << text;
    std::shared_ptr<Initializer> copy = init->clone();
    EXPECT_EQ(copy->class_name(), init->class_name());
    EXPECT_EQ(copy->get_config(), init->get_config());
    if (init->get_config().value("seed", json()).is_number_integer()) {
      Shape shape = init->class_name() == "STFT" ? Shape{3, 1, 4} : Shape{6, 4};
      EXPECT_TRUE(same_values((*back)(shape), (*init)(shape))) << text;
    }
  }
  // A config written by Keras (ints where floats are expected, keys in any order).
  auto from_keras = deserialize(json::parse(
      R"({"module": "keras.initializers", "class_name": "VarianceScaling",
          "config": {"scale": 2, "mode": "fan_out", "distribution": "normal", "seed": null,
                     "input_axes": null, "output_axes": null}, "registered_name": null})"));
  EXPECT_EQ(from_keras->get_config().at("distribution"), "truncated_normal");
  EXPECT_EQ(from_keras->get_config().at("scale"), 2.0);
}

TEST(Initializers, BadConfigsThrow) {
  try {
    GlorotUniform::from_config(json{{"seed", 1}, {"gain", 2.0}});
    FAIL();
  } catch (const TypeError& e) {
    EXPECT_NE(std::string(e.what()).find("unexpected keyword argument 'gain'"), std::string::npos);
  }
  try {
    deserialize(json{{"class_name", "RandomNormal"}, {"config", {{"seed", "abc"}}}});
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("`seed` argument should be an instance of "
                                         "`keras.random.SeedGenerator()` or an integer"),
              std::string::npos);
  }
  EXPECT_THROW(deserialize(json{{"class_name", "VarianceScaling"}, {"config", {{"mode", 3}}}}),
               TypeError);
  EXPECT_THROW(deserialize(json{{"class_name", "RandomNormal"}, {"config", {{"mean", "x"}}}}),
               TypeError);
  EXPECT_THROW(deserialize(json{{"config", json::object()}}), ValueError);
}

// ----- get() ----------------------------------------------------------------------------------

TEST(Initializers, GetResolvesKerasNamesAndAliases) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Constant", "Constant"},
      {"constant", "Constant"},
      {"Identity", "Identity"},
      {"identity", "Identity"},
      {"IdentityInitializer", "Identity"},
      {"Ones", "Ones"},
      {"ones", "Ones"},
      {"one", "Ones"},
      {"STFT", "STFT"},
      {"stft", "STFT"},
      {"STFTInitializer", "STFT"},
      {"Zeros", "Zeros"},
      {"zeros", "Zeros"},
      {"zero", "Zeros"},
      {"GlorotNormal", "GlorotNormal"},
      {"glorot_normal", "GlorotNormal"},
      {"GlorotUniform", "GlorotUniform"},
      {"glorot_uniform", "GlorotUniform"},
      {"HeNormal", "HeNormal"},
      {"he_normal", "HeNormal"},
      {"HeUniform", "HeUniform"},
      {"he_uniform", "HeUniform"},
      {"LecunNormal", "LecunNormal"},
      {"lecun_normal", "LecunNormal"},
      {"LecunUniform", "LecunUniform"},
      {"lecun_uniform", "LecunUniform"},
      {"Orthogonal", "Orthogonal"},
      {"orthogonal", "Orthogonal"},
      {"OrthogonalInitializer", "Orthogonal"},
      {"RandomNormal", "RandomNormal"},
      {"random_normal", "RandomNormal"},
      {"normal", "RandomNormal"},
      {"RandomUniform", "RandomUniform"},
      {"random_uniform", "RandomUniform"},
      {"uniform", "RandomUniform"},
      {"TruncatedNormal", "TruncatedNormal"},
      {"truncated_normal", "TruncatedNormal"},
      {"VarianceScaling", "VarianceScaling"},
      {"variance_scaling", "VarianceScaling"},
  };
  for (const auto& [name, class_name] : expected) {
    std::shared_ptr<Initializer> init = get(name);
    ASSERT_TRUE(init) << name;
    EXPECT_EQ(init->class_name(), class_name) << name;
    // Made with the default arguments.
    EXPECT_EQ(init->get_config(), deserialize(json{{"class_name", class_name}})->get_config())
        << name;
  }
  EXPECT_EQ(names().size(), expected.size());
  EXPECT_EQ(get(json("he_uniform"))->class_name(), "HeUniform");
  EXPECT_EQ(get(json{{"class_name", "glorot_uniform"}, {"config", {{"seed", 3}}}})
                ->get_config()
                .at("seed"),
            3);
  EXPECT_FALSE(get(json(nullptr)));
  EXPECT_EQ(dynamic_cast<RandomNormal&>(*get("normal")).stddev(), 0.05);
}

TEST(Initializers, GetRejectsUnknownNames) {
  try {
    get("glorot_uniformm");
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_STREQ(e.what(), "Could not interpret initializer identifier: glorot_uniformm");
  }
  try {
    get(json{{"class_name", "Xavier"}, {"config", json::object()}});
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("Could not interpret initializer identifier: "),
              std::string::npos);
    EXPECT_NE(std::string(e.what()).find("Xavier"), std::string::npos);
  }
  EXPECT_THROW(get("GLOROT_UNIFORM"), ValueError) << "names are case-sensitive, as in Keras";
  EXPECT_THROW(get(json(3)), ValueError);
}

// ----- Keras's own arguments --------------------------------------------------------------------

// Every class from the arguments Keras was given (none: all defaults) writes Keras's config: its
// keys, in Keras's order, with Keras's default values (tests/golden/data/keras3_args.json).
TEST(InitializersKerasArgs, ConfigsFromKerasDefaultsAreKeras) {
  std::vector<std::string> classes = testing::keras3_class_names("initializers");
  ASSERT_EQ(classes.size(), 16u);
  for (const std::string& name : classes) {
    const Json& keras = testing::keras3_args("initializers", name);
    Json config =
        deserialize(json{{"class_name", name}, {"config", keras.at("args")}})->get_config();
    if (name == "Identity") {
      // On purpose: Keras 3's Identity has no get_config, so it writes {} and a gain other than
      // 1 is lost on a round trip; kerascpp writes the gain (and reads Keras's {}).
      EXPECT_EQ(keras.at("config"), json::object());
      EXPECT_EQ(config, json::parse(R"({"gain": 1.0})"));
      EXPECT_EQ(Identity::from_config(json::object())->gain(), 1.0);
      continue;
    }
    testing::expect_keras_config(config, keras.at("config"), "initializers." + name);
  }
  // Every initializer kerascpp knows by name is one of them.
  for (const std::string& name : names())
    EXPECT_TRUE(std::count(classes.begin(), classes.end(), get(name)->class_name())) << name;
}

}  // namespace
}  // namespace keras
