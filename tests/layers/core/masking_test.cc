#include "keras/layers/core/masking.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/core/input_layer.h"
#include "keras/models/model.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Masking;

// (batch, steps, features) uniform in [-1, 1) with the listed (batch, step) timesteps set to
// `value` in every feature.
Tensor with_masked_steps(Shape shape, std::vector<std::pair<int, int>> steps, double value,
                         DType dtype) {
  std::vector<double> v = testing::uniform(shape, -1.0, 1.0, 9).to_vector<double>();
  int64_t steps_n = shape[1], features = shape[2];
  for (auto [b, t] : steps)
    for (int64_t f = 0; f < features; ++f)
      v[static_cast<size_t>((b * steps_n + t) * features + f)] = value;
  return Tensor::from_vector(v, shape).astype(dtype);
}

// Masking replaces an input's mask by its own, so the pass-through check does not apply; its
// gradient is checked below (finite differences cannot cross the step at mask_value).
TEST(Masking, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Masking({.dtype = dtype}); },
      .input_shapes = {Shape{3, 4, 2}},
      .make_inputs =
          [](DType dtype) {
            return std::vector<Tensor>{with_masked_steps({3, 4, 2}, {{0, 1}, {2, 3}}, 0.0, dtype)};
          },
      .expected_output_shapes = {Shape{3, 4, 2}},
      .gradients = false,
  });
}

TEST(Masking, LayerTestMaskValue) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Masking({.mask_value = 0.25, .dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}},
      .make_inputs =
          [](DType dtype) {
            return std::vector<Tensor>{with_masked_steps({2, 3, 4}, {{1, 0}}, 0.25, dtype)};
          },
      .expected_output_shapes = {Shape{2, 3, 4}},
      .gradients = false,
  });
}

TEST(Masking, ZeroesMaskedStepsAndSetsTheMask) {
  Masking layer({.mask_value = 0.25});
  Tensor x = with_masked_steps({2, 3, 2}, {{0, 2}, {1, 1}}, 0.25, DType::float32);
  Tensor out = layer(x);
  std::vector<float> in = x.to_vector<float>(), got = out.to_vector<float>();
  std::vector<uint8_t> mask = {1, 1, 0, 1, 0, 1};
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], mask[i / 2] ? in[i] : 0.0f) << i;
  ASSERT_TRUE(out.keras_mask().defined());
  EXPECT_EQ(out.keras_mask().shape(), Shape({2, 3}));
  EXPECT_EQ(out.keras_mask().to_vector<uint8_t>(), mask);
  EXPECT_EQ(layer->compute_mask(x, {})[0].to_vector<uint8_t>(), mask);
  // An input's mask is replaced, not combined.
  Tensor all_off = Tensor::zeros(Shape{2, 3}, DType::bool_);
  EXPECT_EQ(layer(x.with_keras_mask(all_off)).keras_mask().to_vector<uint8_t>(), mask);
  // A functional model carries the mask on its Keras tensors.
  Tensor in_t = Input(Shape{3, 2});
  Tensor y = layer(in_t);
  EXPECT_TRUE(y.keras_mask().defined());
  Model model(in_t, y);
  EXPECT_EQ(model(x).to_vector<float>(), got);
}

// d(Σ r·masking(x))/dx = r on kept timesteps and 0 on masked ones.
TEST(Masking, GradientPassesKeptStepsOnly) {
  Masking layer({.dtype = DType::float64});
  Tensor x = with_masked_steps({2, 3, 2}, {{0, 0}, {1, 2}}, 0.0, DType::float64);
  Tensor p = graph::placeholder(x.meta(), "x");
  Tensor r = testing::uniform({2, 3, 2}, -1.0, 1.0, 4);
  Tensor grad = graph::gradients(ops::sum(ops::multiply(layer(p), r)), {p})[0];
  std::vector<double> got = graph::Program({p}, {grad}).run({x})[0].to_vector<double>();
  std::vector<double> rv = r.to_vector<double>();
  std::vector<uint8_t> mask = {0, 1, 1, 1, 1, 0};
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], mask[i / 2] ? rv[i] : 0.0) << i;
}

TEST(Masking, Config) {
  Masking layer({.mask_value = -1.5, .name = "pad"});
  Json config = layer->get_config();
  EXPECT_EQ(config.dump(), layers::MaskingImpl::from_config(config)->get_config().dump());
  EXPECT_EQ(config.at("mask_value"), -1.5);
  EXPECT_EQ(Masking()->get_config().at("mask_value").dump(), "0.0");
  EXPECT_TRUE(Masking()->built());
}

TEST(Masking, BadInput) {
  Masking layer({.name = "m"});
  testing::expect_error<ValueError>([&] { layer(Tensor::scalar(1.0f)); },
                                    {"Masking 'm'", "at least one axis", "()"});
}

}  // namespace
}  // namespace keras
