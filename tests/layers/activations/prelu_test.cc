#include "keras/layers/activations/prelu.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/serialization.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::PReLU;

// x >= 0 ? x : alpha * x, with alpha broadcast over the batch (and the shared axes, where its
// size is 1), in float64.
Tensor reference(const Tensor& x, const Tensor& alpha) {
  std::vector<double> v = x.to_vector<double>(), a = alpha.to_vector<double>();
  const Shape& xs = x.shape();
  const Shape& as = alpha.shape();
  std::vector<int64_t> index(static_cast<size_t>(xs.rank()), 0);
  for (double& e : v) {
    // alpha's index: the sample's index on each axis after the batch, 0 where alpha's size is 1.
    int64_t flat = 0;
    for (int d = 1; d < xs.rank(); ++d)
      flat = flat * as[d - 1] + (as[d - 1] == 1 ? 0 : index[static_cast<size_t>(d)]);
    if (e < 0) e *= a[static_cast<size_t>(flat)];
    for (int d = xs.rank() - 1; d >= 0; --d) {
      if (++index[static_cast<size_t>(d)] < xs[d]) break;
      index[static_cast<size_t>(d)] = 0;
    }
  }
  return Tensor::from_vector(v, xs);
}

TEST(PReLU, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return PReLU({.dtype = dtype}); },
      .input_shapes = {Shape{4, 5}},
      .expected_output_shapes = {Shape{4, 5}},
      .expected_trainable_weights = 1,
      .supports_masking = true,
  });
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return PReLU(
                {.alpha_initializer = "random_uniform", .shared_axes = {{1}}, .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .expected_trainable_weights = 1,
      .supports_masking = true,
  });
}

TEST(PReLU, AlphaShapeAndFormula) {
  Tensor x = testing::uniform(Shape{2, 3, 4, 5}, -1.0, 1.0, 4);
  struct Case {
    std::optional<std::vector<int>> shared;
    Shape alpha;
  };
  for (const Case& c : {Case{std::nullopt, Shape{3, 4, 5}}, Case{{{1}}, Shape{1, 4, 5}},
                        Case{{{1, 2}}, Shape{1, 1, 5}}, Case{{{3}}, Shape{3, 4, 1}}}) {
    PReLU layer(
        {.alpha_initializer = "random_uniform", .shared_axes = c.shared, .dtype = DType::float64});
    Tensor y = layer(x);
    ASSERT_EQ(layer->alpha().shape(), c.alpha);
    EXPECT_EQ(layer->alpha().name(), "alpha");
    testing::expect_near(y, reference(x, layer->alpha().value()), 1e-12, 1e-12,
                         str("alpha shape ", c.alpha));
  }
  // The default alpha is zeros: the layer starts as relu.
  PReLU plain({.dtype = DType::float64});
  Tensor y = plain(x);
  EXPECT_EQ(ops::sum(plain->alpha().value()).item<double>(), 0.0);
  testing::expect_near(y, reference(x, ops::multiply(plain->alpha().value(), 0.0)), 0, 0, "zeros");
}

TEST(PReLU, RegularizerAndConstraint) {
  PReLU layer(
      {.alpha_initializer = "ones", .alpha_regularizer = "l2", .alpha_constraint = "non_neg"});
  layer(Tensor::ones(Shape{2, 3}, DType::float32));
  ASSERT_EQ(layer->losses().size(), 1u);
  // L2's default factor 0.01 times the sum of squares of three ones.
  EXPECT_NEAR(layer->losses()[0].item<double>(), 0.03, 1e-7);
  ASSERT_TRUE(layer->constraint_of(layer->alpha()));
  EXPECT_EQ(layer->constraint_of(layer->alpha())->class_name(), "NonNeg");
}

TEST(PReLU, Config) {
  PReLU layer({.shared_axes = {{1, 2}}});
  EXPECT_EQ(layer->name().rfind("p_re_lu", 0), 0u) << layer->name();
  Json config = layer->get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"name", "trainable", "dtype", "alpha_initializer",
                                      "alpha_regularizer", "alpha_constraint", "shared_axes"}));
  EXPECT_EQ(config.at("alpha_initializer").at("class_name"), "Zeros");
  EXPECT_TRUE(config.at("alpha_regularizer").is_null());
  EXPECT_EQ(config.at("shared_axes"), Json::parse("[1, 2]"));
  EXPECT_TRUE(PReLU()->get_config().at("shared_axes").is_null());
  // A Keras config may give one shared axis as an int.
  Json one = config;
  one["shared_axes"] = 2;
  one["name"] = "one";
  auto copy = layers::PReLUImpl::from_config(one);
  ASSERT_TRUE(copy->shared_axes());
  EXPECT_EQ(*copy->shared_axes(), std::vector<int>{2});
  // Built layers write their build config.
  layer(Tensor::ones(Shape{2, 3, 4}, DType::float32));
  EXPECT_EQ(layer->get_build_config().dump(), R"({"input_shape":[2,3,4]})");
}

TEST(PReLU, BadInput) {
  testing::expect_error<ValueError>([] { PReLU({.shared_axes = {{0}}, .name = "p0"}); },
                                    {"'p0'", "shared_axes", "[0]"});
  PReLU far({.shared_axes = {{1, 3}}, .name = "p3"});
  testing::expect_error<ValueError>(
      [&] {
        far(Tensor::ones(Shape{2, 3, 4}, DType::float32));
      },
      {"'p3'", "shared_axes [1, 3]", "[1, 2]", "(2, 3, 4)"});
  PReLU layer({.name = "p5"});
  layer(Tensor::ones(Shape{2, 5}, DType::float32));
  testing::expect_error<ValueError>(
      [&] {
        layer(Tensor::ones(Shape{2, 6}, DType::float32));
      },
      {"'p5'", "axis 1", "value 5", "(2, 6)"});
  testing::expect_error<ValueError>(
      [&] {
        layer(Tensor::ones(Shape{2, 5, 1}, DType::float32));
      },
      {"'p5'", "ndim=2", "ndim=3"});
  PReLU unknown({.name = "pu"});
  testing::expect_error<ValueError>(
      [&] {
        unknown(Input(Shape{-1, 4}));
      },
      {"'pu'", "axis 1", "shared_axes"});
}

}  // namespace
}  // namespace keras
