// One small model around each layer class kerascpp has (Lambda aside: its C++ callable has no
// config, as Keras refuses to deserialize lambdas in safe mode), shared by the save/load round
// trip (tests/saving/every_layer_round_trip_test.cc) and the interop check against Python Keras
// (tests/interop/), whose Python side builds the same models by the same names
// (tests/interop/layer_models.py).
#pragma once

#include <functional>
#include <vector>

#include "keras/keras.h"

namespace keras::testing {

struct LayerCase {
  const char* name;           // the layer's Keras class name
  std::vector<Shape> inputs;  // per-sample shapes
  std::function<Tensor(const std::vector<Tensor>&)> apply;
  bool random = false;  // training draws random numbers (not saved, as in Keras)
  bool integer_input = false;
};

// Every case, one per layer class.
std::vector<LayerCase> layer_cases();

// The model every case is trained in: the inputs, the layer, Flatten and Dense(3); and the
// inputs' data, 16 samples, uniform in [-1, 1) (integers in [0, 10) for integer inputs).
Model layer_case_model(const LayerCase& c);
std::vector<Tensor> layer_case_data(const LayerCase& c);

}  // namespace keras::testing
