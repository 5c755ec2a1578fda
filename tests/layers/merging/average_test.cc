#include "keras/layers/merging/average.h"

#include <gtest/gtest.h>

#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "tests/layers/merging/merging_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Average;
using layers::Tensors;
using testing::bool_mask;
using testing::f32;

TEST(Average, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Average({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4, 5}, Shape{2, 4, 5}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 4, 5}},
  });
}

TEST(Average, LayerTestBroadcasting) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Average({.dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}, Shape{2, 1, 4}, Shape{2, 3, 1}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

TEST(Average, LayerTestDifferentRanks) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Average({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4}, Shape{2, 3, 4}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

// Keras's test_average_with_mask: the values are plain means; the mask is the OR of the masks.
TEST(Average, WithMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  Tensor m1 = bool_mask({0, 1, 0, 1}, Shape{1, 4});
  Tensor m2 = bool_mask({0, 0, 1, 1}, Shape{1, 4});
  Tensor want = f32({0, 0, 0.5, 1, 0.5, 1, 3, 4}, Shape{1, 4, 2});
  Tensor y = Average()(Tensors{x1.with_keras_mask(m1), x2});
  testing::expect_near(y, want, 0, 0, "one mask");
  EXPECT_FALSE(y.keras_mask().defined());
  y = Average()(Tensors{x1.with_keras_mask(m1), x2.with_keras_mask(m2)});
  testing::expect_near(y, want, 0, 0, "two masks");
  ASSERT_TRUE(y.keras_mask().defined());
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 1, 1}));
}

// Keras divides with ops.divide, which gives a float for integer inputs.
TEST(Average, IntegerInputsGiveFloats) {
  Tensor a = Tensor::from_vector(std::vector<int32_t>{1, 2}, Shape{2, 1});
  Tensor b = Tensor::from_vector(std::vector<int32_t>{2, 2}, Shape{2, 1});
  Tensor y = Average()(Tensors{a, b});
  EXPECT_EQ(y.dtype(), DType::float32);
  EXPECT_EQ(y.to_vector<double>(), (std::vector<double>{1.5, 2}));
}

TEST(Average, FunctionalForm) {
  Tensor a = f32({1, 2, 3, 4}, Shape{2, 2}), b = f32({10, 20, 30, 40}, Shape{2, 2});
  testing::expect_near(layers::average({a, b}), f32({5.5, 11, 16.5, 22}, Shape{2, 2}), 0, 0,
                       "average");
  Tensor k = layers::average({Input({2}), Input({2})}, {.name = "my_average"});
  EXPECT_TRUE(layers::is_keras_tensor(k));
  EXPECT_EQ(k.shape(), (Shape{-1, 2}));
}

TEST(Average, BadInput) {
  Average layer;
  testing::expect_error<ValueError>(
      [&] {
        layer(Tensors{Tensor::ones(Shape{2, 3, 4}, DType::float32),
                      Tensor::ones(Shape{2, 2, 4}, DType::float32)});
      },
      {layer->name(), "Inputs have incompatible shapes", "(3, 4) and (2, 4)"});
  testing::expect_error<ValueError>(
      [&] {
        layer(Tensor::ones(Shape{2, 3}, DType::float32));
      },
      {layer->name(), "list of inputs", "(2, 3)"});
}

// TensorFlow.js layers computed these (tests/golden/tfjs/layers_merging.js).
TEST(Average, MatchesTensorFlowJs) {
  auto cases = testing::load_golden("layers_merging.json");
  for (const char* name :
       {"average_rank2", "average_three_rank3", "average_broadcast", "average_ranks"})
    testing::expect_matches_golden(cases, name, [] { return Average(); });
}

}  // namespace
}  // namespace keras
