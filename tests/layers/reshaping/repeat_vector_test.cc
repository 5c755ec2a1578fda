#include "keras/layers/reshaping/repeat_vector.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::RepeatVector;

TEST(RepeatVector, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return RepeatVector(3, {.dtype = dtype}); },
      .input_shapes = {Shape{2, 4}},
      .expected_output_shapes = {Shape{2, 3, 4}},
  });
}

TEST(RepeatVector, LayerTestOnce) {
  testing::run_layer_test({
      .make = [](DType dtype) { return RepeatVector(1, {.dtype = dtype}); },
      .input_shapes = {Shape{3, 2}},
      .expected_output_shapes = {Shape{3, 1, 2}},
  });
}

TEST(RepeatVector, Repeats) {
  Tensor x = testing::uniform({2, 3}).astype(DType::float32);
  std::vector<float> in = x.to_vector<float>(), got = RepeatVector(4)(x).to_vector<float>();
  for (size_t b = 0; b < 2; ++b)
    for (size_t r = 0; r < 4; ++r)
      for (size_t f = 0; f < 3; ++f) EXPECT_EQ(got[(b * 4 + r) * 3 + f], in[b * 3 + f]);
  EXPECT_EQ(RepeatVector(5)(Input(Shape{7})).shape(), Shape({-1, 5, 7}));
  EXPECT_EQ(RepeatVector(5)->get_config().at("n"), 5);
}

TEST(RepeatVector, BadInput) {
  testing::expect_error<ValueError>([] { RepeatVector(0); },
                                    "Argument `n` should be a positive integer. Received: n=0");
  testing::expect_error<TypeError>(
      [] {
        layers::RepeatVectorImpl::from_config({{"name", "r"}, {"n", 2.5}});
      },
      "Expected an integer value for `n`");
  RepeatVector repeat(2, {.name = "rep"});
  testing::expect_error<ValueError>(
      [&] {
        repeat(testing::uniform({2, 3, 4}).astype(DType::float32));
      },
      {"'rep'", "expected ndim=2", "found ndim=3"});
}

}  // namespace
}  // namespace keras
