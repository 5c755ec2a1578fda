// The shared layer test (Keras's run_layer_test, keras/src/testing/test_case.py): every layer
// goes through it. From one description it checks
//  - eager calls: output shapes and dtype, against the expected ones and compute_output_shape();
//  - weights: counts of trainable and non-trainable weights, the layer's dtype on all of them;
//  - the functional API: a call on Keras tensors (unknown batch) gives the same shapes, and a
//    Model built from it computes what the layer computes;
//  - the config round trip through serialize/deserialize, and get_weights/set_weights between
//    the two layers (identical outputs), with errors for a wrong count or shape;
//  - training against inference behaviour;
//  - freezing (trainable=false moves every weight to non_trainable_weights);
//  - masks: a mask on the input comes out on the output for layers that support masking;
//  - gradients of a weighted sum of the outputs with respect to the inputs and every trainable
//    weight, against central finite differences, in float64 (inference mode, and training mode
//    for deterministic layers).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "keras/layers/layer.h"

namespace keras::testing {

struct LayerTestCase {
  // A new layer of the configuration under test, with weights and computation in `dtype`.
  std::function<layers::AnyLayer(DType dtype)> make;
  // Input shapes with a batch dimension. One shape calls the layer on one tensor; several (or
  // list_input) on a list.
  std::vector<Shape> input_shapes;
  bool list_input = false;
  // Inputs for a float dtype; default: uniform in [-1, 1) of that dtype.
  std::function<std::vector<Tensor>(DType dtype)> make_inputs;
  // Inputs that are not differentiated (integer ids, or inputs where the layer is not smooth).
  std::vector<int> constant_inputs;

  std::vector<Shape> expected_output_shapes;   // one per output
  std::optional<DType> expected_output_dtype;  // default: the layer's dtype
  int expected_trainable_weights = 0;
  int expected_non_trainable_weights = 0;
  int expected_seed_generators = 0;

  bool training_differs = false;  // training=true gives other outputs than inference
  bool random = false;            // training draws random numbers: no training gradient check
  bool gradients = true;
  bool supports_masking = false;  // an input's mask is passed through to the output
  double grad_rtol = 1e-6, grad_atol = 1e-8, grad_eps = 1e-6;
  // false: get_config() throws NotImplementedError (Lambda's C++ function), so the config round
  // trip is replaced by a check of that error.
  bool serializable = true;
};

void run_layer_test(const LayerTestCase& c);

// The float64 gradient check alone, for one mode: d(Σ r·outputs)/d(inputs and trainable
// weights) by autodiff against central differences.
void check_layer_gradients(const LayerTestCase& c, bool training);

// Element-wise closeness with a report of the first mismatches.
void expect_near(const Tensor& got, const Tensor& want, double rtol, double atol,
                 const std::string& where);

}  // namespace keras::testing
