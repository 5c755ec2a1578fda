#include "tests/support/layer_catalog.h"

namespace keras::testing {

std::vector<LayerCase> layer_cases() {
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

Model layer_case_model(const LayerCase& c) {
  std::vector<Tensor> inputs;
  for (const Shape& shape : c.inputs)
    inputs.push_back(
        layers::Input(shape, {.dtype = c.integer_input ? DType::int32 : DType::float32}));
  Tensor out = layers::Dense(3)(layers::Flatten()(c.apply(inputs)));
  return Model(inputs, {out});
}

std::vector<Tensor> layer_case_data(const LayerCase& c) {
  std::vector<Tensor> data;
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    std::vector<int64_t> dims{16};
    for (int64_t d : c.inputs[i].dims()) dims.push_back(d);
    Tensor x = random::uniform(Shape(dims), {.minval = c.integer_input ? 0.0 : -1.0,
                                             .maxval = c.integer_input ? 10.0 : 1.0,
                                             .seed = static_cast<int64_t>(10 + i)});
    data.push_back(c.integer_input ? x.astype(DType::int32) : x);
  }
  return data;
}

}  // namespace keras::testing
