#include "keras/layers/regularization/gaussian_dropout.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/ops/math.h"
#include "tests/layers/regularization/regularization_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::GaussianDropout;

TEST(GaussianDropout, LayerTest) {
  testing::run_noise_layer_test([](DType dtype) { return GaussianDropout(0.2, {.dtype = dtype}); },
                                Shape{2, 3});
}

TEST(GaussianDropout, NoiseMoments) {
  const double n = 400.0 * 500.0;
  for (double rate : {0.1, 0.3, 0.5}) {
    GaussianDropout layer(rate, {.seed = 1337});
    // Ones in: the output is the noise, N(1, rate / (1 - rate)).
    std::vector<double> v = layer(Tensor::ones(Shape{400, 500}, DType::float64), {.training = true})
                                .to_vector<double>();
    testing::Moments m = testing::moments(v);
    double var = rate / (1.0 - rate);
    EXPECT_NEAR(m.mean, 1.0, 5 * std::sqrt(var / n)) << rate;
    EXPECT_NEAR(m.variance, var, 5 * std::sqrt(2.0 / n) * var) << rate;
  }
}

TEST(GaussianDropout, MultiplicativeSeededAndOnlyInTraining) {
  Tensor x = testing::uniform(Shape{6, 7}, -1.0, 1.0, 3);
  GaussianDropout layer(0.4, {.seed = 11, .dtype = DType::float64});
  testing::expect_near(layer(x), x, 0, 0, "inference");
  Tensor y = layer(x, {.training = true});
  // A fresh layer with the same seed multiplies other inputs by the same noise.
  Tensor scaled = GaussianDropout(0.4, {.seed = 11, .dtype = DType::float64})(ops::multiply(x, 3.0),
                                                                              {.training = true});
  testing::expect_near(scaled, ops::multiply(y, 3.0), 1e-14, 1e-14, "multiplicative, same seed");
  EXPECT_NE(layer(x, {.training = true}).to_vector<double>(), y.to_vector<double>());
  testing::expect_fresh_noise_each_run(layer, x);
}

TEST(GaussianDropout, Config) {
  GaussianDropout layer(0.3);
  Json config = layer->get_config();
  EXPECT_EQ(testing::config_keys(config),
            (std::vector<std::string>{"name", "trainable", "dtype", "rate", "seed"}));
  EXPECT_EQ(config.at("rate"), 0.3);
  EXPECT_TRUE(config.at("seed").is_null());
  testing::expect_config_round_trip(*layer);
}

TEST(GaussianDropout, BadInput) {
  for (double rate : {-0.1, 1.5})
    testing::expect_error<ValueError>([&] { GaussianDropout(rate, {.name = "gd"}); },
                                      {"'gd'", "`rate`", str("rate=", rate)});
  GaussianDropout all(1.0, {.name = "gd1"});
  Tensor x = Tensor::ones(Shape{2, 3}, DType::float32);
  testing::expect_near(all(x), x, 0, 0, "rate 1 in inference");
  testing::expect_error<ValueError>([&] { all(x, {.training = true}); }, {"'gd1'", "rate=1"});
}

}  // namespace
}  // namespace keras
