#include "keras/layers/core/einsum_dense.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "keras/ops/einsum.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::EinsumDense;

TEST(EinsumDense, LayerTestDenseLike) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return EinsumDense("ab,bc->ac", 3,
                               {.activation = "tanh", .bias_axes = "c", .dtype = dtype});
          },
      .input_shapes = {Shape{4, 5}},
      .expected_output_shapes = {Shape{4, 3}},
      .expected_trainable_weights = 2,
  });
}

TEST(EinsumDense, LayerTestTwoOutputAxes) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return EinsumDense("abc,cde->abde", {3, 2, 4}, {.bias_axes = "de", .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 5}},
      .expected_output_shapes = {Shape{2, 3, 2, 4}},
      .expected_trainable_weights = 2,
  });
}

TEST(EinsumDense, LayerTestLeftEllipsis) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return EinsumDense("...b,bc->...c", 4,
                               {.activation = "relu", .bias_axes = "c", .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 5}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .expected_trainable_weights = 2,
  });
}

TEST(EinsumDense, LayerTestRightEllipsis) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return EinsumDense("ab...,bc->ac...", 4, {.bias_axes = "c", .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 2}},
      .expected_output_shapes = {Shape{2, 4, 2}},
      .expected_trainable_weights = 2,
  });
}

TEST(EinsumDense, LayerTestWithoutBiasAndUnknownOutputDimension) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return EinsumDense("abc,cd->abd", {-1, 3}, {.dtype = dtype});
          },
      .input_shapes = {Shape{2, 4, 5}},
      .expected_output_shapes = {Shape{2, 4, 3}},
      .expected_trainable_weights = 1,
  });
}

TEST(EinsumDense, LayerTestTwoContractedAxes) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return EinsumDense("abcd,cde->abe", {3, 4}, {.bias_axes = "e", .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 2, 5}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .expected_trainable_weights = 2,
  });
}

// Kernel and bias shapes as Keras derives them (keras/src/layers/core/einsum_dense_test.py).
TEST(EinsumDense, WeightShapes) {
  struct Case {
    std::string equation;
    Shape output_shape;
    std::optional<std::string> bias_axes;
    Shape input, kernel;
    std::optional<Shape> bias;
    Shape output;
  };
  std::vector<Case> cases = {
      {"ab,b->a", Shape{}, std::nullopt, {2, 32}, {32}, std::nullopt, {2}},
      {"ab,bc->ac", {64}, "c", {2, 32}, {32, 64}, Shape{64}, {2, 64}},
      {"abc,cde->abde", {1, 3, 4}, "e", {2, 1, 2}, {2, 3, 4}, Shape{4}, {2, 1, 3, 4}},
      {"abc,cde->abde", {1, 3, 4}, "be", {2, 1, 2}, {2, 3, 4}, Shape{1, 1, 4}, {2, 1, 3, 4}},
      {"BFNH,NHD->BFD", {1, 4}, "D", {2, 1, 2, 3}, {2, 3, 4}, Shape{4}, {2, 1, 4}},
      {"i,d->id", {2}, "d", {2}, {2}, Shape{2}, {2, 2}},
      {"ibd,nd->ibn", {2, 2}, std::nullopt, {2, 2, 1}, {2, 1}, std::nullopt, {2, 2, 2}},
      {"...b,bc->...c", {64}, "c", {2, 32}, {32, 64}, Shape{64}, {2, 64}},
      {"...bc,bc->...b", {32}, "b", {2, 32, 64}, {32, 64}, Shape{32}, {2, 32}},
      {"...c,cde->...de", {3, 4}, "de", {2, 1, 2}, {2, 3, 4}, Shape{3, 4}, {2, 1, 3, 4}},
      {"bc...,cd->bd...", {4}, "d", {2, 1, 2, 3}, {1, 4}, Shape{4, 1, 1}, {2, 4, 2, 3}},
      {"bc...,cde->bde...", {3, 4}, "e", {2, 1, 2}, {1, 3, 4}, Shape{4, 1}, {2, 3, 4, 2}},
      {"...ab,bc->...ac", {2, 5}, "c", {3, 4, 2, 6}, {6, 5}, Shape{5}, {3, 4, 2, 5}},
  };
  for (const Case& c : cases) {
    EinsumDense layer(c.equation, c.output_shape, {.bias_axes = c.bias_axes});
    EXPECT_EQ(layer->compute_output_shape(layers::Shapes(c.input))[0], c.output) << c.equation;
    Tensor y = layer(testing::uniform(c.input).astype(DType::float32));
    EXPECT_EQ(y.shape(), c.output) << c.equation;
    EXPECT_EQ(layer->kernel().shape(), c.kernel) << c.equation;
    ASSERT_EQ(layer->bias().defined(), c.bias.has_value()) << c.equation;
    if (c.bias) {
      EXPECT_EQ(layer->bias().shape(), *c.bias) << c.equation;
    }
  }
}

TEST(EinsumDense, ComputesActivationOfEinsumPlusBias) {
  EinsumDense layer("abc,cde->abde", {3, 2, 4}, {.activation = "sigmoid", .bias_axes = "de"});
  Tensor x = testing::uniform({2, 3, 5}).astype(DType::float32);
  Tensor y = layer(x);
  std::vector<double> got = y.to_vector<double>();
  std::vector<double> xs = x.to_vector<double>(), k = layer->kernel().value().to_vector<double>(),
                      b = layer->bias().value().to_vector<double>();
  for (int a = 0; a < 2; ++a)
    for (int i = 0; i < 3; ++i)
      for (int d = 0; d < 2; ++d)
        for (int e = 0; e < 4; ++e) {
          double s = b[static_cast<size_t>(d * 4 + e)];
          for (int c = 0; c < 5; ++c)
            s += xs[static_cast<size_t>((a * 3 + i) * 5 + c)] *
                 k[static_cast<size_t>((c * 2 + d) * 4 + e)];
          EXPECT_NEAR(got[static_cast<size_t>(((a * 3 + i) * 2 + d) * 4 + e)],
                      1.0 / (1.0 + std::exp(-s)), 1e-6);
        }
}

TEST(EinsumDense, FunctionalShapesWithUnknownDimensions) {
  EinsumDense layer("abc,cd->abd", {-1, 6}, {.bias_axes = "d"});
  Tensor y = layer(Input(Shape{-1, 4}));
  EXPECT_EQ(y.shape(), Shape({-1, -1, 6}));
  EXPECT_EQ(layer->kernel().shape(), Shape({4, 6}));
  EXPECT_EQ(layer->compute_output_shape(layers::Shapes(Shape{-1, 7, 4}))[0], Shape({-1, 7, 6}));
}

// Keras hands a VarianceScaling initializer the kernel's input and output axes, so its fans are
// those of the einsum: here fan_in = 4 (axis c) and fan_out = 2·5 (axes d, e).
TEST(EinsumDense, KernelInitializerGetsTheEinsumAxes) {
  initializers::GlorotUniform init({.seed = 3});
  EinsumDense layer("abc,cde->abde", {3, 2, 5}, {.kernel_initializer = init});
  layer(testing::uniform({2, 3, 4}).astype(DType::float32));
  initializers::GlorotUniform expected(
      {.seed = 3, .input_axes = std::vector<int>{0}, .output_axes = std::vector<int>{1, 2}});
  EXPECT_EQ(layer->kernel().value().to_vector<float>(),
            expected(Shape{4, 2, 5}, DType::float32).to_vector<float>());
  // The layer's own initializer (and config) is left as given.
  EXPECT_EQ(layer->get_config().at("kernel_initializer").at("config").at("input_axes"), nullptr);
  // An initializer with its axes set is used as it is.
  initializers::GlorotUniform given(
      {.seed = 3, .input_axes = std::vector<int>{0, 1}, .output_axes = std::vector<int>{2}});
  EinsumDense fixed("abc,cde->abde", {3, 2, 5}, {.kernel_initializer = given});
  fixed(testing::uniform({2, 3, 4}).astype(DType::float32));
  EXPECT_EQ(fixed->kernel().value().to_vector<float>(),
            given(Shape{4, 2, 5}, DType::float32).to_vector<float>());
}

TEST(EinsumDense, Config) {
  EinsumDense layer("abc,cd->abd", {-1, 64},
                    {.activation = "relu", .bias_axes = "d", .name = "proj"});
  Json config = layer->get_config();
  std::vector<std::string> keys;
  for (auto it = config.begin(); it != config.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "name", "trainable", "dtype", "output_shape", "equation", "activation",
                      "bias_axes", "kernel_initializer", "bias_initializer", "kernel_regularizer",
                      "bias_regularizer", "activity_regularizer", "kernel_constraint",
                      "bias_constraint", "quantization_config"}));
  EXPECT_EQ(config.at("output_shape").dump(), "[null,64]");
  EXPECT_EQ(config.at("equation"), "abc,cd->abd");
  EXPECT_EQ(config.at("activation"), "relu");
  EXPECT_EQ(config.at("bias_axes"), "d");
  EXPECT_EQ(config.at("activity_regularizer"), nullptr);
  EXPECT_EQ(EinsumDense("ab,bc->ac", 8)->get_config().at("output_shape").dump(), "[8]");
  EXPECT_EQ(EinsumDense("ab,bc->ac", 8)->get_config().at("bias_axes"), nullptr);
  // Keras's output_shape=64 (an integer) is read too.
  Json keras = {{"name", "e"},
                {"equation", "ab,bc->ac"},
                {"output_shape", 64},
                {"bias_axes", "c"},
                {"lora_rank", nullptr}};
  auto from = layers::EinsumDenseImpl::from_config(keras);
  EXPECT_EQ(from->partial_output_shape(), Shape({64}));
  EXPECT_EQ(from->bias_axes(), std::optional<std::string>("c"));
}

TEST(EinsumDense, BadInput) {
  for (const char* equation : {"ab,bc", "ab->b", "a,b,c->d", "ab,bc->ac,d", "ab,b2->a",
                               "...ab...,bc->ac", "a...,bc->ac...", "ab,bc->...ac"})
    testing::expect_error<ValueError>([&] { EinsumDense(equation, 4); },
                                      {str("Invalid einsum equation '", equation, "'"),
                                       "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]..."});
  testing::expect_error<ValueError>([] { EinsumDense("ab,bc->ad", 4); },
                                    {"Dimension 'd'", "output 'ad'", "input spec 'ab'"});
  testing::expect_error<ValueError>([] { EinsumDense("ab,bcx->ac", 4); },
                                    {"Weight dimension 'x'", "fully specified"});
  testing::expect_error<ValueError>([] { EinsumDense("ab,bc->ac", 4, {.bias_axes = "b"}); },
                                    {"Bias dimension 'b'", "output spec 'ac'"});
  testing::expect_error<ValueError>([] { EinsumDense("ab,bc->ac", {-2}); }, "output_shape (-2,)");

  Tensor x = testing::uniform({2, 3, 4}).astype(DType::float32);
  EinsumDense plain("ab,bc->ac", 4, {.name = "plain"});
  testing::expect_error<ValueError>([&] { plain(x); }, {"'plain'", "rank 2", "'ab'", "(2, 3, 4)"});
  testing::expect_error<ValueError>(
      [&] {
        EinsumDense("...ab,bc->...ac", {3, 4})(testing::uniform({3, 4}).astype(DType::float32));
      },
      {"rank at least 3", "(3, 4)"});
  testing::expect_error<ValueError>([&] { EinsumDense("abc,cd->abd", 4)(x); },
                                    {"output_shape (4,)", "'abd'", "needs 2"});
  testing::expect_error<ValueError>(
      [&] {
        EinsumDense("abc,cd->abd", {4, 5})(x);
      },
      {"do not match at shared dimension 'b'", "Input shape is 3", "output shape is 4"});
  testing::expect_error<ValueError>(
      [&] {
        EinsumDense("abc,cd->abd", {3, -1})(x);
      },
      {"kernel's axis 'd'", "unknown", "give it in output_shape"});
  testing::expect_error<ValueError>(
      [&] {
        EinsumDense("abc,cd->abd", {-1, 5})(Input(Shape{3, -1}));
      },
      {"kernel's axis 'c'", "unknown"});
  // Once built, the rank is fixed.
  EinsumDense built("...b,bc->...c", 5, {.name = "built"});
  built(x);
  testing::expect_error<ValueError>(
      [&] {
        built(testing::uniform({2, 4}).astype(DType::float32));
      },
      {"'built'", "expected ndim=3", "found ndim=2"});
}

}  // namespace
}  // namespace keras
