#include "keras/layers/core/lambda_layer.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/serialization.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Lambda;

TEST(Lambda, LayerTest) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Lambda([](const Tensor& x) { return ops::multiply(ops::square(x), 0.5); },
                          {.dtype = dtype});
          },
      .input_shapes = {Shape{3, 4}},
      .expected_output_shapes = {Shape{3, 4}},
      .serializable = false,
  });
}

TEST(Lambda, LayerTestWithOutputShape) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Lambda([](const Tensor& x) { return ops::sum(ops::tanh(x), -1, true); },
                          {.output_shape = Shape{3, 1}, .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 1}},
      .serializable = false,
  });
}

TEST(Lambda, ComputesTheFunction) {
  Lambda layer([](const Tensor& x) { return ops::transpose(x, {0, 2, 1}); });
  Tensor x = testing::uniform({2, 3, 4}).astype(DType::float32);
  EXPECT_EQ(layer(x).to_vector<float>(), ops::transpose(x, {0, 2, 1}).to_vector<float>());
  // The output shape is traced, also for an unknown batch.
  EXPECT_EQ(layer->compute_output_shape(layers::Shapes(Shape{-1, 3, 4}))[0], Shape({-1, 4, 3}));
  EXPECT_EQ(layer(Input(Shape{3, 4})).shape(), Shape({-1, 4, 3}));
}

TEST(Lambda, CannotBeSerialized) {
  Lambda layer([](const Tensor& x) { return x; }, {.name = "fn"});
  testing::expect_error<NotImplementedError>([&] { layer->get_config(); },
                                             {"Lambda 'fn'", "C++ function", "Layer subclass"});
  testing::expect_error<NotImplementedError>([&] { layers::serialize(*layer); }, "C++ function");
  // A Keras config of a Lambda holds Python code: it is refused with the reason.
  Json keras = {{"module", "keras.layers"},
                {"class_name", "Lambda"},
                {"config",
                 {{"name", "square"},
                  {"function",
                   {{"class_name", "__lambda__"},
                    {"config", {{"code", "4wEAAA..."}, {"defaults", nullptr}}}}},
                  {"arguments", Json::object()}}},
                {"registered_name", nullptr}};
  testing::expect_error<NotImplementedError>([&] { layers::deserialize(keras); },
                                             {"Lambda 'square'", "Python code", "layers::Lambda"});
}

TEST(Lambda, BadInput) {
  testing::expect_error<ValueError>([] { Lambda(layers::LambdaImpl::Function()); },
                                    "must not be empty");
  Lambda empty([](const Tensor&) { return Tensor(); }, {.name = "nothing"});
  testing::expect_error<ValueError>(
      [&] {
        empty(testing::uniform({2, 3}));
      },
      {"'nothing'", "returned an empty tensor"});
}

}  // namespace
}  // namespace keras
