// Sequential models (built from a leading Input, from a first layer's input_shape, or lazily on
// the first call), add/pop, configs in Keras 3's layout, and Functional configs.
#include "keras/models/sequential.h"

#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/core/dense.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/serialization.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"
#include "keras/utils/naming.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Dense;

Tensor batch(int64_t n, int64_t d, uint64_t seed = 1) {
  return testing::uniform(Shape{n, d}, -1, 1, seed).astype(DType::float32);
}

TEST(Sequential, BuiltFromAnInputAsLayersAreAdded) {
  Sequential model;
  model.add(Input({4}));
  EXPECT_FALSE(model->functional());
  model.add(Dense(3, {.activation = "relu"}));
  ASSERT_TRUE(model->functional()) << "an input and a layer: built";
  EXPECT_EQ(model.weights().size(), 2u);
  model.add(Dense(2));
  EXPECT_EQ(model.layers().size(), 2u) << "the InputLayer is not listed";
  EXPECT_EQ(model->inputs()[0].shape(), (Shape{-1, 4}));
  EXPECT_EQ(model->outputs()[0].shape(), (Shape{-1, 2}));
  EXPECT_EQ(model(batch(5, 4)).shape(), (Shape{5, 2}));

  layers::LayerPtr last = model.pop();
  EXPECT_EQ(last->class_name(), "Dense");
  EXPECT_EQ(model.layers().size(), 1u);
  EXPECT_EQ(model(batch(5, 4)).shape(), (Shape{5, 3}));
}

TEST(Sequential, InputShapeArgumentAddsAnInputLayer) {
  Sequential model({Dense(3, {.input_shape = Shape{6}}), Dense(1)});
  ASSERT_TRUE(model->functional());
  EXPECT_EQ(model->all_layers().front()->class_name(), "InputLayer");
  EXPECT_EQ(model->inputs()[0].shape(), (Shape{-1, 6}));
}

TEST(Sequential, LazilyBuiltOnTheFirstCall) {
  Dense first(3), second(2);
  Sequential model({first, second});
  EXPECT_FALSE(model.built());
  EXPECT_FALSE(first->built());
  Tensor x = batch(7, 5);
  Tensor y = model(x);
  EXPECT_TRUE(model.built());
  EXPECT_EQ(y.shape(), (Shape{7, 2}));
  // Keras builds with the first batch's shape, batch size included.
  EXPECT_EQ(model->inputs()[0].shape(), (Shape{7, 5}));
  Tensor want =
      ops::add(ops::matmul(ops::add(ops::matmul(x, first->kernel().value()), first->bias().value()),
                           second->kernel().value()),
               second->bias().value());
  testing::expect_near(y, want, 1e-5, 1e-6, "lazy Sequential");

  Sequential explicit_build({Dense(3)});
  explicit_build.build(layers::Shapes(Shape{-1, 4}));
  EXPECT_EQ(explicit_build.count_params(), 15);
}

TEST(Sequential, Errors) {
  Sequential model({Input({3}), Dense(2, {.name = "same"})});
  testing::expect_error<ValueError>([&] { model.add(Dense(2, {.name = "same"})); },
                                    {"unique names", "Name 'same'"});
  testing::expect_error<ValueError>([&] { model.add(Input({3})); },
                                    {"already been configured to use input shape (None, 3)"});
  testing::expect_error<ValueError>(
      [&] {
        model(Tensor::ones(Shape{2, 4}, DType::float32));
      },
      {"expected shape=(None, 3)", "(2, 4)"});
  Sequential empty;
  testing::expect_error<ValueError>([&] { empty.pop(); }, "no layers to pop");
  testing::expect_error<ValueError>(
      [&] {
        empty.build(layers::Shapes(Shape{-1, 2}));
      },
      "cannot be built because it has no layers");
}

TEST(Sequential, ConfigAsKeras3WritesIt) {
  utils::clear_session();
  Sequential model({Input({784}), Dense(10, {.activation = "softmax"})});
  Json config = model.get_config();
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "trainable", "dtype", "layers",
                                            "build_input_shape"}));
  EXPECT_EQ(config.at("name"), "sequential");
  ASSERT_EQ(config.at("layers").size(), 2u);
  EXPECT_EQ(config.at("layers")[0].at("class_name"), "InputLayer");
  EXPECT_FALSE(config.at("layers")[0].contains("build_config"));
  EXPECT_EQ(config.at("layers")[1].at("build_config").dump(), R"({"input_shape":[null,784]})");
  EXPECT_EQ(config.at("build_input_shape").dump(), "[null,784]");
  Json serialized = layers::serialize(*model);
  EXPECT_EQ(serialized.at("module"), "keras");
  EXPECT_EQ(serialized.at("class_name"), "Sequential");
}

TEST(Sequential, GoesThroughTheSharedLayerTest) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return layers::AnyLayer(Sequential({Input({3}, {.dtype = dtype}),
                                                Dense(4, {.activation = "tanh", .dtype = dtype}),
                                                Dense(2, {.dtype = dtype})}));
          },
      .input_shapes = {Shape{6, 3}},
      .expected_output_shapes = {Shape{6, 2}},
      .expected_trainable_weights = 4,
  });
}

TEST(FunctionalConfig, Keras3Layout) {
  utils::clear_session();
  Tensor x = Input({784});
  Model model(x, Dense(10)(x));
  Json config = model.get_config();
  EXPECT_EQ(config.at("name"), "functional");
  EXPECT_FALSE(config.contains("dtype")) << "Functional writes its own keys";
  const Json& input = config.at("layers")[0];
  EXPECT_EQ(input.at("name"), "input_layer");
  EXPECT_EQ(input.at("inbound_nodes").dump(), "[]");
  const Json& dense = config.at("layers")[1];
  EXPECT_EQ(dense.at("inbound_nodes").dump(),
            R"([{"args":[{"class_name":"__keras_tensor__","config":{"shape":[null,784],)"
            R"("dtype":"float32","keras_history":["input_layer",0,0]}}],"kwargs":{}}])");
  EXPECT_EQ(config.at("input_layers").dump(), R"(["input_layer",0,0])");
  EXPECT_EQ(config.at("output_layers").dump(), R"(["dense",0,0])");
  Json serialized = layers::serialize(*model);
  EXPECT_EQ(serialized.at("module"), "keras.src.models.functional");
  EXPECT_EQ(serialized.at("registered_name"), "Functional");

  // Rebuilt from its config, with the weights copied over: the same function.
  auto copy = std::dynamic_pointer_cast<models::ModelImpl>(layers::deserialize(serialized));
  ASSERT_TRUE(copy);
  copy->set_weights(model.get_weights());
  Tensor v = batch(3, 784);
  testing::expect_near((*copy)(v), model(v), 0, 0, "functional from config");
}

TEST(FunctionalConfig, NestedAndListStructuresRoundTrip) {
  Tensor a = Input({2}, {.name = "a"}), b = Input({2}, {.name = "b"});
  Tensor inner_in = Input({2});
  Model inner(inner_in, Dense(2, {.name = "inner_d"})(inner_in), {.name = "inner"});
  Model outer({a, b}, {inner(a), inner(b)}, {.name = "outer"});
  Json config = outer.get_config();
  // A nested functional model's numbering starts at 1 in input/output layers (Keras).
  EXPECT_EQ(config.at("output_layers").dump(), R"([["inner",1,0],["inner",2,0]])");
  auto copy = models::FunctionalImpl::from_config(config);
  copy->set_weights(outer.get_weights());
  Tensor va = batch(2, 2, 5), vb = batch(2, 2, 6);
  layers::Tensors got = (*copy)(layers::Tensors({va, vb}));
  layers::Tensors want = outer(layers::Tensors({va, vb}));
  testing::expect_near(got[0], want[0], 0, 0, "output 0");
  testing::expect_near(got[1], want[1], 0, 0, "output 1");
}

}  // namespace
}  // namespace keras
