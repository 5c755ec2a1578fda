// keras::utils::to_categorical and normalize against Keras 3 itself
// (tests/golden/data/keras3_numerical_utils.json, from tests/golden/keras3/make_numerical_utils.py:
// to_categorical on NumPy labels; normalize on tensors, float32 on JAX and float64 on
// TensorFlow), plus dtypes, shapes, symbolic inputs and errors.
#include "keras/utils/numerical_utils.h"
#include "keras/core/json.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/config/config.h"
#include "keras/graph/node.h"
#include "keras/ops/math.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

TEST(ToCategorical, GoldenKeras3) {
  auto cases = testing::load_golden("keras3_numerical_utils.json");
  int seen = 0;
  for (const testing::GoldenCase& c : cases) {
    if (!c.name.starts_with("to_categorical")) continue;
    SCOPED_TRACE(c.name);
    ++seen;
    std::optional<int64_t> num_classes;
    if (!c.extra.at("num_classes").is_null())
      num_classes = c.extra.at("num_classes").get<int64_t>();
    Tensor y = utils::to_categorical(c.inputs[0], num_classes);
    EXPECT_EQ(y.dtype(), DType::float32);
    EXPECT_EQ(y.shape(), c.outputs[0].shape());
    EXPECT_EQ(y.to_vector<double>(), c.outputs[0].to_vector<double>());
  }
  EXPECT_EQ(seen, 6);
}

TEST(ToCategorical, LabelDtypesAndScalars) {
  std::vector<uint8_t> bytes{3, 0, 1};
  Tensor from_uint8 = utils::to_categorical(Tensor::from_vector(bytes));  // keras::datasets labels
  EXPECT_EQ(from_uint8.shape(), (Shape{3, 4}));
  EXPECT_EQ(from_uint8.to_vector<float>(),
            (std::vector<float>{0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0}));
  Tensor from_int32 = utils::to_categorical(Tensor::from_vector<int32_t>({1, 0}), 3);
  EXPECT_EQ(from_int32.to_vector<float>(), (std::vector<float>{0, 1, 0, 1, 0, 0}));
  // Float labels are truncated toward zero, as np.array(x, dtype="int64").
  Tensor from_float = utils::to_categorical(Tensor::from_vector<double>({1.9, 0.2}));
  EXPECT_EQ(from_float.to_vector<float>(), (std::vector<float>{0, 1, 1, 0}));
  Tensor scalar = utils::to_categorical(Tensor::scalar<int64_t>(2));
  EXPECT_EQ(scalar.shape(), (Shape{3}));
  EXPECT_EQ(scalar.to_vector<float>(), (std::vector<float>{0, 0, 1}));
  Tensor empty = utils::to_categorical(Tensor::zeros({0}, DType::int64), 4);
  EXPECT_EQ(empty.shape(), (Shape{0, 4}));

  config::set_floatx("float64");
  EXPECT_EQ(utils::to_categorical(Tensor::from_vector<int64_t>({0})).dtype(), DType::float64);
  config::set_floatx("float32");
}

TEST(ToCategorical, Errors) {
  testing::expect_error<ValueError>(
      [] {
        utils::to_categorical(Tensor::from_vector<int64_t>({0, -1, 2}));
      },
      "received the negative label -1");
  testing::expect_error<ValueError>(
      [] {
        utils::to_categorical(Tensor::from_vector<int64_t>({0, 5, 2}), 3);
      },
      "the label 5 is out of range for num_classes=3");
  testing::expect_error<ValueError>(
      [] { utils::to_categorical(Tensor::from_vector<int64_t>({0}), -2); },
      "Received: num_classes=-2");
  testing::expect_error<ValueError>([] { utils::to_categorical(Tensor::zeros({0}, DType::int64)); },
                                    "empty input");
}

TEST(ToCategorical, Symbolic) {
  Tensor labels = graph::placeholder({DType::int64, Shape{-1, 1}});
  Tensor y = utils::to_categorical(labels, 10);
  EXPECT_TRUE(y.is_symbolic());
  EXPECT_EQ(y.shape(), (Shape{-1, 10}));
  testing::expect_error<ValueError>([&] { utils::to_categorical(labels); }, "needs `num_classes`");
}

// Tolerances: float32 rtol 4e-7 (3 ulps), float64 rtol 1e-15: Keras's l2 form x·rsqrt(Σx²) and
// the norms of other orders, computed in the input's dtype on both sides.
TEST(Normalize, GoldenKeras3) {
  auto cases = testing::load_golden("keras3_numerical_utils.json");
  int seen = 0;
  for (const testing::GoldenCase& c : cases) {
    if (!c.name.starts_with("normalize")) continue;
    SCOPED_TRACE(c.name);
    ++seen;
    int axis = c.extra.at("axis").get<int>(), order = c.extra.at("order").get<int>();
    const Tensor& x = c.inputs[0];
    Tensor y = utils::normalize(x, axis, order);
    EXPECT_EQ(y.dtype(), x.dtype());
    const bool f64 = x.dtype() == DType::float64;
    testing::expect_near(y, c.outputs[0], f64 ? 1e-15 : 4e-7, f64 ? 1e-17 : 1e-8, c.name);
  }
  EXPECT_EQ(seen, 14);
}

TEST(Normalize, EpsilonScalarsIntegersAndErrors) {
  // Keras's tensor path clamps at epsilon (1e-7): a vector with a tiny norm is scaled by 1/eps.
  Tensor tiny = utils::normalize(Tensor::from_vector<double>({3e-9, 4e-9}));
  testing::expect_near(tiny, Tensor::from_vector<double>({0.03, 0.04}), 1e-9, 0, "tiny");
  Tensor scalar = utils::normalize(Tensor::scalar<double>(-2.0));
  EXPECT_EQ(scalar.shape(), (Shape{1}));
  EXPECT_EQ(scalar.item<double>(), -1.0);
  Tensor ints = utils::normalize(Tensor::from_vector<int64_t>({3, 4}));
  EXPECT_EQ(ints.dtype(), DType::float32);
  testing::expect_near(ints, Tensor::from_vector<double>({0.6, 0.8}), 1e-6, 0, "ints");
  testing::expect_error<ValueError>([] { utils::normalize(Tensor::scalar<double>(1.0), -1, 0); },
                                    "Argument `order` must be an int >= 1. Received: order=0");
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 3}});
  EXPECT_EQ(utils::normalize(x).shape(), (Shape{-1, 3}));
}

}  // namespace
}  // namespace keras
