#include "keras/layers/regularization/gaussian_noise.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/serialization.h"
#include "keras/ops/math.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::GaussianNoise;

void moments(const std::vector<double>& v, double& mean, double& variance) {
  mean = 0;
  for (double e : v) mean += e;
  mean /= static_cast<double>(v.size());
  variance = 0;
  for (double e : v) variance += (e - mean) * (e - mean);
  variance /= static_cast<double>(v.size());
}

TEST(GaussianNoise, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return GaussianNoise(0.2, {.dtype = dtype}); },
      .input_shapes = {Shape{2, 3}},
      .expected_output_shapes = {Shape{2, 3}},
      .expected_seed_generators = 1,
      .random = true,
      .supports_masking = true,
  });
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
    double mean, variance;
    moments(v, mean, variance);
    double var = stddev * stddev;
    EXPECT_NEAR(mean, 0.0, 5 * stddev / std::sqrt(n)) << stddev;
    EXPECT_NEAR(variance, var, 5 * std::sqrt(2.0 / n) * var) << stddev;
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
  Tensor p = graph::placeholder({DType::float64, Shape{-1, 7}}, "x");
  graph::Program program({p}, {layer(p, {.training = true})});
  EXPECT_NE(program.run({x})[0].to_vector<double>(), program.run({x})[0].to_vector<double>());
}

TEST(GaussianNoise, Config) {
  GaussianNoise layer(0.3, {.seed = 2});
  Json config = layer->get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype", "stddev", "seed"}));
  EXPECT_EQ(config.at("stddev"), 0.3);
  EXPECT_EQ(config.at("seed"), 2);
  layers::LayerPtr copy = layers::deserialize(layers::serialize(*layer));
  EXPECT_EQ(copy->get_config().dump(), config.dump());
}

TEST(GaussianNoise, BadInput) {
  for (double stddev : {-0.1, 1.5})
    testing::expect_error<ValueError>([&] { GaussianNoise(stddev, {.name = "gn"}); },
                                      {"'gn'", "`stddev`", str("stddev=", stddev)});
}

}  // namespace
}  // namespace keras
