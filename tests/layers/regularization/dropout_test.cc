#include "keras/layers/regularization/dropout.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "tests/layers/regularization/regularization_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Dropout;

TEST(Dropout, LayerTest) {
  testing::run_noise_layer_test([](DType dtype) { return Dropout(0.3, {.dtype = dtype}); },
                                Shape{4, 5});
  testing::run_noise_layer_test(
      [](DType dtype) {
        return Dropout(0.5, {.noise_shape = Shape{-1, 1, 4}, .seed = 3, .dtype = dtype});
      },
      Shape{2, 3, 4});
  // rate 0: no seed generator, the identity in training too.
  testing::run_layer_test({
      .make = [](DType dtype) { return Dropout(0.0, {.dtype = dtype}); },
      .input_shapes = {Shape{4, 5}},
      .expected_output_shapes = {Shape{4, 5}},
      .supports_masking = true,
  });
}

TEST(Dropout, KeepsOneMinusRateAndScales) {
  const int64_t n = 200 * 500;
  for (double rate : {0.2, 0.5, 0.8}) {
    Dropout layer(rate, {.seed = 1337});
    Tensor y = layer(Tensor::ones(Shape{200, 500}, DType::float32), {.training = true});
    std::vector<float> v = y.to_vector<float>();
    float scaled = static_cast<float>(1.0 / (1.0 - rate));
    int64_t kept = 0;
    for (float e : v) {
      ASSERT_TRUE(e == 0.0f || std::fabs(e - scaled) <= 1e-6f * scaled) << e;
      kept += e != 0.0f;
    }
    double keep = 1.0 - rate, se = std::sqrt(keep * rate / static_cast<double>(n));
    EXPECT_NEAR(static_cast<double>(kept) / static_cast<double>(n), keep, 5 * se) << rate;
  }
}

TEST(Dropout, InferenceIsTheIdentity) {
  Tensor x = testing::uniform(Shape{8, 9}, -1.0, 1.0, 2).astype(DType::float32);
  Dropout layer(0.5);
  testing::expect_near(layer(x), x, 0, 0, "no training flag");
  testing::expect_near(layer(x, {.training = false}), x, 0, 0, "training=false");
}

TEST(Dropout, RateOneDropsEverything) {
  Tensor x = testing::uniform(Shape{4, 5}).astype(DType::float32);
  Dropout layer(1.0);
  testing::expect_near(layer(x, {.training = true}), Tensor::zeros(x.shape(), DType::float32), 0, 0,
                       "rate 1");
  testing::expect_near(layer(x), x, 0, 0, "inference");
}

TEST(Dropout, NoiseShapeBroadcastsTheMask) {
  Tensor x = Tensor::ones(Shape{20, 5, 10}, DType::float32);
  for (Shape noise : {Shape{-1, 1, -1}, Shape{20, 1, 10}}) {
    Dropout layer(0.5, {.noise_shape = noise});
    std::vector<float> v = layer(x, {.training = true}).to_vector<float>();
    int64_t kept = 0;
    for (int b = 0; b < 20; ++b)
      for (int c = 0; c < 10; ++c) {
        float first = v[static_cast<size_t>(b * 50 + c)];
        kept += first != 0.0f;
        for (int t = 1; t < 5; ++t) ASSERT_EQ(v[static_cast<size_t>(b * 50 + t * 10 + c)], first);
      }
    EXPECT_GT(kept, 50);  // 200 masks, each kept with probability 1/2
    EXPECT_LT(kept, 150);
  }
}

TEST(Dropout, GraphsWithAnUnknownBatchDrawFreshMasks) {
  Dropout layer(0.5, {.noise_shape = Shape{-1, 1, -1}, .seed = 4});
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 5, 10}}, "x");
  Tensor y = layer(x, {.training = true});
  EXPECT_EQ(y.shape(), (Shape{-1, 5, 10}));
  graph::Program program({x}, {y});
  Tensor ones = Tensor::ones(Shape{30, 5, 10}, DType::float32);
  std::vector<float> a = program.run({ones})[0].to_vector<float>();
  std::vector<float> b = program.run({ones})[0].to_vector<float>();
  EXPECT_NE(a, b);
  for (int s = 0; s < 30; ++s)
    for (int c = 0; c < 10; ++c)
      for (int t = 1; t < 5; ++t)
        ASSERT_EQ(a[static_cast<size_t>(s * 50 + t * 10 + c)], a[static_cast<size_t>(s * 50 + c)]);
}

TEST(Dropout, SeededLayersRepeat) {
  Tensor x = Tensor::ones(Shape{10, 10}, DType::float32);
  Dropout first(0.5, {.seed = 42}), second(0.5, {.seed = 42}), other(0.5, {.seed = 43});
  std::vector<float> a = first(x, {.training = true}).to_vector<float>();
  EXPECT_EQ(second(x, {.training = true}).to_vector<float>(), a);
  EXPECT_NE(other(x, {.training = true}).to_vector<float>(), a);
  // The generator advances: the next call draws another mask.
  EXPECT_NE(first(x, {.training = true}).to_vector<float>(), a);
}

TEST(Dropout, Config) {
  Dropout layer(0.25, {.noise_shape = Shape{-1, 1, 5}, .seed = 7});
  Json config = layer->get_config();
  EXPECT_EQ(
      testing::config_keys(config),
      (std::vector<std::string>{"name", "trainable", "dtype", "rate", "seed", "noise_shape"}));
  EXPECT_EQ(config.at("rate"), 0.25);
  EXPECT_EQ(config.at("seed"), 7);
  EXPECT_EQ(config.at("noise_shape"), Json::parse("[null, 1, 5]"));
  Json plain = Dropout(0.5)->get_config();
  EXPECT_TRUE(plain.at("seed").is_null());
  EXPECT_TRUE(plain.at("noise_shape").is_null());
  testing::expect_config_round_trip(*layer);
  EXPECT_TRUE(layer->built());
  EXPECT_TRUE(layer->get_build_config().is_null());
}

TEST(Dropout, BadInput) {
  for (double rate : {-0.5, 1.5}) {
    testing::expect_error<ValueError>([&] { Dropout(rate, {.name = "drop"}); },
                                      {"'drop'", "Invalid value received for argument `rate`",
                                       "between 0 and 1", str("rate=", rate)});
  }
  testing::expect_error<ValueError>(
      [] {
        Dropout(0.5, {.noise_shape = Shape{-1, 0}, .name = "d0"});
      },
      {"'d0'", "noise_shape", "index 1: 0"});
  Dropout rank(0.5, {.noise_shape = Shape{-1, 1}, .name = "d1"});
  testing::expect_error<ValueError>(
      [&] {
        rank(Tensor::ones(Shape{2, 3, 4}, DType::float32), {.training = true});
      },
      {"'d1'", "noise_shape (None, 1)", "rank of the inputs, 3", "(2, 3, 4)"});
  Dropout wide(0.5, {.noise_shape = Shape{2, 5}, .name = "d2"});
  testing::expect_error<ValueError>(
      [&] {
        wide(Tensor::ones(Shape{2, 3}, DType::float32), {.training = true});
      },
      {"'d2'", "(2, 5)", "does not broadcast", "(2, 3)"});
}

}  // namespace
}  // namespace keras
