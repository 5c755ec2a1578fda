#include "keras/layers/reshaping/flatten.h"

#include <gtest/gtest.h>

#include "keras/config/config.h"
#include "keras/core/json.h"
#include "keras/layers/core/input_layer.h"
#include "keras/ops/shape.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Flatten;

TEST(Flatten, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Flatten({.dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 12}},
  });
}

TEST(Flatten, LayerTestChannelsFirst) {
  testing::run_layer_test({
      .make =
          [](DType dtype) { return Flatten({.data_format = "channels_first", .dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 2, 4}},
      .expected_output_shapes = {Shape{2, 24}},
  });
}

TEST(Flatten, LayerTestWithoutFeatureAxes) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Flatten({.dtype = dtype}); },
      .input_shapes = {Shape{5}},
      .expected_output_shapes = {Shape{5, 1}},
  });
}

TEST(Flatten, Order) {
  Tensor x = testing::uniform({2, 3, 2, 4}).astype(DType::float32);
  EXPECT_EQ(Flatten()(x).to_vector<float>(), x.to_vector<float>());  // row-major
  // channels_first flattens in (H, W, C) order: the channels-last layout.
  EXPECT_EQ(Flatten({.data_format = "channels_first"})(x).to_vector<float>(),
            ops::transpose(x, {0, 2, 3, 1}).to_vector<float>());
  EXPECT_EQ(Flatten({.data_format = "Channels_First"})->data_format(), "channels_first");
}

TEST(Flatten, DataFormatDefaultsToTheConfig) {
  std::string saved = config::image_data_format();
  config::set_image_data_format("channels_first");
  EXPECT_EQ(Flatten()->data_format(), "channels_first");
  config::set_image_data_format(saved);
  EXPECT_EQ(Flatten()->data_format(), saved);
  EXPECT_EQ(Flatten({.data_format = "channels_last"})->get_config().at("data_format"),
            "channels_last");
}

TEST(Flatten, UnknownDimensions) {
  Flatten flatten;
  EXPECT_EQ(flatten(Input(Shape{3, 4})).shape(), Shape({-1, 12}));
  EXPECT_EQ(flatten->compute_output_shape(layers::Shapes(Shape{-1, -1, 4}))[0], Shape({-1, -1}));
  // A known batch flattens the rest whatever it is.
  EXPECT_EQ(Flatten()(Input(Shape{-1, 4}, {.batch_size = 2})).shape(), Shape({2, -1}));
  testing::expect_error<ValueError>(
      [] {
        Flatten({.name = "f"})(Input(Shape{-1, 4}));
      },
      {"Flatten 'f'", "(None, None, 4)", "both unknown"});
}

TEST(Flatten, BadInput) {
  testing::expect_error<ValueError>(
      [] { Flatten({.data_format = "nchw"}); },
      "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
      "Received: data_format=nchw");
  Flatten flatten({.name = "flat"});
  testing::expect_error<ValueError>([&] { flatten(Tensor::scalar(1.0f)); },
                                    {"'flat'", "expected min_ndim=1", "found ndim=0"});
}

}  // namespace
}  // namespace keras
