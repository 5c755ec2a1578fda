#include "keras/layers/merging/dot.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "keras/layers/serialization.h"
#include "tests/layers/merging/merging_test_util.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Dot;
using layers::DotAxes;
using layers::Shapes;
using layers::Tensors;
using testing::bool_mask;
using testing::f32;

TEST(Dot, LayerTestRank2) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Dot(-1, {.dtype = dtype}); },
      .input_shapes = {Shape{2, 4}, Shape{2, 4}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 1}},
  });
}

TEST(Dot, LayerTestRank3) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Dot(-1, {.dtype = dtype}); },
      .input_shapes = {Shape{2, 4, 5}, Shape{2, 4, 5}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 4, 4}},
  });
}

TEST(Dot, LayerTestAxesPair) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Dot({1, 2}, {.dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 5}, Shape{2, 6, 3}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 5, 6}},
  });
}

TEST(Dot, LayerTestNormalize) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Dot({2, 1}, {.normalize = true, .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 4}, Shape{2, 4, 5}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 3, 5}},
  });
}

TEST(Dot, LayerTestMixedRanks) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Dot({1, 2}, {.dtype = dtype});
          },
      .input_shapes = {Shape{2, 3}, Shape{2, 2, 3, 2}},
      .list_input = true,
      .expected_output_shapes = {Shape{2, 2, 2}},
  });
}

// Keras's test_dot_higher_dim: symbolic and eager shapes agree.
TEST(Dot, HigherRanks) {
  Tensor a = Input({}, {.batch_shape = Shape{1, 3, 2}});
  Tensor b = Input({}, {.batch_shape = Shape{1, 1, 2, 3}});
  EXPECT_EQ(Dot({-2, -1})(Tensors{a, b}).single().shape(), (Shape{1, 2, 1, 2}));
  Tensor x = testing::uniform(Shape{1, 3, 2}, 0, 1, 1).astype(DType::float32);
  Tensor y = testing::uniform(Shape{1, 1, 2, 3}, 0, 1, 2).astype(DType::float32);
  EXPECT_EQ(Dot({-2, -1})(Tensors{x, y}).single().shape(), (Shape{1, 2, 1, 2}));
  // An unknown batch size with folded axes.
  Tensor k = Dot({3, 1})(Tensors{Input({3, 4, 5}), Input({5, 3, 2})});
  EXPECT_EQ(k.shape(), (Shape{-1, 3, 4, 3, 2}));
}

// With normalize the output is the cosine proximity: 1 for parallel vectors, -1 for opposite.
TEST(Dot, NormalizeGivesCosines) {
  Tensor a = f32({1, 2, 2, 0, 3, 0}, Shape{2, 3});
  Tensor b = f32({2, 4, 4, 0, -1, 0}, Shape{2, 3});
  Tensor y = Dot(1, {.normalize = true})(Tensors{a, b});
  testing::expect_near(y, f32({1, -1}, Shape{2, 1}), 1e-6, 1e-6, "cosines");
  // A zero vector stays finite (Keras clamps the squared norm).
  Tensor z = Dot(
      1, {.normalize = true})(Tensors{f32({0, 0, 0}, Shape{1, 3}), f32({1, 2, 3}, Shape{1, 3})});
  EXPECT_EQ(z.to_vector<double>(), (std::vector<double>{0}));
}

TEST(Dot, MakesNoMask) {
  Tensor a = testing::uniform(Shape{2, 4, 3}, -1, 1, 5).astype(DType::float32);
  Tensor m = bool_mask({1, 0, 1, 1, 0, 1, 1, 1}, Shape{2, 4});
  Tensor y = Dot(-1)(Tensors{a.with_keras_mask(m), a.with_keras_mask(m)});
  EXPECT_FALSE(y.keras_mask().defined());
}

TEST(Dot, ComputeOutputShape) {
  Dot dot({1, 2});
  EXPECT_EQ(dot->compute_output_shape(Shapes({Shape{-1, 3, 5}, Shape{-1, 6, 3}})).single(),
            (Shape{-1, 5, 6}));
  EXPECT_EQ(Dot(-1)->compute_output_shape(Shapes({Shape{-1, 4}, Shape{-1, 4}})).single(),
            (Shape{-1, 1}));
  EXPECT_EQ(
      Dot({-2, -1})->compute_output_shape(Shapes({Shape{1, 3, 2}, Shape{1, 1, 2, 3}})).single(),
      (Shape{1, 2, 1, 2}));
}

TEST(Dot, Config) {
  Dot pair({1, 2}, {.normalize = true, .name = "cosine"});
  Json config = pair->get_config();
  std::vector<std::string> keys;
  for (const auto& [key, value] : config.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype", "axes", "normalize"}));
  EXPECT_EQ(config.at("axes").dump(), "[1,2]");
  EXPECT_EQ(config.at("normalize"), true);
  auto copy = layers::DotImpl::from_config(config);
  EXPECT_TRUE(copy->axes().is_pair());
  EXPECT_EQ(copy->axes().values(), (std::vector<int>{1, 2}));
  EXPECT_TRUE(copy->normalize());
  Json single = Dot(-1)->get_config();
  EXPECT_EQ(single.at("axes").dump(), "-1");
  EXPECT_EQ(single.at("normalize"), false);
  EXPECT_FALSE(layers::DotImpl::from_config(single)->axes().is_pair());
  // Keras's constructor checks, through configs.
  testing::expect_error<TypeError>(
      [] {
        layers::DotImpl::from_config(Json{{"name", "d"}});
      },
      "'axes'");
  testing::expect_error<TypeError>(
      [] {
        layers::DotImpl::from_config(Json{{"axes", "last"}});
      },
      {"Invalid type for argument `axes`", "\"last\""});
  testing::expect_error<ValueError>(
      [] {
        layers::DotImpl::from_config(Json{{"axes", Json::array({1, 1.5})}});
      },
      "list elements should be integers");
}

TEST(Dot, FunctionalForm) {
  Tensor a = f32({1, 2, 3, 4}, Shape{2, 2}), b = f32({10, 20, 30, 40}, Shape{2, 2});
  testing::expect_near(layers::dot({a, b}), f32({50, 250}, Shape{2, 1}), 0, 0, "dot");
  testing::expect_near(layers::dot({a, b}, 1, {.normalize = true}), f32({1, 1}, Shape{2, 1}), 1e-6,
                       1e-6, "normalized");
  Tensor k = layers::dot({Input({3, 5}), Input({6, 3})}, {1, 2}, {.name = "pairs"});
  EXPECT_TRUE(layers::is_keras_tensor(k));
  EXPECT_EQ(k.shape(), (Shape{-1, 5, 6}));
}

TEST(Dot, BadInput) {
  Tensor x = Tensor::ones(Shape{2, 3}, DType::float32);
  Tensor y = Tensor::ones(Shape{2, 4}, DType::float32);
  Dot mismatched(-1);
  testing::expect_error<ValueError>(
      [&] {
        mismatched(Tensors{x, y});
      },
      {mismatched->name(), "Incompatible input shapes: axis values 3 (at axis 1) != 4 (at axis 1)",
       "Full input shapes: (2, 3), (2, 4)"});
  Dot pair({1, 2});
  testing::expect_error<ValueError>(
      [&] {
        pair(Tensors{Tensor::ones(Shape{2, 3, 5}, DType::float32),
                     Tensor::ones(Shape{2, 6, 4}, DType::float32)});
      },
      {pair->name(), "axis values 3 (at axis 1) != 4 (at axis 2)", "(2, 3, 5), (2, 6, 4)"});
  Dot three(-1);
  testing::expect_error<ValueError>(
      [&] {
        three(Tensors{x, x, x});
      },
      {three->name(), "A `Dot` layer should be called on a list of 2 inputs",
       "[(2, 3), (2, 3), (2, 3)]"});
  Dot single(-1);
  testing::expect_error<ValueError>([&] { single(x); },
                                    {single->name(), "list of 2 inputs", "(2, 3)"});
  Dot batch(0);
  testing::expect_error<ValueError>(
      [&] {
        batch(Tensors{x, x});
      },
      {batch->name(), "Cannot perform batch_dot over axis 0"});
  Dot far(3);
  testing::expect_error<ValueError>([&] { far(Tensors{x, x}); }, {far->name(), "axes=3", "(2, 3)"});
  Dot batches(1);
  testing::expect_error<ValueError>(
      [&] {
        batches(Tensors{x, Tensor::ones(Shape{5, 3}, DType::float32)});
      },
      {batches->name(), "different batch sizes", "(2, 3) and (5, 3)"});
  testing::expect_error<ValueError>(
      [] {
        Dot({1, 2, 3});
      },
      {"it should contain two elements", "axes=(1, 2, 3)"});
}

}  // namespace
}  // namespace keras
