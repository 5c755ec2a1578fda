#include "keras/layers/normalization/unit_normalization.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::UnitNormalization;
using testing::expect_near;

TEST(UnitNormalization, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return UnitNormalization({.dtype = dtype}); },
      .input_shapes = {Shape{4, 5}},
      .expected_output_shapes = {Shape{4, 5}},
      .supports_masking = true,
  });
}

TEST(UnitNormalization, SeveralAxes) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return UnitNormalization({.axis = {1, 2}, .dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .supports_masking = true,
  });
}

TEST(UnitNormalization, RowsHaveUnitNorm) {
  UnitNormalization un({.axis = 1});
  Tensor x = testing::uniform(Shape{3, 4, 2}, -3.0, 3.0, 2).astype(DType::float32);
  Tensor y = un(x);
  std::vector<double> v = y.to_vector<double>(), in = x.to_vector<double>();
  for (int b = 0; b < 3; ++b)
    for (int k = 0; k < 2; ++k) {
      double norm = 0, in_norm = 0;
      for (int j = 0; j < 4; ++j) {
        size_t i = static_cast<size_t>(b * 8 + j * 2 + k);
        norm += v[i] * v[i];
        in_norm += in[i] * in[i];
      }
      EXPECT_NEAR(norm, 1.0, 1e-6);
      for (int j = 0; j < 4; ++j) {
        size_t i = static_cast<size_t>(b * 8 + j * 2 + k);
        EXPECT_NEAR(v[i], in[i] / std::sqrt(in_norm), 1e-6);
      }
    }
}

TEST(UnitNormalization, TinyAndZeroVectors) {
  // The norm is clamped at 1e-12: a zero vector stays zero, with a finite gradient; a shorter
  // one is divided by 1e-12.
  UnitNormalization un({.dtype = DType::float64});
  Tensor x = Tensor::from_vector(std::vector<double>{0, 0, 0, 3e-13, -4e-13, 0}, Shape{2, 3});
  expect_near(un(x), Tensor::from_vector(std::vector<double>{0, 0, 0, 0.3, -0.4, 0}, Shape{2, 3}),
              1e-12, 0, "clamped norm");
  Tensor p = graph::placeholder(x.meta(), "x");
  Tensor loss = ops::sum(un(p));
  graph::Program backward({p}, graph::gradients(loss, {p}));
  for (double g : backward.run({x})[0].to_vector<double>()) EXPECT_TRUE(std::isfinite(g));
}

TEST(UnitNormalization, Config) {
  UnitNormalization un({.axis = {1, 2}, .name = "unit"});
  EXPECT_TRUE(un->built());
  EXPECT_TRUE(un->get_build_config().is_null());
  Json config = un->get_config();
  EXPECT_EQ(config.dump(), R"({"name":"unit","trainable":true,"dtype":)" +
                               config.at("dtype").dump() + R"(,"axis":[1,2]})");
  EXPECT_EQ(UnitNormalization()->get_config().at("axis"), -1);
  auto back = layers::UnitNormalizationImpl::from_config(config);
  EXPECT_EQ(back->get_config().dump(), config.dump());
}

TEST(UnitNormalization, BadInput) {
  UnitNormalization un({.axis = 2, .name = "unit"});
  testing::expect_error<ValueError>(
      [&] {
        un(Tensor::ones(Shape{4, 3}, DType::float32));
      },
      {"'unit'", "Axis 2 is out of bounds", "(4, 3)"});
  testing::expect_error<ValueError>(
      [&] {
        un->compute_output_shape(layers::Shapes(Shape{4, 3}));
      },
      {"'unit'", "Axis 2", "(4, 3)"});
  UnitNormalization twice({.axis = {0, -2}, .name = "twice"});
  testing::expect_error<ValueError>(
      [&] {
        twice(Tensor::ones(Shape{4, 3}, DType::float32));
      },
      {"'twice'", "axis=[0, -2]", "(4, 3)"});
  testing::expect_error<TypeError>(
      [] { layers::UnitNormalizationImpl::from_config(Json::parse(R"({"axis": "x"})")); },
      {"Invalid value for `axis` argument", "\"x\""});
}

}  // namespace
}  // namespace keras
