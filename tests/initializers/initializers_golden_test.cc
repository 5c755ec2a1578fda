// keras::initializers against Keras 3 itself: tests/golden/data/keras3_initializers.json, made by
// tests/golden/keras3/make_initializers.py (Keras 3.15: float32 draws on JAX, float64 and int32
// on TensorFlow). Every name keras::initializers::names() accepts is used by some case: each
// case builds its initializer with deserialize({"class_name": <name>, "config": <recorded
// config>}) and draws the recorded Keras shape and dtype.
//
// Random streams differ, so random draws are compared by their statistics. With n the sample
// size, the Keras sample's variance v, fourth central moment m4 and fractions p recorded, two
// independent samples of n agree, at 5 standard errors of their difference, when
//   |mean_k - mean_t|  <= 5·sqrt(2·v / n)
//   |var_k - var_t|    <= 5·sqrt(2·(m4 - v²) / n)      (the sample variance's standard error)
//   |frac_k - frac_t|  <= 5·sqrt(2·p(1 - p) / n)       (p: the fraction beyond 1σ or 2σ)
// (each such check fails a correct implementation with probability about 6e-7). Bounds hold
// exactly: every value lies in [minval, maxval] (uniform) or [mean - 2σ, mean + 2σ] (truncated
// normal), widened by one ulp of the dtype for the rounding of the bound itself; and the draw
// reaches within 20 / (n·f) of each bound, f being the density there, which a correct draw misses
// with probability e^-20. Orthogonal results satisfy Q^T Q = gain²·I (Q Q^T when rows < cols)
// to 1e-5, and the mean of their diagonal agrees with Keras's within 5·sqrt(2·gain² / (rows·
// cols)): about 0 for Haar-distributed Q (columns multiplied by sign(diag(R)), as Keras does),
// about -0.035·gain for these shapes without that step (Householder QR makes the diagonal mostly
// negative). Deterministic initializers (Zeros, Ones, Constant, Identity, STFT) match value by
// value: exactly, but STFT's trigonometry (kerascpp in float64, rounded; Keras in the dtype:
// float32 cosines of float32 arguments and float32 window sums on JAX) to 1e-14 in float64 and
// 5e-7 in float32 (the largest difference seen is 3.7e-7, on entries below 1, whose ulp is
// 6e-8: a float32 argument 2πtf/n of up to 40 is itself off by 2e-6 before its cosine).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <set>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/core/dtype.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/initializers/initializers.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

using namespace keras::initializers;

const std::vector<testing::GoldenCase>& golden() {
  static const std::vector<testing::GoldenCase> cases =
      testing::load_golden("keras3_initializers.json");
  return cases;
}

std::shared_ptr<Initializer> make(const Json& extra) {
  return deserialize(Json{{"class_name", extra.at("identifier")}, {"config", extra.at("config")}});
}

Tensor draw(const Json& extra) {
  Shape shape(extra.at("shape").get<std::vector<int64_t>>());
  DType dtype = dtype_from_name(extra.at("dtype").get<std::string>());
  Tensor t = (*make(extra))(shape, dtype);
  EXPECT_EQ(t.shape(), shape);
  EXPECT_EQ(t.dtype(), dtype);
  return t;
}

std::vector<double> values_of(const Tensor& t) {
  return t.to(backend::host()).to_vector<double>();
}

// The statistics the generator records (sample_stats in initializers.py).
struct Stats {
  double n = 0, mean = 0, variance = 0, m4 = 0, min = INFINITY, max = -INFINITY;
  double beyond[3] = {0, 0, 0};  // fractions beyond 1σ and 2σ of the distribution's mean
};

Stats stats_of(const std::vector<double>& v, double mean = 0, double sigma = 0) {
  Stats s;
  s.n = static_cast<double>(v.size());
  for (double x : v) {
    s.mean += x;
    s.min = std::min(s.min, x);
    s.max = std::max(s.max, x);
  }
  s.mean /= s.n;
  const double slack = 1 + std::ldexp(1.0, -20);  // as the generator: rounding to the dtype
  for (double x : v) {
    double c = x - s.mean;
    s.variance += c * c;
    s.m4 += c * c * c * c;
    for (int k = 1; k <= 2; ++k)
      if (std::abs(x - mean) > k * sigma * slack) s.beyond[k] += 1;
  }
  s.variance /= s.n - 1;
  s.m4 /= s.n;
  s.beyond[1] /= s.n;
  s.beyond[2] /= s.n;
  return s;
}

// The two samples' means and variances agree within 5 standard errors of their difference.
void expect_moments_agree(const Stats& got, const Json& want) {
  const double n = want.at("n").get<double>();
  ASSERT_EQ(got.n, n);
  const double v = want.at("variance").get<double>(), m4 = want.at("m4").get<double>();
  EXPECT_NEAR(got.mean, want.at("mean").get<double>(), 5 * std::sqrt(2 * v / n)) << "mean";
  EXPECT_NEAR(got.variance, v, 5 * std::sqrt(2 * (m4 - v * v) / n)) << "variance";
}

// `bound` as `dtype` holds it, one ulp further in `direction` (-1 or +1).
double outward(double bound, DType dtype, int direction) {
  if (dtype == DType::float32) {
    float b = static_cast<float>(bound);
    return std::nextafter(b, direction * std::numeric_limits<float>::infinity());
  }
  return std::nextafter(bound, direction * std::numeric_limits<double>::infinity());
}

// Every value in [lo, hi] (one ulp of rounding allowed), and within 20 / (n·density) of both.
void expect_bounds(const Stats& s, double lo, double hi, double edge_density, DType dtype) {
  EXPECT_GE(s.min, outward(lo, dtype, -1)) << "below the lower bound " << lo;
  EXPECT_LE(s.max, outward(hi, dtype, 1)) << "above the upper bound " << hi;
  const double band = 20 / (s.n * edge_density);
  EXPECT_LE(s.min, lo + band) << "does not reach the lower bound " << lo;
  EXPECT_GE(s.max, hi - band) << "does not reach the upper bound " << hi;
}

void check_random(const testing::GoldenCase& g) {
  const Json& e = g.extra;
  const std::string kind = e.at("kind").get<std::string>();
  const DType dtype = dtype_from_name(e.at("dtype").get<std::string>());
  if (e.contains("fans")) {
    const Json& config = e.at("config");
    std::optional<std::vector<int>> in_axes, out_axes;
    if (config.contains("input_axes")) in_axes = config.at("input_axes").get<std::vector<int>>();
    if (config.contains("output_axes")) out_axes = config.at("output_axes").get<std::vector<int>>();
    auto [fan_in, fan_out] =
        compute_fans(Shape(e.at("shape").get<std::vector<int64_t>>()), in_axes, out_axes);
    EXPECT_EQ(fan_in, e.at("fans")[0].get<int64_t>()) << "fan_in";
    EXPECT_EQ(fan_out, e.at("fans")[1].get<int64_t>()) << "fan_out";
  }
  std::vector<double> v = values_of(draw(e));
  const Json& want = e.at("stats");
  if (kind == "uniform") {
    const double lo = e.at("minval").get<double>(), hi = e.at("maxval").get<double>();
    Stats s = stats_of(v);
    expect_moments_agree(s, want);
    expect_bounds(s, lo, hi, 1 / (hi - lo), dtype);
    return;
  }
  const double mean = e.at("mean").get<double>(), sigma = e.at("stddev").get<double>();
  Stats s = stats_of(v, mean, sigma);
  expect_moments_agree(s, want);
  for (int k = 1; k <= 2; ++k) {
    double p = want.at(str("frac_beyond_", k, "sigma")).get<double>();
    EXPECT_NEAR(s.beyond[k], p, 5 * std::sqrt(2 * p * (1 - p) / s.n))
        << "fraction beyond " << k << " sigma";
  }
  if (kind == "truncated_normal") {
    EXPECT_EQ(s.beyond[2], 0.0) << "values beyond 2 sigma";
    // The density of N(mean, σ²) truncated to ±2σ at its bounds: φ(2) / (σ·erf(√2)).
    const double edge =
        std::exp(-2.0) / std::sqrt(2 * std::numbers::pi) / (sigma * std::erf(std::numbers::sqrt2));
    expect_bounds(s, mean - 2 * sigma, mean + 2 * sigma, edge, dtype);
  }
}

void check_orthogonal(const testing::GoldenCase& g) {
  const Json& e = g.extra;
  const int64_t rows = e.at("rows").get<int64_t>(), cols = e.at("cols").get<int64_t>();
  const double gain = e.at("gain").get<double>();
  std::vector<double> q = values_of(draw(e));  // row-major (rows, cols), as Keras reshapes
  ASSERT_EQ(static_cast<int64_t>(q.size()), rows * cols);
  // The Gram matrix of the shorter side: columns when rows >= cols, else rows.
  const bool tall = rows >= cols;
  const int64_t k = tall ? cols : rows, len = tall ? rows : cols;
  auto at = [&](int64_t vec, int64_t i) {
    return tall ? q[static_cast<size_t>(i * cols + vec)] : q[static_cast<size_t>(vec * cols + i)];
  };
  double gram_error = 0;
  for (int64_t a = 0; a < k; ++a)
    for (int64_t b = a; b < k; ++b) {
      double dot = 0;
      for (int64_t i = 0; i < len; ++i) dot += at(a, i) * at(b, i);
      gram_error = std::max(gram_error, std::abs(dot - (a == b ? gain * gain : 0.0)));
    }
  EXPECT_LE(gram_error, 1e-5) << "Q^T Q differs from gain^2 I";
  const Json& want = e.at("stats");
  Stats s = stats_of(q);
  expect_moments_agree(s, want);
  double sum_of_squares = 0, diag = 0;
  for (double x : q) sum_of_squares += x * x;
  for (int64_t i = 0; i < k; ++i) diag += q[static_cast<size_t>(i * cols + i)];
  diag /= static_cast<double>(k);
  EXPECT_NEAR(sum_of_squares, want.at("sum_of_squares").get<double>(), 1e-5 * gain * gain * k);
  EXPECT_NEAR(diag, want.at("diag_mean").get<double>(),
              5 * std::sqrt(2 * gain * gain / static_cast<double>(rows * cols)))
      << "mean of the diagonal";
}

void check_exact(const testing::GoldenCase& g) {
  Tensor got = draw(g.extra);
  const Tensor& want = g.outputs.at(0);
  ASSERT_EQ(got.dtype(), want.dtype());
  ASSERT_EQ(got.shape(), want.shape());
  // Zeros / Ones / Constant / Identity are exact; STFT's trigonometry is not (above).
  const bool stft = make(g.extra)->class_name() == "STFT";
  const double tol = !stft ? 0.0 : want.dtype() == DType::float64 ? 1e-14 : 5e-7;
  std::vector<double> a = values_of(got), b = values_of(want);
  for (size_t i = 0; i < b.size(); ++i) EXPECT_NEAR(a[i], b[i], tol) << "element " << i;
}

TEST(InitializersGolden, MatchKeras3) {
  ASSERT_FALSE(golden().empty());
  for (const testing::GoldenCase& g : golden()) {
    SCOPED_TRACE(g.name + " (" + g.extra.at("implementation").get<std::string>() + ")");
    const std::string kind = g.extra.at("kind").get<std::string>();
    if (kind == "exact")
      check_exact(g);
    else if (kind == "orthogonal")
      check_orthogonal(g);
    else
      check_random(g);
  }
}

// The golden data must use every initializer name kerascpp accepts, and no other.
TEST(InitializersGolden, EveryNameHasACase) {
  std::set<std::string> used;
  for (const testing::GoldenCase& g : golden())
    used.insert(g.extra.at("identifier").get<std::string>());
  std::vector<std::string> names = initializers::names();
  for (const std::string& name : names)
    EXPECT_TRUE(used.count(name)) << "no golden case for initializer " << name
                                  << " (add it to tests/golden/keras3/make_initializers.py)";
  for (const std::string& name : used)
    EXPECT_TRUE(std::find(names.begin(), names.end(), name) != names.end()) << name;
}

}  // namespace
}  // namespace keras
