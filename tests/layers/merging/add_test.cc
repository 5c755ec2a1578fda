#include "keras/layers/merging/add.h"

#include <gtest/gtest.h>

#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "tests/layers/merging/merging_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Add;
using layers::Tensors;
using testing::bool_mask;
using testing::f32;

TEST(Add, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Add({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4, 5}, Shape{2, 4, 5}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 4, 5}},
  });
}

TEST(Add, LayerTestBroadcasting) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Add({.dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}, Shape{2, 1, 4}, Shape{2, 3, 1}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

TEST(Add, LayerTestDifferentRanks) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Add({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4}, Shape{2, 3, 4}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

// Keras's test_add_with_mask: the values are plain sums; the mask is the OR of the masks when
// both inputs have one.
TEST(Add, WithMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  Tensor m1 = bool_mask({0, 1, 0, 1}, Shape{1, 4});
  Tensor m2 = bool_mask({0, 0, 1, 1}, Shape{1, 4});
  Tensor want = f32({0, 0, 1, 2, 1, 2, 6, 8}, Shape{1, 4, 2});
  Tensor y = Add()(Tensors{x1.with_keras_mask(m1), x2});
  testing::expect_near(y, want, 0, 0, "one mask");
  EXPECT_FALSE(y.keras_mask().defined());
  y = Add()(Tensors{x1.with_keras_mask(m1), x2.with_keras_mask(m2)});
  testing::expect_near(y, want, 0, 0, "two masks");
  ASSERT_TRUE(y.keras_mask().defined());
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 1, 1}));
}

TEST(Add, FunctionalForm) {
  Tensor a = f32({1, 2, 3, 4}, Shape{2, 2}), b = f32({10, 20, 30, 40}, Shape{2, 2});
  testing::expect_near(layers::add({a, b}), f32({11, 22, 33, 44}, Shape{2, 2}), 0, 0, "add");
  Tensor k = layers::add({Input({2}), Input({2})}, {.name = "sum"});
  EXPECT_TRUE(layers::is_keras_tensor(k));
  EXPECT_EQ(k.shape(), (Shape{-1, 2}));
}

TEST(Add, BadInput) {
  Add add;
  testing::expect_error<ValueError>(
      [&] {
        add(Tensors{Tensor::ones(Shape{2, 3, 4}, DType::float32),
                    Tensor::ones(Shape{2, 2, 4}, DType::float32)});
      },
      {add->name(), "Inputs have incompatible shapes", "(3, 4) and (2, 4)"});
  testing::expect_error<ValueError>(
      [&] {
        add(Tensor::ones(Shape{2, 3}, DType::float32));
      },
      {add->name(), "list of inputs", "(2, 3)"});
}

// TensorFlow.js layers computed these (tests/golden/tfjs/layers_merging.js).
TEST(Add, MatchesTensorFlowJs) {
  auto cases = testing::load_golden("layers_merging.json");
  for (const char* name : {"add_rank2", "add_three_rank3", "add_broadcast", "add_ranks"})
    testing::expect_matches_golden(cases, name, [] { return Add(); });
}

}  // namespace
}  // namespace keras
