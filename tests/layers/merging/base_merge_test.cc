// What every merge layer shares (base_merge.h): list inputs, shape checks, broadcasting across
// ranks, output shapes and the OR of the masks.
#include "keras/layers/merging/base_merge.h"
#include "keras/core/json.h"

#include <gtest/gtest.h>

#include "keras/layers/core/input_layer.h"
#include "keras/layers/merging/merging_layers.h"
#include "keras/layers/serialization.h"
#include "tests/layers/merging/merging_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Add;
using layers::Shapes;
using layers::Tensors;
using testing::bool_mask;
using testing::f32;

TEST(Merge, CalledOnASingleTensorIsAnError) {
  Add add;
  Tensor x = Tensor::ones(Shape{2, 3}, DType::float32);
  testing::expect_error<ValueError>(
      [&] { add(x); }, {add->name(), "A merge layer should be called on a list of inputs",
                        "input_shape=(2, 3)", "not a list of shapes"});
  // Also once built on a list.
  add(Tensors{x, x});
  testing::expect_error<ValueError>([&] { add(x); },
                                    {add->name(), "should be called on a list", "(2, 3)"});
  layers::Maximum maximum;
  testing::expect_error<ValueError>([&] { maximum(Input({3})); },
                                    {maximum->name(), "list of inputs", "(None, 3)"});
}

TEST(Merge, IncompatibleShapesAreAnError) {
  Add add;
  Tensor a = Tensor::ones(Shape{2, 3, 4}, DType::float32);
  Tensor b = Tensor::ones(Shape{2, 3, 5}, DType::float32);
  testing::expect_error<ValueError>(
      [&] {
        add(Tensors{a, b});
      },
      {add->name(), "Inputs have incompatible shapes", "Received shapes (3, 4) and (3, 5)"});
  // The longer shape comes first in the message, as Keras swaps them.
  layers::Multiply multiply;
  testing::expect_error<ValueError>(
      [&] {
        multiply(Tensors{Tensor::ones(Shape{2, 5}, DType::float32), a});
      },
      {multiply->name(), "Received shapes (3, 4) and (5,)"});
  // Functional inputs are checked when the layer is called on them.
  layers::Average average;
  testing::expect_error<ValueError>(
      [&] {
        average(Tensors{Input({3, 4}), Input({2, 4})});
      },
      {average->name(), "(3, 4) and (2, 4)"});
}

TEST(Merge, DifferentBatchSizesAreAnError) {
  Add add;
  testing::expect_error<ValueError>(
      [&] {
        add(Tensors{Tensor::ones(Shape{2, 3}, DType::float32),
                    Tensor::ones(Shape{4, 3}, DType::float32)});
      },
      {add->name(), "Cannot merge tensors with different batch sizes",
       "Received tensors with shapes [(2, 3), (4, 3)]"});
}

TEST(Merge, OneInputIsAllowed) {
  Add add;
  Tensor x = f32({1, 2, 3, 4}, Shape{2, 2});
  testing::expect_near(add(Tensors{x}), x, 0, 0, "add of one input");
}

TEST(Merge, InputsOfDifferentRanksGainAxesAfterTheBatchAxis) {
  // (2, 3) and (2, 2, 2, 3): the first becomes (2, 1, 1, 3).
  Tensor a = f32({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  Tensor b = Tensor::ones(Shape{2, 2, 2, 3}, DType::float32);
  Tensor y = Add()(Tensors{a, b});
  ASSERT_EQ(y.shape(), (Shape{2, 2, 2, 3}));
  std::vector<double> got = y.to_vector<double>();
  for (int n = 0; n < 2; ++n)
    for (int k = 0; k < 4; ++k)
      for (int c = 0; c < 3; ++c) EXPECT_EQ(got[(n * 4 + k) * 3 + c], 1 + (n * 3 + c) + 1.0);
}

TEST(Merge, ComputeOutputShape) {
  Add add;
  EXPECT_EQ(add->compute_output_shape(Shapes({Shape{-1, 3, 4}, Shape{-1, 1, 4}})).single(),
            (Shape{-1, 3, 4}));
  // A known batch size wins over an unknown one; unknown dimensions stay unknown.
  EXPECT_EQ(add->compute_output_shape(Shapes({Shape{5, -1, 4}, Shape{-1, 3, 4}})).single(),
            (Shape{5, -1, 4}));
  // Shapes of different ranks align on the right.
  EXPECT_EQ(add->compute_output_shape(Shapes({Shape{2, 4}, Shape{2, 3, 4}})).single(),
            (Shape{2, 3, 4}));
  testing::expect_error<ValueError>(
      [&] {
        add->compute_output_shape(Shapes(Shape{2, 3}));
      },
      {add->name(), "list of inputs", "(2, 3)"});
}

TEST(Merge, MaskIsTheOrOfTheMasksWhenEveryInputHasOne) {
  Add add;
  Tensor x = Tensor::ones(Shape{1, 4, 2}, DType::float32);
  Tensor m1 = bool_mask({0, 1, 0, 1}, Shape{1, 4});
  Tensor m2 = bool_mask({0, 0, 1, 1}, Shape{1, 4});
  Tensors both = add->compute_mask(Tensors{x, x}, Tensors{m1, m2});
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 1, 1}));
  EXPECT_TRUE(add->compute_mask(Tensors{x, x}, Tensors{m1, Tensor()}).empty());
  EXPECT_TRUE(add->compute_mask(Tensors{x, x}, Tensors{}).empty());
  // All-true masks give an all-true mask (Keras's test_correctness_static).
  Tensor ones = bool_mask({1, 1, 1, 1}, Shape{1, 4});
  EXPECT_EQ(add->compute_mask(Tensors{x, x}, Tensors{ones, ones})[0].to_vector<uint8_t>(),
            (std::vector<uint8_t>{1, 1, 1, 1}));
  testing::expect_error<ValueError>(
      [&] {
        add->compute_mask(Tensors{x, x}, Tensors{m1});
      },
      {add->name(), "should have the same length"});
  testing::expect_error<ValueError>(
      [&] {
        add->compute_mask(Tensors(x), Tensors{m1, m2});
      },
      {add->name(), "`inputs` should be a list"});
  testing::expect_error<ValueError>(
      [&] {
        add->compute_mask(Tensors{x, x}, Tensors(m1));
      },
      {add->name(), "`mask` should be a list"});
}

TEST(Merge, OutputCarriesTheMask) {
  Tensor x1 = f32({0, 0, 1, 2, 0, 0, 3, 4}, Shape{1, 4, 2});
  Tensor x2 = f32({0, 0, 0, 0, 1, 2, 3, 4}, Shape{1, 4, 2});
  Tensor m1 = bool_mask({0, 1, 0, 1}, Shape{1, 4});
  Tensor m2 = bool_mask({0, 0, 1, 1}, Shape{1, 4});
  Tensor y = Add()(Tensors{x1.with_keras_mask(m1), x2.with_keras_mask(m2)});
  ASSERT_TRUE(y.keras_mask().defined());
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{0, 1, 1, 1}));
  // Masks given to the call replace the ones the inputs carry.
  Tensor z = Add()(Tensors{x1, x2}, {.mask = Tensors{m2, m2}});
  ASSERT_TRUE(z.keras_mask().defined());
  EXPECT_EQ(z.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{0, 0, 1, 1}));
}

TEST(Merge, ConfigAndBuildConfig) {
  Add add({.name = "merge_sum"});
  add(Tensors{Input({3}), Input({3})});
  Json config = layers::serialize(*add);
  EXPECT_EQ(config.at("class_name"), "Add");
  std::vector<std::string> keys;
  for (const auto& [key, value] : config.at("config").items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype"}));
  EXPECT_EQ(config.at("build_config").at("input_shape").dump(), "[[null,3],[null,3]]");
  layers::LayerPtr copy = layers::deserialize(config);
  EXPECT_EQ(copy->name(), "merge_sum");
  EXPECT_TRUE(copy->built());
  // Unknown keys are ignored.
  Json extra = config;
  extra["config"]["unknown_key"] = 3;
  EXPECT_EQ(layers::deserialize(extra)->class_name(), "Add");
}

}  // namespace
}  // namespace keras
