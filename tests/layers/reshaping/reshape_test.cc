#include "keras/layers/reshaping/reshape.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Reshape;

TEST(Reshape, LayerTest) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Reshape({3, 4}, {.dtype = dtype});
          },
      .input_shapes = {Shape{2, 12}},
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

TEST(Reshape, LayerTestInferredDimension) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Reshape({-1, 2, 2}, {.dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 2, 2}},
  });
}

TEST(Reshape, OutputShapes) {
  Reshape reshape({-1, 2});
  EXPECT_EQ(reshape->compute_output_shape(layers::Shapes(Shape{-1, 3, 4}))[0], Shape({-1, 6, 2}));
  // With an unknown non-batch dimension the -1 stays unknown (None), as in Keras.
  EXPECT_EQ(reshape->compute_output_shape(layers::Shapes(Shape{-1, -1, 4}))[0], Shape({-1, -1, 2}));
  EXPECT_EQ(reshape(Input(Shape{3, 4})).shape(), Shape({-1, 6, 2}));
  EXPECT_EQ(Reshape({12})(Input(Shape{3, 4})).shape(), Shape({-1, 12}));
  // A known batch carries an unknown -1.
  EXPECT_EQ(reshape(Input(Shape{-1, 4}, {.batch_size = 2})).shape(), Shape({2, -1, 2}));
  Tensor x = testing::uniform({2, 3, 4}).astype(DType::float32);
  Tensor y = reshape(x);
  EXPECT_EQ(y.shape(), Shape({2, 6, 2}));
  EXPECT_EQ(y.to_vector<float>(), x.to_vector<float>());
  EXPECT_TRUE(reshape->built());  // Keras builds Reshape in its constructor
  EXPECT_EQ(reshape->get_config().at("target_shape").dump(), "[-1,2]");
}

TEST(Reshape, BadInput) {
  testing::expect_error<ValueError>(
      [] {
        Reshape({-1, 3, -1});
      },
      "There must be at most one unknown dimension (-1) in `target_shape`. Received: "
      "target_shape=(-1, 3, -1).");
  testing::expect_error<ValueError>(
      [] {
        Reshape({2, -3});
      },
      {"Each dimension in `target_shape` must be a non-negative "
       "integer, or `-1` for a single unknown dimension."});
  Tensor x = testing::uniform({2, 12}).astype(DType::float32);
  testing::expect_error<ValueError>(
      [&] {
        Reshape({5, 5})(x);
      },
      "The total size of the tensor must be unchanged. Received: input_shape=(12,), "
      "target_shape=(5, 5)");
  testing::expect_error<ValueError>(
      [&] {
        Reshape({-1, 5})(x);
      },
      {"input size cannot by divided", "input_shape=(12,)", "target_shape=(-1, 5)"});
  testing::expect_error<ValueError>(
      [&] {
        Reshape({5, 5})(Input(Shape{12}));
      },
      "The total size of the tensor must be unchanged");
  testing::expect_error<ValueError>(
      [&] {
        Reshape({5, 5})->compute_output_shape(layers::Shapes(Shape{-1, 12}));
      },
      "target_shape=(5, 5)");
  testing::expect_error<ValueError>(
      [] {
        Reshape({-1}, {.name = "r"})(Input(Shape{-1, 3}));
      },
      {"Reshape 'r'", "both unknown"});
}

}  // namespace
}  // namespace keras
