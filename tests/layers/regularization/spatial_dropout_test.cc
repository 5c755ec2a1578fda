#include "keras/layers/regularization/spatial_dropout.h"

#include <gtest/gtest.h>

#include "keras/config/config.h"
#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/serialization.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::SpatialDropout1D;
using layers::SpatialDropout2D;

TEST(SpatialDropout1D, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return SpatialDropout1D(0.5, {.dtype = dtype}); },
      .input_shapes = {Shape{2, 3, 4}},
      .expected_output_shapes = {Shape{2, 3, 4}},
      .expected_seed_generators = 1,
      .random = true,
      .supports_masking = true,
  });
}

TEST(SpatialDropout2D, LayerTest) {
  for (const char* format : {"channels_last", "channels_first"}) {
    SCOPED_TRACE(format);
    testing::run_layer_test({
        .make =
            [format](DType dtype) {
              return SpatialDropout2D(0.5, {.data_format = format, .dtype = dtype});
            },
        .input_shapes = {Shape{2, 3, 4, 5}},
        .expected_output_shapes = {Shape{2, 3, 4, 5}},
        .expected_seed_generators = 1,
        .random = true,
        .supports_masking = true,
    });
  }
}

TEST(SpatialDropout1D, DropsWholeChannels) {
  Tensor x = Tensor::ones(Shape{10, 3, 10}, DType::float32);
  SpatialDropout1D layer(0.5, {.seed = 1});
  std::vector<float> v = layer(x, {.training = true}).to_vector<float>();
  int kept = 0;
  for (int b = 0; b < 10; ++b)
    for (int c = 0; c < 10; ++c) {
      float first = v[static_cast<size_t>(b * 30 + c)];
      ASSERT_TRUE(first == 0.0f || first == 2.0f);
      kept += first != 0.0f;
      for (int t = 1; t < 3; ++t) ASSERT_EQ(v[static_cast<size_t>(b * 30 + t * 10 + c)], first);
    }
  EXPECT_GT(kept, 20);  // 100 channel masks kept with probability 1/2
  EXPECT_LT(kept, 80);
  testing::expect_near(layer(x), x, 0, 0, "inference");
}

TEST(SpatialDropout2D, DropsWholeFeatureMaps) {
  for (const char* format : {"channels_last", "channels_first"}) {
    SCOPED_TRACE(format);
    bool last = std::string(format) == "channels_last";
    Shape shape = last ? Shape{10, 3, 3, 10} : Shape{10, 10, 3, 3};
    SpatialDropout2D layer(0.5, {.data_format = format});
    std::vector<float> v =
        layer(Tensor::ones(shape, DType::float32), {.training = true}).to_vector<float>();
    auto at = [&](int b, int i, int j, int c) {
      size_t index = last ? static_cast<size_t>(((b * 3 + i) * 3 + j) * 10 + c)
                          : static_cast<size_t>(((b * 10 + c) * 3 + i) * 3 + j);
      return v[index];
    };
    int kept = 0;
    for (int b = 0; b < 10; ++b)
      for (int c = 0; c < 10; ++c) {
        kept += at(b, 0, 0, c) != 0.0f;
        for (int i = 0; i < 3; ++i)
          for (int j = 0; j < 3; ++j) ASSERT_EQ(at(b, i, j, c), at(b, 0, 0, c));
      }
    EXPECT_GT(kept, 20);
    EXPECT_LT(kept, 80);
  }
}

TEST(SpatialDropout1D, UnknownBatchInGraphs) {
  SpatialDropout1D layer(0.5, {.seed = 2});
  Tensor x = graph::placeholder({DType::float32, Shape{-1, 4, 6}}, "x");
  graph::Program program({x}, {layer(x, {.training = true})});
  std::vector<float> v =
      program.run({Tensor::ones(Shape{7, 4, 6}, DType::float32)})[0].to_vector<float>();
  ASSERT_EQ(v.size(), 7u * 4 * 6);
  for (int b = 0; b < 7; ++b)
    for (int t = 1; t < 4; ++t)
      for (int c = 0; c < 6; ++c)
        ASSERT_EQ(v[static_cast<size_t>((b * 4 + t) * 6 + c)], v[static_cast<size_t>(b * 24 + c)]);
  // Functional calls on Keras tensors (Keras's dynamic-shape test).
  Tensor out = SpatialDropout1D(0.5)(Input(Shape{3, 2}), {.training = true});
  EXPECT_EQ(out.shape(), (Shape{-1, 3, 2}));
}

TEST(SpatialDropout2D, DataFormatDefaultsToTheConfig) {
  std::string saved = config::image_data_format();
  config::set_image_data_format("channels_first");
  SpatialDropout2D first(0.5);
  config::set_image_data_format(saved);
  EXPECT_EQ(first->data_format(), "channels_first");
  EXPECT_EQ(SpatialDropout2D(0.5, {.data_format = "Channels_Last"})->data_format(),
            "channels_last");
}

TEST(SpatialDropout, Configs) {
  SpatialDropout1D one(0.25, {.seed = 5, .name = "sd1"});
  Json c1 = one->get_config();
  EXPECT_EQ(c1.dump(), R"({"rate":0.25,"seed":5,"name":"sd1","dtype":"float32"})");
  SpatialDropout2D two(0.5, {.data_format = "channels_first", .name = "sd2"});
  EXPECT_EQ(two->get_config().dump(), R"({"rate":0.5,"seed":null,"name":"sd2","dtype":"float32",)"
                                      R"("data_format":"channels_first"})");
  EXPECT_EQ(SpatialDropout2D(0.5, {.dtype = DType::float64})->get_config().at("dtype"), "float64");
  for (const layers::AnyLayer& layer : {layers::AnyLayer(one), layers::AnyLayer(two)}) {
    Json serialized = layers::serialize(*layer);
    serialized["config"]["name"] = layer->name() + "_copy";
    layers::LayerPtr copy = layers::deserialize(serialized);
    EXPECT_EQ(copy->class_name(), layer->class_name());
    EXPECT_EQ(copy->get_config().dump(), serialized["config"].dump());
  }
  EXPECT_EQ(one->name().substr(0, 3), "sd1");
  EXPECT_EQ(SpatialDropout1D(0.5)->name().rfind("spatial_dropout1d", 0), 0u);
}

TEST(SpatialDropout, BadInput) {
  testing::expect_error<ValueError>([] { SpatialDropout1D(1.5, {.name = "s1"}); },
                                    {"'s1'", "`rate`", "rate=1.5"});
  SpatialDropout1D one(0.5, {.name = "s2"});
  testing::expect_error<ValueError>(
      [&] {
        one(Tensor::ones(Shape{2, 3}, DType::float32));
      },
      {"'s2'", "expected ndim=3", "found ndim=2"});
  SpatialDropout2D two(0.5, {.name = "s3"});
  testing::expect_error<ValueError>(
      [&] {
        two(Tensor::ones(Shape{2, 3, 4}, DType::float32));
      },
      {"'s3'", "expected ndim=4", "found ndim=3"});
  testing::expect_error<ValueError>(
      [] { SpatialDropout2D(0.5, {.data_format = "nhwc", .name = "s4"}); },
      {"'s4'", "data_format", "data_format=nhwc"});
}

}  // namespace
}  // namespace keras
