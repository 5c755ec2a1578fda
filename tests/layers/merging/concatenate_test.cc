#include "keras/layers/merging/concatenate.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "keras/layers/serialization.h"
#include "tests/layers/merging/merging_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Concatenate;
using layers::Shapes;
using layers::Tensors;
using testing::bool_mask;
using testing::f32;

TEST(Concatenate, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Concatenate({.dtype = dtype}); },
      .input_shapes = {Shape{2, 4, 5}, Shape{2, 4, 3}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 4, 8}},
  });
}

TEST(Concatenate, LayerTestAxis1) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Concatenate({.axis = 1, .dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}, Shape{2, 1, 4}, Shape{2, 2, 4}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 6, 4}},
  });
}

TEST(Concatenate, LayerTestRank2) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Concatenate({.axis = 1, .dtype = dtype}); },
      .input_shapes = {Shape{3, 2}, Shape{3, 5}},
      .list_input = true,
      .expected_output_shapes = {Shape{3, 7}},
  });
}

TEST(Concatenate, NegativeAxes) {
  Tensor a = testing::uniform(Shape{2, 2, 3}, -1, 1, 1).astype(DType::float32);
  Tensor b = testing::uniform(Shape{2, 4, 3}, -1, 1, 2).astype(DType::float32);
  Tensor y = Concatenate({.axis = -2})(Tensors{a, b});
  testing::expect_near(y, Concatenate({.axis = 1})(Tensors{a, b}), 0, 0, "axis -2");
  EXPECT_EQ(y.shape(), (Shape{2, 6, 3}));
}

// Keras's test_concatenate_with_mask: an unmasked input contributes an all-true mask.
TEST(Concatenate, WithMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  Tensor m1 = bool_mask({0, 1, 0, 1}, Shape{1, 4});
  Tensor y = Concatenate({.axis = 1})(Tensors{x1.with_keras_mask(m1), x2});
  testing::expect_near(y, f32({0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 8, 2}), 0,
                       0, "axis 1");
  ASSERT_TRUE(y.keras_mask().defined());
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 0, 1, 1, 1, 1, 1}));
  y = Concatenate({.axis = 2})(Tensors{x1.with_keras_mask(m1), x2});
  testing::expect_near(y, f32({0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 1, 2, 3, 4, 3, 4}, Shape{1, 4, 4}), 0,
                       0, "axis 2");
  ASSERT_TRUE(y.keras_mask().defined());
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{1, 1, 1, 1}));
  // No masks: none.
  EXPECT_FALSE(Concatenate()(Tensors{x1, x2}).single().keras_mask().defined());
  // Two masks along the steps.
  Tensor m2 = bool_mask({0, 0, 1, 1}, Shape{1, 4});
  y = Concatenate({.axis = 1})(Tensors{x1.with_keras_mask(m1), x2.with_keras_mask(m2)});
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 0, 1, 0, 0, 1, 1}));
}

// Keras's test_concatenate_with_mask_symbolic, with the masks given to the call.
TEST(Concatenate, MaskOfSymbolicInputs) {
  Concatenate concat({.axis = 1});
  Tensor a = Input({4, 2}), b = Input({4, 2});
  Tensors masks =
      concat->compute_mask(Tensors{a, b}, Tensors{Input({4}, {.dtype = DType::bool_}), Tensor()});
  ASSERT_EQ(masks.size(), 1u);
  EXPECT_EQ(masks[0].shape(), (Shape{-1, 8}));
  EXPECT_EQ(masks[0].dtype(), DType::bool_);
}

TEST(Concatenate, ComputeOutputShape) {
  Concatenate concat({.axis = 1});
  EXPECT_EQ(concat->compute_output_shape(Shapes({Shape{-1, 3, 4}, Shape{-1, 2, 4}})).single(),
            (Shape{-1, 5, 4}));
  EXPECT_EQ(concat->compute_output_shape(Shapes({Shape{-1, 3, 4}, Shape{-1, -1, 4}})).single(),
            (Shape{-1, -1, 4}));
  testing::expect_error<ValueError>(
      [&] {
        concat->compute_output_shape(Shapes(Shape{2, 3}));
      },
      {concat->name(), "list of inputs", "(2, 3)"});
}

TEST(Concatenate, Config) {
  Concatenate concat({.axis = 2, .name = "joined"});
  Json config = concat->get_config();
  std::vector<std::string> keys;
  for (const auto& [key, value] : config.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype", "axis"}));
  EXPECT_EQ(config.at("axis"), 2);
  auto copy = layers::ConcatenateImpl::from_config(config);
  EXPECT_EQ(copy->axis(), 2);
  EXPECT_EQ(layers::ConcatenateImpl::from_config(Json{{"name", "c"}})->axis(), -1);
}

TEST(Concatenate, FunctionalForm) {
  Tensor a = f32({1, 2}, Shape{2, 1}), b = f32({3, 4, 5, 6}, Shape{2, 2});
  testing::expect_near(layers::concatenate({a, b}), f32({1, 3, 4, 2, 5, 6}, Shape{2, 3}), 0, 0,
                       "axis -1");
  Tensor k = layers::concatenate({Input({2, 3}), Input({5, 3})}, 1, {.name = "joined_steps"});
  EXPECT_TRUE(layers::is_keras_tensor(k));
  EXPECT_EQ(k.shape(), (Shape{-1, 7, 3}));
}

// Keras's test_concatenate_errors, and the messages name the layer and the shapes.
TEST(Concatenate, BadInput) {
  Concatenate ok;
  EXPECT_EQ(ok(Tensors{Tensor::ones(Shape{1, 1, 1, 1, 5}, DType::float32),
                       Tensor::ones(Shape{1, 1, 1, 1, 4}, DType::float32)})
                .single()
                .shape(),
            (Shape{1, 1, 1, 1, 9}));
  Concatenate last;
  testing::expect_error<ValueError>(
      [&] {
        last(Tensors{Tensor::ones(Shape{1, 2, 1, 1, 5}, DType::float32),
                     Tensor::ones(Shape{1, 1, 1, 1, 4}, DType::float32)});
      },
      {last->name(), "requires inputs with matching shapes except for the concatenation axis",
       "input_shape=[(1, 2, 1, 1, 5), (1, 1, 1, 1, 4)]"});
  Concatenate axis1({.axis = 1});
  testing::expect_error<ValueError>(
      [&] {
        axis1(Tensors{Tensor::ones(Shape{1, 2, 1, 2, 1}, DType::float32),
                      Tensor::ones(Shape{1, 1, 1, 3, 1}, DType::float32)});
      },
      {axis1->name(), "matching shapes except for the concatenation axis",
       "[(1, 2, 1, 2, 1), (1, 1, 1, 3, 1)]"});
  Concatenate symbolic;
  testing::expect_error<ValueError>(
      [&] {
        symbolic(Tensors{Input({3, 4}), Input({5, 4})});
      },
      {symbolic->name(), "matching shapes", "[(None, 3, 4), (None, 5, 4)]"});
  Concatenate ranks;
  testing::expect_error<ValueError>(
      [&] {
        ranks(Tensors{Tensor::ones(Shape{2, 3}, DType::float32),
                      Tensor::ones(Shape{2, 3, 4}, DType::float32)});
      },
      {ranks->name(), "matching shapes", "[(2, 3), (2, 3, 4)]"});
  Concatenate single;
  testing::expect_error<ValueError>(
      [&] {
        single(Tensor::ones(Shape{2, 3}, DType::float32));
      },
      {single->name(), "A `Concatenate` layer should be called on a list", "(2, 3)"});
  Concatenate far({.axis = -4});
  testing::expect_error<ValueError>(
      [&] {
        Tensor x = Tensor::ones(Shape{2, 3}, DType::float32);
        far(Tensors{x, x});
      },
      {far->name(), "axis -4", "(2, 3)"});
}

}  // namespace
}  // namespace keras
