#include "keras/layers/regularization/gaussian_noise.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/ops/math.h"
#include "tests/layers/regularization/regularization_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::GaussianNoise;

TEST(GaussianNoise, LayerTest) {
  testing::run_noise_layer_test([](DType dtype) { return GaussianNoise(0.2, {.dtype = dtype}); },
                                Shape{2, 3});
  testing::run_layer_test({
      .make = [](DType dtype) { return GaussianNoise(0.0, {.dtype = dtype}); },
      .input_shapes = {Shape{2, 3}},
      .expected_output_shapes = {Shape{2, 3}},
      .supports_masking = true,
  });
}

TEST(GaussianNoise, NoiseMoments) {
  const double n = 400.0 * 500.0;
  for (double stddev : {0.1, 0.3, 1.0}) {
    GaussianNoise layer(stddev, {.seed = 1337});
    Tensor x = Tensor::full(Shape{400, 500}, 2.0, DType::float64);
    std::vector<double> v = ops::subtract(layer(x, {.training = true}), x).to_vector<double>();
    testing::Moments m = testing::moments(v);
    double var = stddev * stddev;
    EXPECT_NEAR(m.mean, 0.0, 5 * stddev / std::sqrt(n)) << stddev;
    EXPECT_NEAR(m.variance, var, 5 * std::sqrt(2.0 / n) * var) << stddev;
  }
}

TEST(GaussianNoise, AdditiveSeededAndOnlyInTraining) {
  Tensor x = testing::uniform(Shape{6, 7}, -1.0, 1.0, 3);
  GaussianNoise layer(0.5, {.seed = 11, .dtype = DType::float64});
  testing::expect_near(layer(x), x, 0, 0, "inference");
  Tensor y = layer(x, {.training = true});
  // A fresh layer with the same seed adds the same noise to other inputs.
  Tensor shifted = GaussianNoise(0.5, {.seed = 11, .dtype = DType::float64})(ops::add(x, 1.0),
                                                                             {.training = true});
  testing::expect_near(shifted, ops::add(y, 1.0), 1e-14, 1e-14, "additive, same seed");
  EXPECT_NE(layer(x, {.training = true}).to_vector<double>(), y.to_vector<double>());
  // Graphs with an unknown batch draw fresh noise each run.
  testing::expect_fresh_noise_each_run(layer, x);
}

TEST(GaussianNoise, Config) {
  GaussianNoise layer(0.3, {.seed = 2});
  Json config = layer->get_config();
  EXPECT_EQ(testing::config_keys(config),
            (std::vector<std::string>{"name", "trainable", "dtype", "stddev", "seed"}));
  EXPECT_EQ(config.at("stddev"), 0.3);
  EXPECT_EQ(config.at("seed"), 2);
  testing::expect_config_round_trip(*layer);
}

TEST(GaussianNoise, BadInput) {
  for (double stddev : {-0.1, 1.5})
    testing::expect_error<ValueError>([&] { GaussianNoise(stddev, {.name = "gn"}); },
                                      {"'gn'", "`stddev`", str("stddev=", stddev)});
}

}  // namespace
}  // namespace keras
