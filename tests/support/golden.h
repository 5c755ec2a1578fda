// Golden data made by other implementations (tests/golden/: TensorFlow.js layers, PyTorch,
// NumPy), read by the tests that compare kerascpp with them. A file holds named cases, each with
// its input, weight and output arrays and free-form extras:
//   {"generator": "...", "cases": [{"name": ..., "inputs": [{"shape", "dtype", "data"}],
//                                  "weights": [...], "outputs": [...], "extra": {...}}]}
#pragma once

#include <string>
#include <vector>

#include "keras/core/json.h"
#include "keras/core/tensor.h"

namespace keras::testing {

struct GoldenCase {
  std::string name;
  std::vector<Tensor> inputs, weights, outputs;  // host tensors of the stored dtypes
  Json extra;
};

// The cases of tests/golden/data/<file>; throws IOError when the file is missing or malformed.
std::vector<GoldenCase> load_golden(const std::string& file);
// One case by name; throws ValueError when there is none.
const GoldenCase& golden_case(const std::vector<GoldenCase>& cases, const std::string& name);

}  // namespace keras::testing
