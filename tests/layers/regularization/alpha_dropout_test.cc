#include "keras/layers/regularization/alpha_dropout.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/random.h"
#include "tests/layers/regularization/regularization_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::AlphaDropout;

constexpr double kAlpha = 1.6732632423543772848170429916717;
constexpr double kScale = 1.0507009873554804934193349852946;

TEST(AlphaDropout, LayerTest) {
  testing::run_noise_layer_test([](DType dtype) { return AlphaDropout(0.2, {.dtype = dtype}); },
                                Shape{2, 3});
  testing::run_noise_layer_test(
      [](DType dtype) {
        return AlphaDropout(0.5, {.noise_shape = Shape{-1, 1, 4}, .dtype = dtype});
      },
      Shape{2, 3, 4});
}

// The formula with the mask the layer draws: a seeded layer's first draw is the uniform stream
// of a fresh state (seed, 0), which keras::random::uniform with that integer seed also draws.
TEST(AlphaDropout, FormulaWithAFixedMask) {
  const double rate = 0.3;
  const double alpha_p = -kAlpha * kScale;
  const double a = 1.0 / std::sqrt((1 - rate) * (1 + rate * alpha_p * alpha_p));
  const double b = -a * alpha_p * rate;
  struct Case {
    Shape input;
    std::optional<Shape> noise;
    Shape mask;
  };
  for (const Case& c : {Case{Shape{6, 7}, std::nullopt, Shape{6, 7}},
                        Case{Shape{6, 5, 7}, Shape{-1, 1, -1}, Shape{6, 1, 7}}}) {
    SCOPED_TRACE(c.input.to_string());
    Tensor x = testing::uniform(c.input, -2.0, 2.0, 31);
    AlphaDropout layer(rate, {.noise_shape = c.noise, .seed = 77, .dtype = DType::float64});
    Tensor y = layer(x, {.training = true});
    std::vector<float> u = random::uniform(c.mask, {.seed = 77}).to_vector<float>();
    std::vector<double> xv = x.to_vector<double>(), want(xv.size());
    int64_t inner = c.input[c.input.rank() - 1], middle = c.input.rank() == 3 ? c.input[1] : 1;
    for (size_t i = 0; i < xv.size(); ++i) {
      // The mask element of input element i: the same row and column, step 0.
      int64_t row = static_cast<int64_t>(i) / (middle * inner),
              col = static_cast<int64_t>(i) % inner;
      size_t m = c.noise ? static_cast<size_t>(row * inner + col) : i;
      double kept = u[m] >= static_cast<float>(rate) ? 1.0 : 0.0;
      want[i] = a * (xv[i] * kept + alpha_p * (1.0 - kept)) + b;
    }
    testing::expect_near(y, Tensor::from_vector(want, c.input), 1e-13, 1e-13, "formula");
  }
}

TEST(AlphaDropout, KeepsMeanAndVarianceOfStandardNormalInputs) {
  for (double rate : {0.1, 0.3, 0.6}) {
    Tensor x = random::normal(Shape{400, 500}, {.dtype = DType::float64, .seed = 5});
    AlphaDropout layer(rate, {.seed = 1337, .dtype = DType::float64});
    std::vector<double> v = layer(x, {.training = true}).to_vector<double>();
    // 200000 samples: the mean's standard error is about 0.0022, the variance's about 0.005
    // (the output has heavier tails than a normal).
    testing::Moments m = testing::moments(v);
    EXPECT_NEAR(m.mean, 0.0, 0.012) << rate;
    EXPECT_NEAR(m.variance, 1.0, 0.03) << rate;
  }
  // Keras's own check: ones in, standard deviation about 1 out.
  AlphaDropout layer(0.3, {.seed = 1337});
  std::vector<double> v =
      layer(Tensor::ones(Shape{20, 500}, DType::float32), {.training = true}).to_vector<double>();
  EXPECT_NEAR(std::sqrt(testing::moments(v).variance), 1.0, 0.1);
}

TEST(AlphaDropout, InferenceIsTheIdentityAndSeedsRepeat) {
  Tensor x = testing::uniform(Shape{5, 6}).astype(DType::float32);
  AlphaDropout layer(0.4, {.seed = 9});
  testing::expect_near(layer(x), x, 0, 0, "inference");
  std::vector<float> first = layer(x, {.training = true}).to_vector<float>();
  EXPECT_EQ(AlphaDropout(0.4, {.seed = 9})(x, {.training = true}).to_vector<float>(), first);
  EXPECT_NE(layer(x, {.training = true}).to_vector<float>(), first);
  testing::expect_near(AlphaDropout(0.0)(x, {.training = true}), x, 0, 0, "rate 0");
}

TEST(AlphaDropout, UnknownBatchInGraphs) {
  AlphaDropout layer(0.5, {.noise_shape = Shape{-1, 1, -1}, .seed = 3});
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 5, 10}}, "x");
  graph::Program program({x}, {layer(x, {.training = true})});
  std::vector<float> v =
      program.run({Tensor::ones(Shape{20, 5, 10}, DType::float32)})[0].to_vector<float>();
  for (int s = 0; s < 20; ++s)
    for (int t = 1; t < 5; ++t)
      for (int c = 0; c < 10; ++c)
        ASSERT_EQ(v[static_cast<size_t>(s * 50 + t * 10 + c)], v[static_cast<size_t>(s * 50 + c)]);
}

TEST(AlphaDropout, Config) {
  AlphaDropout layer(0.2, {.noise_shape = Shape{-1, 1}, .seed = 4});
  Json config = layer->get_config();
  EXPECT_EQ(
      testing::config_keys(config),
      (std::vector<std::string>{"name", "trainable", "dtype", "rate", "seed", "noise_shape"}));
  EXPECT_EQ(config.at("noise_shape"), Json::parse("[null, 1]"));
  testing::expect_config_round_trip(*layer);
}

TEST(AlphaDropout, BadInput) {
  for (double rate : {-0.5, 1.5})
    testing::expect_error<ValueError>([&] { AlphaDropout(rate, {.name = "ad"}); },
                                      {"'ad'", "between 0 and 1", str("rate=", rate)});
  Tensor x = Tensor::ones(Shape{2, 3}, DType::float32);
  AlphaDropout all(1.0, {.name = "ad1"});
  testing::expect_near(all(x), x, 0, 0, "rate 1 in inference");
  testing::expect_error<ValueError>([&] { all(x, {.training = true}); }, {"'ad1'", "rate=1"});
  AlphaDropout wrong(0.5, {.noise_shape = Shape{2, 4}, .name = "ad2"});
  testing::expect_error<ValueError>([&] { wrong(x, {.training = true}); },
                                    {"'ad2'", "(2, 4)", "does not broadcast", "(2, 3)"});
  AlphaDropout rank(0.5, {.noise_shape = Shape{2}, .name = "ad3"});
  testing::expect_error<ValueError>([&] { rank(x, {.training = true}); },
                                    {"'ad3'", "rank of the inputs, 2"});
}

}  // namespace
}  // namespace keras
