// Every layer through both file formats (.keras and legacy .h5): a small model around the layer
// is trained, saved, loaded back, and must predict the same values and, for layers without
// randomness, train on with the same losses (optimizer state included). Lambda is left out: its
// C++ callable cannot be serialized, as Keras refuses to deserialize lambdas in safe mode.
#include <gtest/gtest.h>

#include <functional>

#include "keras/core/json.h"
#include "keras/keras.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

struct LayerCase {
  const char* name;
  std::vector<Shape> inputs;  // per-sample shapes
  std::function<Tensor(const std::vector<Tensor>&)> apply;
  bool random = false;  // training draws random numbers (not saved, as in Keras)
  bool integer_input = false;
};

std::vector<LayerCase> cases() {
  using V = const std::vector<Tensor>&;
  return {
      {"Dense", {{6}}, [](V x) { return layers::Dense(4, {.activation = "tanh"})(x[0]); }},
      {"EinsumDense",
       {{6}},
       [](V x) { return layers::EinsumDense("ab,bc->ac", 4, {.bias_axes = "c"})(x[0]); }},
      {"Activation", {{6}}, [](V x) { return layers::Activation("sigmoid")(x[0]); }},
      {"Dropout", {{6}}, [](V x) { return layers::Dropout(0.3)(x[0]); }, true},
      {"SpatialDropout1D", {{3, 4}}, [](V x) { return layers::SpatialDropout1D(0.3)(x[0]); }, true},
      {"SpatialDropout2D",
       {{2, 2, 3}},
       [](V x) { return layers::SpatialDropout2D(0.3)(x[0]); },
       true},
      {"AlphaDropout", {{6}}, [](V x) { return layers::AlphaDropout(0.3)(x[0]); }, true},
      {"GaussianNoise", {{6}}, [](V x) { return layers::GaussianNoise(0.1)(x[0]); }, true},
      {"GaussianDropout", {{6}}, [](V x) { return layers::GaussianDropout(0.3)(x[0]); }, true},
      {"Flatten", {{2, 3}}, [](V x) { return layers::Flatten()(x[0]); }},
      {"Reshape",
       {{6}},
       [](V x) {
         return layers::Reshape({2, 3})(x[0]);
       }},
      {"Permute",
       {{2, 3}},
       [](V x) {
         return layers::Permute({2, 1})(x[0]);
       }},
      {"RepeatVector", {{6}}, [](V x) { return layers::RepeatVector(2)(x[0]); }},
      {"Identity", {{6}}, [](V x) { return layers::Identity()(x[0]); }},
      {"ReLU", {{6}}, [](V x) { return layers::ReLU({.max_value = 0.5})(x[0]); }},
      {"LeakyReLU", {{6}}, [](V x) { return layers::LeakyReLU({.negative_slope = 0.2})(x[0]); }},
      {"PReLU", {{6}}, [](V x) { return layers::PReLU()(x[0]); }},
      {"ELU", {{6}}, [](V x) { return layers::ELU()(x[0]); }},
      {"Softmax", {{6}}, [](V x) { return layers::Softmax()(x[0]); }},
      {"ActivityRegularization",
       {{6}},
       [](V x) { return layers::ActivityRegularization({.l2 = 0.01})(x[0]); }},
      {"Masking", {{3, 2}}, [](V x) { return layers::Masking({.mask_value = 0.25})(x[0]); }},
      {"Embedding", {{3}}, [](V x) { return layers::Embedding(10, 4)(x[0]); }, false, true},
      {"BatchNormalization", {{6}}, [](V x) { return layers::BatchNormalization()(x[0]); }},
      {"LayerNormalization", {{6}}, [](V x) { return layers::LayerNormalization()(x[0]); }},
      {"UnitNormalization", {{6}}, [](V x) { return layers::UnitNormalization()(x[0]); }},
      {"Add",
       {{6}, {6}},
       [](V x) {
         return layers::Add()({x[0], x[1]});
       }},
      {"Subtract",
       {{6}, {6}},
       [](V x) {
         return layers::Subtract()({x[0], x[1]});
       }},
      {"Multiply",
       {{6}, {6}},
       [](V x) {
         return layers::Multiply()({x[0], x[1]});
       }},
      {"Average",
       {{6}, {6}},
       [](V x) {
         return layers::Average()({x[0], x[1]});
       }},
      {"Maximum",
       {{6}, {6}},
       [](V x) {
         return layers::Maximum()({x[0], x[1]});
       }},
      {"Minimum",
       {{6}, {6}},
       [](V x) {
         return layers::Minimum()({x[0], x[1]});
       }},
      {"Concatenate",
       {{6}, {4}},
       [](V x) {
         return layers::Concatenate()({x[0], x[1]});
       }},
      {"Dot",
       {{6}, {6}},
       [](V x) {
         return layers::Dot(1, {.normalize = true})({x[0], x[1]});
       }},
  };
}

class EveryLayer : public ::testing::TestWithParam<LayerCase> {};

std::vector<double> values(const Tensor& t) {
  return t.astype(DType::float64).to_vector<double>();
}

TEST_P(EveryLayer, RoundTripsThroughBothFormats) {
  const LayerCase& c = GetParam();
  std::vector<Tensor> inputs, data;
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    inputs.push_back(
        layers::Input(c.inputs[i], {.dtype = c.integer_input ? DType::int32 : DType::float32}));
    std::vector<int64_t> dims{16};
    for (int64_t d : c.inputs[i].dims()) dims.push_back(d);
    Tensor x = random::uniform(Shape(dims), {.minval = c.integer_input ? 0.0 : -1.0,
                                             .maxval = c.integer_input ? 10.0 : 1.0,
                                             .seed = static_cast<int64_t>(10 + i)});
    data.push_back(c.integer_input ? x.astype(DType::int32) : x);
  }
  Tensor out = layers::Dense(3)(layers::Flatten()(c.apply(inputs)));
  Model model(inputs, {out});
  model.compile({.optimizer = "adam", .loss = "mse"});
  Tensor y = random::uniform(Shape{16, 3}, {.seed = 20});
  layers::Tensors x(data);
  model.fit(x, {y}, {.batch_size = 8, .epochs = 1, .verbose = 0, .shuffle = false});

  testing::TempDir dir;
  for (const char* name : {"m.keras", "m.h5"}) model.save(dir / name);
  Tensor expected = model.predict(x, {.verbose = 0})[0];
  model->reset_metrics();
  std::vector<std::vector<double>> losses;
  for (int step = 0; step < 3; ++step) losses.push_back(model.train_on_batch(x, {y}));

  for (const char* name : {"m.keras", "m.h5"}) {
    SCOPED_TRACE(name);
    Model loaded = models::load_model(dir / name);
    EXPECT_EQ(loaded.get_config(), model.get_config());
    EXPECT_EQ(values(loaded.predict(x, {.verbose = 0})[0]), values(expected));
    if (c.random) continue;
    for (int step = 0; step < 3; ++step)
      EXPECT_EQ(loaded.train_on_batch(x, {y}), losses[static_cast<size_t>(step)]) << step;
  }
}

INSTANTIATE_TEST_SUITE_P(Saving, EveryLayer, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<LayerCase>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace keras
