// Helpers shared by the regularization layers' tests: the sample moments of what a layer drew,
// run_layer_test of a layer that draws noise in training, and the config checks.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/serialization.h"
#include "tests/layers/layer_test.h"

namespace keras::testing {

// The mean and the (population) variance of a sample.
struct Moments {
  double mean = 0, variance = 0;
};

inline Moments moments(const std::vector<double>& v) {
  Moments m;
  for (double e : v) m.mean += e;
  m.mean /= static_cast<double>(v.size());
  for (double e : v) m.variance += (e - m.mean) * (e - m.mean);
  m.variance /= static_cast<double>(v.size());
  return m;
}

// run_layer_test of a layer (from `make`) with one seed generator that draws random numbers in
// training and passes masks through, on one input of `shape`.
inline void run_noise_layer_test(std::function<layers::AnyLayer(DType dtype)> make, Shape shape) {
  run_layer_test({
      .make = std::move(make),
      .input_shapes = {shape},
      .expected_output_shapes = {shape},
      .expected_seed_generators = 1,
      .random = true,
      .supports_masking = true,
  });
}

// A training call of `layer` in a graph::Program whose input has an unknown batch size draws
// other noise on each run of the program (x: the inputs to run it on).
inline void expect_fresh_noise_each_run(layers::AnyLayer layer, const Tensor& x) {
  std::vector<int64_t> dims = x.shape().dims();
  dims[0] = -1;
  Tensor p = graph::placeholder({x.dtype(), Shape(dims)}, "x");
  graph::Program program({p}, {layer(p, {.training = true})});
  EXPECT_NE(program.run({x})[0].to_vector<double>(), program.run({x})[0].to_vector<double>());
}

// The keys of a config, in order.
inline std::vector<std::string> config_keys(const Json& config) {
  std::vector<std::string> keys;
  for (const auto& item : config.items()) keys.push_back(item.key());
  return keys;
}

// serialize, then deserialize, gives a layer with the same config.
inline void expect_config_round_trip(const layers::Layer& layer) {
  layers::LayerPtr copy = layers::deserialize(layers::serialize(layer));
  EXPECT_EQ(copy->get_config().dump(), layer.get_config().dump());
}

}  // namespace keras::testing
