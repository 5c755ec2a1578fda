#include "keras/layers/reshaping/permute.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "keras/ops/shape.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Permute;

TEST(Permute, LayerTest) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Permute({2, 1}, {.dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 4, 3}},
  });
}

TEST(Permute, LayerTestRank4) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Permute({3, 1, 2}, {.dtype = dtype});
          },
      .input_shapes = {Shape{2, 3, 4, 5}},
      .expected_output_shapes = {Shape{2, 5, 3, 4}},
  });
}

TEST(Permute, DimsCountFromOne) {
  Tensor x = testing::uniform({2, 3, 4, 5}).astype(DType::float32);
  EXPECT_EQ(Permute({3, 1, 2})(x).to_vector<float>(),
            ops::transpose(x, {0, 3, 1, 2}).to_vector<float>());
  EXPECT_EQ(Permute({2, 1})(Input(Shape{-1, 6})).shape(), Shape({-1, 6, -1}));
  EXPECT_EQ(Permute({2, 1})->get_config().at("dims").dump(), "[2,1]");
}

TEST(Permute, BadInput) {
  for (auto [dims, shown] :
       std::vector<std::pair<std::vector<int>, const char*>>{{{1, 3}, "(1, 3)"},
                                                             {{0, 1}, "(0, 1)"},
                                                             {{1, 1}, "(1, 1)"},
                                                             {{-1, 1}, "(-1, 1)"},
                                                             {{2}, "(2,)"}})
    testing::expect_error<ValueError>(
        [&] { Permute{dims}; },
        str("Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` "
            "must be consecutive and start from 1. Received dims=",
            shown));
  Permute permute({2, 1}, {.name = "swap"});
  testing::expect_error<ValueError>(
      [&] {
        permute(testing::uniform({2, 3, 4, 5}).astype(DType::float32));
      },
      {"'swap'", "expected ndim=3", "found ndim=4"});
}

}  // namespace
}  // namespace keras
