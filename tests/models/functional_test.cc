// Functional models: several inputs and outputs (lists and named dicts), shared layers, nested
// models, layer order, get_layer, calls on concrete, graph and Keras tensors, and the errors
// Keras gives for graphs it cannot use.
#include "keras/models/functional.h"

#include <gtest/gtest.h>

#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/core/dense.h"
#include "keras/layers/core/input_layer.h"
#include "keras/models/sequential.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"
#include "keras/ops/shape.h"
#include "keras/utils/naming.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Dense;
using layers::Tensors;

// y = relu(x @ kernel + bias), computed here from the weights.
Tensor dense_ref(const Tensor& x, const layers::DenseImpl& d, bool relu) {
  Tensor y = ops::add(ops::matmul(x, d.kernel().value()), d.bias().value());
  return relu ? ops::relu(y) : y;
}

// Concatenation of two tensors along the last axis, as a user layer (no merge layers needed).
class JoinImpl : public layers::Layer {
 public:
  JoinImpl() : Layer("Join") { built_at_construction(); }

 protected:
  Tensors call(const Tensors& inputs, const layers::CallContext&) override {
    return ops::concatenate({inputs[0], inputs[1]}, -1);
  }
};

TEST(Functional, MultiInputMultiOutputByListAndDict) {
  utils::clear_session();
  Tensor a = Input({3}, {.name = "a"});
  Tensor b = Input({2}, {.name = "b"});
  Dense da(4, {.activation = "relu"}), db(4, {.activation = "relu"}), head(1);
  Tensor joined = layers::make<JoinImpl>()({da(a), db(b)});
  Tensor out1 = head(joined);
  Tensor out2 = da(a);  // the same layer feeding a second output
  Model model({a, b}, {out1, out2});
  EXPECT_EQ(model->inputs().size(), 2u);
  EXPECT_EQ(model->output_names(), (std::vector<std::string>{"dense_2", "dense"}));

  Tensor xa = testing::uniform(Shape{5, 3}).astype(DType::float32);
  Tensor xb = testing::uniform(Shape{5, 2}, -1, 1, 2).astype(DType::float32);
  Tensors by_list = model(Tensors({xa, xb}));
  ASSERT_EQ(by_list.size(), 2u);
  Tensor ha = dense_ref(xa, *da, true), hb = dense_ref(xb, *db, true);
  Tensor want1 = dense_ref(ops::concatenate({ha, hb}, -1), *head, false);
  testing::expect_near(by_list[0], want1, 1e-5, 1e-6, "output 0");
  testing::expect_near(by_list[1], ha, 1e-5, 1e-6, "output 1");

  // A dict by input name gives the same; so does a dict model called with a dict or a list.
  Tensors by_dict = model(Tensors({{"b", xb}, {"a", xa}}));
  testing::expect_near(by_dict[0], by_list[0], 0, 0, "dict call");
  Model named({{"a", a}, {"b", b}}, {{"score", out1}});
  Tensors named_out = named(Tensors({{"a", xa}, {"b", xb}}));
  ASSERT_TRUE(named_out.is_dict());
  testing::expect_near(named_out.at("score"), by_list[0], 0, 0, "dict output");
  testing::expect_error<ValueError>(
      [&] {
        model(Tensors({{"a", xa}}));
      },
      {"missing data for input \"b\""});
}

TEST(Functional, SharedLayersAndTheirWeights) {
  Tensor x1 = Input({4}), x2 = Input({4});
  Dense shared(3);
  Model model({x1, x2}, {shared(x1), shared(x2)});
  EXPECT_EQ(model.weights().size(), 2u) << "one kernel and one bias, shared";
  EXPECT_EQ(shared->inbound_nodes().size(), 2u);
  Tensor v = testing::uniform(Shape{2, 4}).astype(DType::float32);
  Tensors out = model(Tensors({v, v}));
  testing::expect_near(out[0], out[1], 0, 0, "same layer, same input");
}

TEST(Functional, NestedModelsShareWeightsAndCompose) {
  Tensor in = Input({6});
  Dense inner_dense(4, {.activation = "relu"});
  Model inner(in, inner_dense(in), {.name = "inner"});
  Tensor x = Input({6});
  Dense outer_dense(2);
  Model outer(x, outer_dense(inner(x)));
  EXPECT_EQ(outer.layers().size(), 3u);  // input, inner, dense
  EXPECT_EQ(outer.get_layer("inner").get(), inner.get());
  EXPECT_EQ(outer.weights().size(), 4u);
  Tensor v = testing::uniform(Shape{3, 6}).astype(DType::float32);
  Tensor want = dense_ref(dense_ref(v, *inner_dense, true), *outer_dense, false);
  testing::expect_near(outer(v), want, 1e-5, 1e-6, "nested");
  // The nested model can be frozen as a whole.
  inner.set_trainable(false);
  EXPECT_EQ(outer.trainable_weights().size(), 2u);
  EXPECT_EQ(outer.non_trainable_weights().size(), 2u);
  inner.set_trainable(true);
}

TEST(Functional, LayerOrderFollowsKeras) {
  // A diamond: Keras orders by depth, then by first traversal from the outputs.
  utils::clear_session();
  Tensor x = Input({2}, {.name = "x"});
  Tensor left = Dense(2, {.name = "left"})(x);
  Tensor right = Dense(2, {.name = "right"})(x);
  Tensor top = layers::make<JoinImpl>()({left, right});
  Model model(x, Dense(1, {.name = "out"})(top));
  std::vector<std::string> names;
  for (const auto& layer : model.layers()) names.push_back(layer->name());
  EXPECT_EQ(names, (std::vector<std::string>{"x", "left", "right", "join", "out"}));
  EXPECT_EQ(model.get_layer(1)->name(), "left");
  testing::expect_error<ValueError>([&] { model.get_layer("nope"); },
                                    {"No such layer: nope", "'left'"});
  testing::expect_error<ValueError>([&] { model.get_layer(9); }, {"index 9", "only has 5 layers"});
}

TEST(Functional, RunsOnGraphTensorsForPrograms) {
  Tensor x = Input({3});
  Dense dense(2, {.activation = "tanh"});
  Model model(x, dense(x));
  Tensor placeholder = graph::placeholder({DType::float32, Shape{-1, 3}}, "batch");
  Tensor y = model(placeholder);
  EXPECT_TRUE(y.is_symbolic());
  EXPECT_FALSE(layers::is_keras_tensor(y));
  graph::Program program({placeholder}, {y});
  Tensor v = testing::uniform(Shape{4, 3}).astype(DType::float32);
  testing::expect_near(program.run({v})[0], model(v), 1e-6, 1e-7, "program vs eager");
}

TEST(Functional, InputsAreConvertedAndReconciled) {
  Tensor x = Input({3, 1});
  Model model(x, Dense(2)(x));
  // float64 data is converted to the input's float32; a missing trailing axis of size 1 is added.
  Tensor y = model(testing::uniform(Shape{4, 3}));
  EXPECT_EQ(y.shape(), (Shape{4, 3, 2}));
  EXPECT_EQ(y.dtype(), DType::float32);
  testing::expect_error<ValueError>(
      [&] {
        model(Tensor::ones(Shape{4, 5, 1}, DType::float32));
      },
      {"functional", "expected shape=(None, 3, 1)", "(4, 5, 1)"});
}

TEST(Functional, GraphErrors) {
  Tensor a = Input({3}), b = Input({3});
  testing::expect_error<ValueError>([&] { Model(a, Dense(2)(b)); }, "is not connected to `inputs`");
  Tensor x = Input({3});
  Tensor y = Dense(2, {.name = "twin"})(x);
  Tensor z = Dense(2, {.name = "twin"})(y);
  testing::expect_error<ValueError>([&] { Model(x, z); },
                                    "The name \"twin\" is used 2 times in the model");
  testing::expect_error<ValueError>(
      [&] {
        Model(Tensor::ones(Shape{1, 3}, DType::float32), y);
      },
      "must be KerasTensors");
  testing::expect_error<ValueError>(
      [&] {
        Model(x, Tensor::ones(Shape{1, 3}, DType::float32));
      },
      "must be KerasTensors");
  Model ok(x, y);
  testing::expect_error<ValueError>(
      [&] {
        ok(Tensors({Tensor::ones(Shape{1, 3}, DType::float32),
                    Tensor::ones(Shape{1, 3}, DType::float32)}));
      },
      {"expects 1 input(s)", "received 2"});
}

TEST(Functional, GoesThroughTheSharedLayerTest) {
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            Tensor x = Input({4}, {.dtype = dtype});
            Tensor h = Dense(3, {.activation = "relu", .dtype = dtype})(x);
            return layers::AnyLayer(Model(x, Dense(2, {.dtype = dtype})(h)));
          },
      .input_shapes = {Shape{5, 4}},
      .expected_output_shapes = {Shape{5, 2}},
      .expected_trainable_weights = 4,
      .gradients = true,
  });
}

}  // namespace
}  // namespace keras
