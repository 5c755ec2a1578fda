#include "keras/layers/core/identity.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/serialization.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Identity;

TEST(Identity, LayerTest) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Identity({.dtype = dtype}); },
      .input_shapes = {Shape{3, 4, 2}},
      .expected_output_shapes = {Shape{3, 4, 2}},
      .supports_masking = true,
  });
}

TEST(Identity, LayerTestListInput) {
  testing::run_layer_test({
      .make = [](DType dtype) { return Identity({.dtype = dtype}); },
      .input_shapes = {Shape{2, 3}, Shape{2, 5}},
      .expected_output_shapes = {Shape{2, 3}, Shape{2, 5}},
      .supports_masking = true,
  });
}

TEST(Identity, ReturnsItsInputsUnchanged) {
  Identity layer;
  EXPECT_TRUE(layer->built());  // built at construction, as Keras: no build_config
  Tensor ids = testing::integers({2, 3}, 0, 9, DType::int32);
  Tensor out = layer(ids);
  EXPECT_EQ(out.dtype(), DType::int32);
  EXPECT_EQ(out.to_vector<int32_t>(), ids.to_vector<int32_t>());
  Json serialized = layers::serialize(*layer);
  EXPECT_TRUE(!serialized.contains("build_config") || serialized.at("build_config").is_null());
  Json config = layer->get_config();
  EXPECT_EQ(config.size(), 3u);  // name, trainable, dtype
  EXPECT_EQ(layers::IdentityImpl::from_config(config)->name(), layer->name());
}

}  // namespace
}  // namespace keras
