#include "keras/layers/regularization/activity_regularization.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/serialization.h"
#include "keras/models/model.h"
#include "keras/ops/math.h"
#include "tests/layers/regularization/regularization_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::ActivityRegularization;

// (l1 * sum|x| + l2 * sum x^2) / batch, in float64: Keras >= 3.14 divides the activity penalty
// by the batch size.
double penalty(const Tensor& x, double l1, double l2) {
  double a = 0, s = 0;
  for (double e : x.to_vector<double>()) {
    a += std::fabs(e);
    s += e * e;
  }
  return (l1 * a + l2 * s) / static_cast<double>(x.shape()[0]);
}

TEST(ActivityRegularization, LayerTest) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return ActivityRegularization({.l1 = 0.1, .l2 = 0.2, .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3}},
      .expected_output_shapes = {Shape{2, 3}},
      .supports_masking = true,
  });
}

TEST(ActivityRegularization, Penalty) {
  // Keras's test: one sample of two 2s... here (1,) twos: 4 * 0.3 + 2 * 0.2.
  ActivityRegularization keras_case({.l1 = 0.2, .l2 = 0.3});
  keras_case(Tensor::full(Shape{1}, 2.0, DType::float32));
  ASSERT_EQ(keras_case->losses().size(), 1u);
  EXPECT_NEAR(keras_case->losses()[0].item<double>(), 4 * 0.3 + 2 * 0.2, 1e-6);

  Tensor x = testing::uniform(Shape{4, 3, 2}, -2.0, 2.0, 6);
  ActivityRegularization layer({.l1 = 0.01, .l2 = 0.05, .dtype = DType::float64});
  Tensor y = layer(x);
  testing::expect_near(y, x, 0, 0, "identity");
  ASSERT_EQ(layer->losses().size(), 1u);
  EXPECT_NEAR(layer->losses()[0].item<double>(), penalty(x, 0.01, 0.05), 1e-14);
  // Each call replaces the previous call's penalty.
  Tensor x2 = ops::multiply(x, 2.0);
  layer(x2);
  ASSERT_EQ(layer->losses().size(), 1u);
  EXPECT_NEAR(layer->losses()[0].item<double>(), penalty(x2, 0.01, 0.05), 1e-14);
  // No factors: a zero penalty.
  ActivityRegularization none;
  none(x);
  ASSERT_EQ(none->losses().size(), 1u);
  EXPECT_EQ(none->losses()[0].item<double>(), 0.0);
}

TEST(ActivityRegularization, PenaltyInGraphsAndModels) {
  ActivityRegularization layer({.l1 = 0.1, .l2 = 0.2, .dtype = DType::float64});
  Tensor x = testing::uniform(Shape{5, 3}, -1.0, 1.0, 9);
  // Unknown batch: the division uses the batch the program is run with.
  Tensor p = graph::placeholder({DType::float64, Shape{-1, 3}}, "x");
  layer(p);
  ASSERT_EQ(layer->call_losses().size(), 1u);
  graph::Program program({p}, {layer->call_losses()[0]});
  EXPECT_NEAR(program.run({x})[0].item<double>(), penalty(x, 0.1, 0.2), 1e-14);
  Tensor x7 = testing::uniform(Shape{7, 3}, -1.0, 1.0, 10);
  EXPECT_NEAR(program.run({x7})[0].item<double>(), penalty(x7, 0.1, 0.2), 1e-14);
  // In a functional model, the model's losses hold the layer's penalty.
  Tensor in = Input(Shape{3}, {.dtype = DType::float64});
  Model model(in, layer(in));
  model(x);
  ASSERT_EQ(model.losses().size(), 1u);
  EXPECT_NEAR(model.losses()[0].item<double>(), penalty(x, 0.1, 0.2), 1e-14);
}

TEST(ActivityRegularization, Config) {
  ActivityRegularization layer({.l1 = 0.1, .l2 = 0.2});
  Json config = layer->get_config();
  // Keras drops the base's activity_regularizer key.
  EXPECT_EQ(testing::config_keys(config),
            (std::vector<std::string>{"name", "trainable", "dtype", "l1", "l2"}));
  EXPECT_EQ(config.at("l1"), 0.1);
  EXPECT_EQ(config.at("l2"), 0.2);
  layers::LayerPtr copy = layers::deserialize(layers::serialize(*layer));
  EXPECT_EQ(copy->get_config().dump(), config.dump());
  ASSERT_TRUE(copy->activity_regularizer());
  EXPECT_EQ(copy->activity_regularizer()->class_name(), "L1L2");
  EXPECT_TRUE(layer->built());
}

TEST(ActivityRegularization, BadInput) {
  testing::expect_error<ValueError>([] { ActivityRegularization({.l1 = -1.0, .name = "ar"}); },
                                    {"ActivityRegularization 'ar'", "l1", "l1=-1"});
  testing::expect_error<TypeError>([] { ActivityRegularization({.activity_regularizer = "l2"}); },
                                   {"ActivityRegularization", "activity_regularizer"});
}

}  // namespace
}  // namespace keras
