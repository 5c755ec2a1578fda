// keras::activations against an independent implementation: PyTorch's torch.nn.functional and
// NumPy written from Keras 3's formulas (tests/golden/torch/activations.py made
// tests/golden/data/activations.json). Every name keras::activations::names() knows and the
// parameterised variants (relu's negative_slope / max_value / threshold, alpha, approximate,
// axis, threshold, b) are run on the recorded float64 and float32 inputs: values at and next to
// every kink, large magnitudes (±700 in float64, ±80 in float32), ties and constant rows for
// the axis activations.
//
// Tolerance, per element: |got - want| <= rtol·|want| + atol.
//  - float64: rtol 1e-12, atol 1e-13. Both sides evaluate the same formulas in float64, so
//    they differ by a few ulps of the result; atol covers results that cancel to near 0 (e.g.
//    squareplus(-700) ≈ 1.4e-3 from two terms of size 700, exact only to ~1e-13).
//  - float32: rtol 3e-6 (about 25 ulps) and atol 5e-6: the reference is a float32 run of
//    PyTorch, so both sides carry float32 rounding of their own; atol covers cancelling results
//    from inputs up to 80 (ulp(80) ≈ 7.6e-6 / 2).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "keras/activations/activations.h"
#include "keras/backend/backend.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

namespace act = keras::activations;

const std::vector<testing::GoldenCase>& golden() {
  static const std::vector<testing::GoldenCase> cases = testing::load_golden("activations.json");
  return cases;
}

// The arguments each activation takes besides x (Keras's names).
const std::map<std::string, std::set<std::string>>& known_args() {
  static const std::map<std::string, std::set<std::string>> args = {
      {"relu", {"negative_slope", "max_value", "threshold"}},
      {"leaky_relu", {"negative_slope"}},
      {"elu", {"alpha"}},
      {"celu", {"alpha"}},
      {"gelu", {"approximate"}},
      {"softmax", {"axis"}},
      {"log_softmax", {"axis"}},
      {"sparsemax", {"axis"}},
      {"glu", {"axis"}},
      {"hard_shrink", {"threshold"}},
      {"soft_shrink", {"threshold"}},
      {"squareplus", {"b"}},
      {"threshold", {"threshold", "default_value"}},
  };
  return args;
}

// The activation `name` called with `args` (none: by name, with Keras's defaults).
Tensor apply(const std::string& name, const Json& args, const Tensor& x) {
  if (args.empty()) return act::get(name)(x);
  auto known = known_args().find(name);
  if (known == known_args().end()) throw ValueError(str("no arguments known for ", name));
  for (const auto& item : args.items())
    if (!known->second.count(item.key()))
      throw ValueError(str("unknown argument ", item.key(), " of ", name));
  auto number = [&](const char* key, double fallback) { return args.value(key, fallback); };
  const int axis = args.value("axis", -1);
  if (name == "relu") {
    std::optional<double> max_value;
    if (args.contains("max_value")) max_value = args.at("max_value").get<double>();
    return act::relu(x, number("negative_slope", 0.0), max_value, number("threshold", 0.0));
  }
  if (name == "leaky_relu") return act::leaky_relu(x, number("negative_slope", 0.2));
  if (name == "elu") return act::elu(x, number("alpha", 1.0));
  if (name == "celu") return act::celu(x, number("alpha", 1.0));
  if (name == "gelu") return act::gelu(x, args.value("approximate", false));
  if (name == "softmax") return act::softmax(x, axis);
  if (name == "log_softmax") return act::log_softmax(x, axis);
  if (name == "sparsemax") return act::sparsemax(x, axis);
  if (name == "glu") return act::glu(x, axis);
  if (name == "hard_shrink") return act::hard_shrink(x, number("threshold", 0.5));
  if (name == "soft_shrink") return act::soft_shrink(x, number("threshold", 0.5));
  if (name == "squareplus") return act::squareplus(x, number("b", 4.0));
  return act::threshold(x, args.at("threshold").get<double>(),
                        args.at("default_value").get<double>());
}

std::vector<double> values_of(const Tensor& t) {
  return t.to(backend::host()).to_vector<double>();
}

// Each case on every built backend (the inputs moved there, so the backend's kernels compute).
TEST(ActivationsGolden, MatchPyTorchAndNumPy) {
  ASSERT_FALSE(golden().empty());
  for (const std::string& backend_name : backend::available()) {
    backend::Backend& device = backend::get(backend_name);
    for (const testing::GoldenCase& g : golden()) {
      SCOPED_TRACE(g.name + " on " + backend_name);
      const std::string name = g.extra.at("activation").get<std::string>();
      const Json& args = g.extra.at("args");
      const Tensor& x = g.inputs.at(0);
      const Tensor& want = g.outputs.at(0);
      Tensor got = apply(name, args, x.to(device));
      ASSERT_EQ(got.dtype(), x.dtype());
      ASSERT_EQ(got.shape(), want.shape());
      ASSERT_EQ(&got.backend(), &device);
      const bool f64 = x.dtype() == DType::float64;
      const double rtol = f64 ? 1e-12 : 3e-6, atol = f64 ? 1e-13 : 5e-6;
      std::vector<double> g_values = values_of(got), w_values = values_of(want),
                          x_values = values_of(x);
      int failures = 0;
      for (size_t i = 0; i < w_values.size(); ++i) {
        double error = std::abs(g_values[i] - w_values[i]);
        if (error <= atol + rtol * std::abs(w_values[i])) continue;
        if (++failures <= 5)
          ADD_FAILURE() << "element " << i << " (input " << (i < x_values.size() ? x_values[i] : 0)
                        << "): got " << g_values[i] << ", want " << w_values[i] << ", error "
                        << error;
      }
      EXPECT_EQ(failures, 0) << "of " << w_values.size() << " elements";
    }
  }
}

// The golden data must cover every activation name kerascpp accepts, in both dtypes.
TEST(ActivationsGolden, EveryNameHasCasesInBothDtypes) {
  std::set<std::pair<std::string, DType>> covered;
  for (const testing::GoldenCase& g : golden())
    covered.insert({g.extra.at("activation").get<std::string>(), g.inputs.at(0).dtype()});
  for (const std::string& name : act::names())
    for (DType dtype : {DType::float32, DType::float64})
      EXPECT_TRUE(covered.count({name, dtype}))
          << "no golden case for activation " << name << " in " << dtype
          << " (add it to tests/golden/torch/activations.py)";
  // And nothing in the data that kerascpp does not know.
  std::vector<std::string> names = act::names();
  for (const auto& [name, dtype] : covered)
    EXPECT_TRUE(std::find(names.begin(), names.end(), name) != names.end()) << name;
}

}  // namespace
}  // namespace keras
