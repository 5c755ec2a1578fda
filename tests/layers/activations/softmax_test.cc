#include "keras/layers/activations/softmax.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "keras/core/json.h"
#include "keras/layers/serialization.h"
#include "keras/ops/math.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Softmax;

// Softmax over `axes` of a float64 tensor, with an optional keep mask of x's shape (1 keeps):
// Keras 3's masked formula (masked logits -1e9, masked outputs 0).
Tensor reference(const Tensor& x, const std::vector<int>& axes, const std::vector<int>* keep) {
  std::vector<double> v = x.to_vector<double>();
  const Shape& s = x.shape();
  std::vector<int64_t> strides = strides_of(s);
  auto reduced = [&](int d) { return std::find(axes.begin(), axes.end(), d) != axes.end(); };
  // Group the elements by their index on the other axes.
  std::map<std::vector<int64_t>, std::vector<size_t>> groups;
  for (size_t i = 0; i < v.size(); ++i) {
    std::vector<int64_t> key;
    for (int d = 0; d < s.rank(); ++d)
      if (!reduced(d))
        key.push_back((static_cast<int64_t>(i) / strides[static_cast<size_t>(d)]) % s[d]);
    groups[key].push_back(i);
  }
  std::vector<double> out(v.size());
  for (const auto& [key, members] : groups) {
    double top = -1e300;
    for (size_t i : members) {
      if (keep && !(*keep)[i]) v[i] = -1e9;
      top = std::max(top, v[i]);
    }
    double total = 0;
    for (size_t i : members) total += std::exp(v[i] - top);
    for (size_t i : members) out[i] = (keep && !(*keep)[i]) ? 0.0 : std::exp(v[i] - top) / total;
  }
  return Tensor::from_vector(out, s);
}

TEST(Softmax, LayerTest) {
  // (3, 3, 3): the shared test's mask, (3, 3), broadcasts against it.
  testing::run_layer_test({
      .make = [](DType dtype) { return Softmax({.dtype = dtype}); },
      .input_shapes = {Shape{3, 3, 3}},
      .expected_output_shapes = {Shape{3, 3, 3}},
      .supports_masking = true,
  });
  testing::run_layer_test({
      .make = [](DType dtype) { return Softmax({.axis = 1, .dtype = dtype}); },
      .input_shapes = {Shape{2, 2, 2}},
      .expected_output_shapes = {Shape{2, 2, 2}},
      .supports_masking = true,
  });
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return Softmax({.axis = {1, 2}, .dtype = dtype});
          },
      .input_shapes = {Shape{2, 2, 2}},
      .expected_output_shapes = {Shape{2, 2, 2}},
      .supports_masking = true,
  });
}

TEST(Softmax, Axes) {
  Tensor x = testing::uniform(Shape{2, 3, 4}, -3.0, 3.0, 21);
  testing::expect_near(Softmax({.dtype = DType::float64})(x), reference(x, {2}, nullptr), 1e-12,
                       1e-15, "axis -1");
  testing::expect_near(Softmax({.axis = 0, .dtype = DType::float64})(x), reference(x, {0}, nullptr),
                       1e-12, 1e-15, "axis 0");
  testing::expect_near(Softmax({.axis = -2, .dtype = DType::float64})(x),
                       reference(x, {1}, nullptr), 1e-12, 1e-15, "axis -2");
  testing::expect_near(Softmax({.axis = {1}, .dtype = DType::float64})(x),
                       reference(x, {1}, nullptr), 1e-12, 1e-15, "axis [1]");
  testing::expect_near(Softmax({.axis = {0, 2}, .dtype = DType::float64})(x),
                       reference(x, {0, 2}, nullptr), 1e-12, 1e-15, "axes [0, 2]");
  testing::expect_near(Softmax({.axis = {-1, 0, 1}, .dtype = DType::float64})(x),
                       reference(x, {0, 1, 2}, nullptr), 1e-12, 1e-15, "every axis");
}

TEST(Softmax, Mask) {
  Tensor x = testing::uniform(Shape{3, 5}, -3.0, 3.0, 22);
  // Row 1 fully masked: zeros, not Keras 2's uniform row.
  std::vector<int> keep = {1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
  std::vector<int64_t> keep64(keep.begin(), keep.end());
  Tensor mask = Tensor::from_vector(keep64, x.shape()).astype(DType::bool_);
  Tensor want = reference(x, {1}, &keep);
  Softmax layer({.dtype = DType::float64});
  Tensor y = layer(x, {.mask = layers::Tensors(mask)});
  testing::expect_near(y, want, 1e-12, 1e-15, "bool mask");
  std::vector<double> all = y.to_vector<double>();
  std::vector<double> row1(all.begin() + 5, all.begin() + 10);
  EXPECT_EQ(row1, std::vector<double>(5, 0.0));
  // The mask the input carries, and a numeric one (kept where > 0.5).
  testing::expect_near(layer(x.with_keras_mask(mask)), want, 1e-12, 1e-15, "carried mask");
  Tensor numeric = ops::multiply(mask.astype(DType::float64), 0.9);
  testing::expect_near(layer(x, {.mask = layers::Tensors(numeric)}), want, 1e-12, 1e-15,
                       "numeric mask");
  // A mask that broadcasts: one per column.
  std::vector<int> cols = {1, 1, 0, 1, 0};
  std::vector<int> full;
  for (int r = 0; r < 3; ++r) full.insert(full.end(), cols.begin(), cols.end());
  Tensor col_mask = Tensor::from_vector(std::vector<int64_t>(cols.begin(), cols.end()), Shape{5})
                        .astype(DType::bool_);
  testing::expect_near(layer(x, {.mask = layers::Tensors(col_mask)}), reference(x, {1}, &full),
                       1e-12, 1e-15, "broadcast mask");
  // The mask passes through.
  EXPECT_EQ(layer(x.with_keras_mask(mask)).keras_mask().to_vector<uint8_t>(),
            mask.to_vector<uint8_t>());
}

TEST(Softmax, Config) {
  Json config = Softmax({.axis = 1})->get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype", "axis"}));
  EXPECT_EQ(config.at("axis"), 1);
  EXPECT_EQ(Softmax()->get_config().at("axis"), -1);
  Json list = Softmax({.axis = {1, 2}})->get_config();
  EXPECT_EQ(list.at("axis"), Json::parse("[1, 2]"));
  EXPECT_EQ(Softmax({.axis = {-1}})->get_config().at("axis"), Json::parse("[-1]"));
  for (const Json& c : {config, list}) {
    auto copy = layers::deserialize(Json{{"class_name", "Softmax"}, {"config", c}});
    EXPECT_EQ(copy->get_config().dump(), c.dump());
  }
}

TEST(Softmax, BadInput) {
  Tensor x = Tensor::ones(Shape{2, 5}, DType::float32);
  testing::expect_error<ValueError>([&] { Softmax({.axis = 2, .name = "s2"})(x); },
                                    {"'s2'", "axis 2", "rank 2", "(2, 5)"});
  testing::expect_error<ValueError>(
      [&] {
        Softmax({.axis = {0, -3}, .name = "s3"})(x);
      },
      {"'s3'", "axis -3", "rank 2"});
  testing::expect_error<ValueError>(
      [] {
        Softmax({.axis = {1, 1}, .name = "s4"});
      },
      {"'s4'", "axis 1 twice"});
  testing::expect_error<ValueError>(
      [&] {
        Softmax({.axis = {1, -1}, .name = "s5"})(x);
      },
      {"'s5'", "[1,-1]", "twice"});
  testing::expect_error<ValueError>([] { Softmax({.axis = std::vector<int>{}, .name = "s6"}); },
                                    {"'s6'", "at least one"});
  Tensor bad_mask = Tensor::ones(Shape{2}, DType::bool_);
  testing::expect_error<ValueError>(
      [&] { Softmax({.name = "s7"})(x, {.mask = layers::Tensors(bad_mask)}); },
      {"'s7'", "broadcastable", "inputs.shape=(2, 5)", "mask.shape=(2,)"});
  Tensor deep_mask = Tensor::ones(Shape{1, 2, 5}, DType::bool_);
  testing::expect_error<ValueError>(
      [&] { Softmax({.name = "s8"})(x, {.mask = layers::Tensors(deep_mask)}); },
      {"'s8'", "more dimensions", "mask.shape=(1, 2, 5)"});
}

}  // namespace
}  // namespace keras
