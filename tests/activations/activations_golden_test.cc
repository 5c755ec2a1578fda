// keras::activations against Keras 3 itself: tests/golden/data/keras3_activations.json, made by
// tests/golden/keras3/make_activations.py (Keras 3.15: float32 on JAX, float64 on Torch).
// Every name keras::activations::names() knows and the parameterised variants (relu's
// negative_slope / max_value / threshold, alpha, approximate, axis, threshold, b) are run on the
// recorded float64 and float32 inputs: values at and next to every kink, large magnitudes (±700
// in float64, ±80 in float32), ties and constant rows for the axis activations.
//
// Tolerance, per element: |got - want| <= rtol·|want| + atol.
//  - float64 (Keras on Torch): rtol 1e-14, atol 1e-15. Both sides evaluate the same formulas in
//    float64, a few ulps apart (squareplus(-700) ≈ 1.4e-3 comes from two terms of size 700 and is
//    still within it).
//  - float32 (Keras on JAX): rtol 1e-6 (8 ulps), atol 3e-7: XLA's exp, log, tanh and erf are its
//    own approximations, within 2 ulps of the float64 truth on these inputs; atol covers results
//    that cancel, where one ulp of an operand moves the result by more than its own ulps: gelu's
//    1 + tanh(...) and 1 + erf(...) in the negative tail keep |x|·2^-24 of absolute error
//    (2.4e-7 at x = -4, where gelu(approximate=True) is -7e-5).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "keras/activations/activations.h"
#include "keras/backend/backend.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/ops/reduction.h"
#include "tests/support/golden.h"
#include "tests/support/paths.h"

namespace keras {
namespace {

namespace act = keras::activations;

const std::vector<testing::GoldenCase>& golden() {
  static const std::vector<testing::GoldenCase> cases =
      testing::load_golden("keras3_activations.json");
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
void run_cases(const std::vector<testing::GoldenCase>& cases) {
  ASSERT_FALSE(cases.empty());
  for (const std::string& backend_name : backend::available()) {
    backend::Backend& device = backend::get(backend_name);
    for (const testing::GoldenCase& g : cases) {
      if (g.extra.contains("keras_bug")) continue;  // KerasSparsemaxIsWrong
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
      const double rtol = f64 ? 1e-14 : 1e-6, atol = f64 ? 1e-15 : 3e-7;
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

TEST(ActivationsGolden, MatchKeras3) {
  run_cases(golden());
}

// sparsemax against NumPy's Martins & Astudillo (tests/golden/torch/activations.py), on the
// inputs of the Keras 3 cases.
TEST(ActivationsGolden, SparsemaxMatchesNumPy) {
  run_cases(testing::load_golden("activations.json"));
}

// Keras 3.15's sparsemax takes its threshold from the sum of the cumulative sums over the support
// (keras-team/keras#23425, fixed after 3.15 by #23469), so its rows do not sum to 1 once two
// entries are in the support; kerascpp's do. When the pinned Keras has the fix, the first check
// fails: drop "keras_bug" from make_activations.py and compare with Keras again.
TEST(ActivationsGolden, KerasSparsemaxIsWrong) {
  int wrong_rows = 0, cases = 0;
  for (const testing::GoldenCase& g : golden()) {
    if (!g.extra.contains("keras_bug")) continue;
    ++cases;
    int axis = g.extra.at("args").value("axis", -1);
    const Tensor& x = g.inputs.at(0);
    std::vector<double> keras_sums =
        values_of(ops::sum(g.outputs.at(0).astype(DType::float64), axis));
    for (double sum : keras_sums)
      if (std::abs(sum - 1.0) > 1e-3) ++wrong_rows;
    Tensor ours = apply("sparsemax", g.extra.at("args"), x).astype(DType::float64);
    for (double sum : values_of(ops::sum(ours, axis)))
      EXPECT_NEAR(sum, 1.0, 1e-5) << g.name << ": kerascpp's sparsemax must sum to 1";
  }
  EXPECT_EQ(cases, 8);
  EXPECT_GT(wrong_rows, 0) << "Keras's sparsemax sums to 1 now: it has the fix";
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
          << " (add it to tests/golden/keras3/make_activations.py)";
  // And nothing in the data that kerascpp does not know; what Keras has and kerascpp lacks is
  // recorded (for the README) and really is missing here.
  std::vector<std::string> names = act::names();
  for (const auto& [name, dtype] : covered)
    EXPECT_TRUE(std::find(names.begin(), names.end(), name) != names.end()) << name;
  std::ifstream in(testing::source_dir() / "tests/golden/data/keras3_activations.json");
  Json data = Json::parse(in);
  for (const Json& name : data.at("not_in_kerascpp"))
    EXPECT_TRUE(std::find(names.begin(), names.end(), name.get<std::string>()) == names.end())
        << name << " is in kerascpp now: make its Keras 3 cases";
}

}  // namespace
}  // namespace keras
