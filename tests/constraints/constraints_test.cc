// keras.constraints against float64 references written from Keras 3's formulas
// (keras/src/constraints/constraints.py), with configs, names and errors.
#include "keras/constraints/constraints.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/config/config.h"
#include "keras/core/json.h"
#include "keras/layers/core/dense.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"
#include "tests/support/keras3_args.h"

namespace keras {
namespace {

using namespace keras::constraints;

// Norms over axis 0 (columns of a (rows, cols) matrix) and the rescaling Keras applies.
Tensor column_rescaled(const Tensor& w, const std::function<double(double)>& desired) {
  std::vector<double> v = w.to_vector<double>();
  int64_t rows = w.shape()[0], cols = w.shape()[1];
  double eps = config::epsilon();
  for (int64_t c = 0; c < cols; ++c) {
    double s = 0;
    for (int64_t r = 0; r < rows; ++r) s += v[r * cols + c] * v[r * cols + c];
    double n = std::sqrt(s), scale = desired(n) / (eps + n);
    for (int64_t r = 0; r < rows; ++r) v[r * cols + c] *= scale;
  }
  return Tensor::from_vector(v, w.shape());
}

TEST(Constraints, ProjectionsMatchTheFormulas) {
  Tensor w = testing::uniform(Shape{5, 4}, -3, 3, 21);
  testing::expect_near(MaxNorm(1.5)(w),
                       column_rescaled(w, [](double n) { return std::clamp(n, 0.0, 1.5); }), 1e-12,
                       1e-14, "MaxNorm");
  testing::expect_near(UnitNorm()(w), column_rescaled(w, [](double) { return 1.0; }), 1e-12, 1e-14,
                       "UnitNorm");
  testing::expect_near(
      MinMaxNorm({.min_value = 0.5, .max_value = 2.0, .rate = 0.7})(w),
      column_rescaled(w, [](double n) { return 0.7 * std::clamp(n, 0.5, 2.0) + 0.3 * n; }), 1e-12,
      1e-14, "MinMaxNorm");
  std::vector<double> v = w.to_vector<double>();
  for (double& e : v) e = std::max(e, 0.0);
  testing::expect_near(NonNeg()(w), Tensor::from_vector(v, w.shape()), 0, 0, "NonNeg");
  // Axis lists: the norm of a whole (rows, cols) slice of a rank-3 kernel.
  Tensor k = testing::uniform(Shape{2, 3, 4}, -1, 1, 22);
  Tensor unit = UnitNorm({.axis = {0, 1}})(k);
  std::vector<double> u = unit.to_vector<double>();
  for (int c = 0; c < 4; ++c) {
    double s = 0;
    for (int i = 0; i < 6; ++i) s += u[i * 4 + c] * u[i * 4 + c];
    EXPECT_NEAR(s, 1.0, 1e-6);
  }
}

TEST(Constraints, ConfigsNamesAndErrors) {
  EXPECT_EQ(MaxNorm().get_config().dump(), R"({"max_value":2.0,"axis":0})");
  EXPECT_EQ(MinMaxNorm().get_config().dump(),
            R"({"min_value":0.0,"max_value":1.0,"rate":1.0,"axis":0})");
  EXPECT_EQ(UnitNorm({.axis = {0, 1, 2}}).get_config().dump(), R"({"axis":[0,1,2]})");
  EXPECT_EQ(NonNeg().get_config().dump(), "{}");
  EXPECT_EQ(serialize(NonNeg()).dump(),
            R"({"module":"keras.constraints","class_name":"NonNeg","config":{},)"
            R"("registered_name":null})");
  for (const char* name : {"max_norm", "MaxNorm", "min_max_norm", "MinMaxNorm", "non_neg", "NonNeg",
                           "unit_norm", "UnitNorm"})
    EXPECT_TRUE(get(ConstraintArg(name))) << name;
  auto back = deserialize(serialize(MaxNorm({.max_value = 3.0, .axis = {1}})));
  EXPECT_EQ(back->get_config().dump(), R"({"max_value":3.0,"axis":1})");
  testing::expect_error<ValueError>([] { get(ConstraintArg("positive")); },
                                    "Could not interpret constraint identifier: positive");
  testing::expect_error<TypeError>(
      [] { deserialize(Json::parse(R"({"class_name": "MaxNorm", "config": {"max": 2}})")); },
      "unexpected keyword argument 'max'");
}

TEST(Constraints, LayersKeepThemWithTheirWeights) {
  layers::Dense dense(3, {.kernel_constraint = MaxNorm(2.0), .bias_constraint = "non_neg"});
  dense(Tensor::ones(Shape{1, 4}, DType::float32));
  ASSERT_TRUE(dense->constraint_of(dense->kernel()));
  EXPECT_EQ(dense->constraint_of(dense->kernel())->class_name(), "MaxNorm");
  EXPECT_EQ(dense->constraint_of(dense->bias())->class_name(), "NonNeg");
  EXPECT_EQ(dense->get_config().at("kernel_constraint").at("class_name"), "MaxNorm");
}

// Every class from the arguments Keras was given (none: all defaults) writes Keras's config: its
// keys, in Keras's order, with Keras's default values (tests/golden/data/keras3_args.json; Keras
// writes MaxNorm's max_value as the int 2, kerascpp as 2.0).
TEST(ConstraintsKerasArgs, ConfigsFromKerasDefaultsAreKeras) {
  std::vector<std::string> classes = testing::keras3_class_names("constraints");
  ASSERT_EQ(classes.size(), 4u);
  for (const std::string& name : classes) {
    const Json& keras = testing::keras3_args("constraints", name);
    Json config =
        deserialize(Json{{"class_name", name}, {"config", keras.at("args")}})->get_config();
    // Python's MaxNorm(max_value=2) keeps the int it was given; kerascpp's max_value is a double
    // (Keras reads either).
    if (name == "MaxNorm" && config.at("max_value") == 2.0) config["max_value"] = 2;
    testing::expect_keras_config(config, keras.at("config"), "constraints." + name);
  }
  for (const std::string& name : registry().names())
    EXPECT_TRUE(std::count(classes.begin(), classes.end(), get(ConstraintArg(name))->class_name()))
        << name;
}

}  // namespace
}  // namespace keras
