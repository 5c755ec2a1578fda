// keras.regularizers against float64 references written from Keras 3's formulas
// (keras/src/regularizers/regularizers.py), on concrete and symbolic tensors, with configs,
// names and errors.
#include "keras/regularizers/regularizers.h"
#include "keras/core/json.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "tests/ops/harness.h"
#include "tests/support/keras3_args.h"

namespace keras {
namespace {

using namespace keras::regularizers;

double f32(double v) {
  return static_cast<double>(static_cast<float>(v));
}

TEST(Regularizers, PenaltiesMatchTheFormulas) {
  Tensor x = testing::uniform(Shape{4, 3}, -2, 2, 5);
  std::vector<double> v = x.to_vector<double>();
  double abs_sum = 0, square_sum = 0;
  for (double e : v) {
    abs_sum += std::fabs(e);
    square_sum += e * e;
  }
  // L1 keeps its factor as a float32 tensor in Keras, so the factor is the float32 value.
  EXPECT_NEAR(L1(0.3)(x).item<double>(), f32(0.3) * abs_sum, 1e-12);
  EXPECT_NEAR(L2(0.1)(x).item<double>(), 0.1 * square_sum, 1e-12);
  EXPECT_NEAR(L1L2({.l1 = 0.2, .l2 = 0.05})(x).item<double>(), 0.2 * abs_sum + 0.05 * square_sum,
              1e-12);
  EXPECT_EQ(L1L2()(x).item<double>(), 0.0);
  EXPECT_EQ(L1L2({.l1 = 0.2, .l2 = 0.05})(x).dtype(), DType::float64);
  EXPECT_EQ(L2()(x.astype(DType::float32)).dtype(), DType::float32);
}

TEST(Regularizers, OrthogonalRowsAndColumns) {
  Tensor x = testing::uniform(Shape{3, 4}, -1, 1, 9);
  std::vector<double> v = x.to_vector<double>();
  auto reference = [&](bool rows) {
    int n = rows ? 3 : 4, len = rows ? 4 : 3;
    auto at = [&](int i, int k) { return rows ? v[i * 4 + k] : v[k * 4 + i]; };
    std::vector<double> norm(n);
    for (int i = 0; i < n; ++i) {
      double s = 0;
      for (int k = 0; k < len; ++k) s += at(i, k) * at(i, k);
      norm[i] = std::sqrt(s);
    }
    double total = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        if (i == j) continue;
        double dot = 0;
        for (int k = 0; k < len; ++k) dot += at(i, k) * at(j, k);
        total += std::fabs(dot / (norm[i] * norm[j]));
      }
    return f32(0.01) * 0.5 * total / (n * (n - 1) / 2.0);
  };
  EXPECT_NEAR(OrthogonalRegularizer()(x).item<double>(), reference(true), 1e-12);
  EXPECT_NEAR(OrthogonalRegularizer({.factor = 0.01, .mode = "columns"})(x).item<double>(),
              reference(false), 1e-12);
  // Orthonormal rows have no penalty.
  Tensor eye = Tensor::from_vector(std::vector<double>{1, 0, 0, 1}, Shape{2, 2});
  EXPECT_NEAR(OrthogonalRegularizer({.factor = 1.0})(eye).item<double>(), 0.0, 1e-15);
  testing::expect_error<ValueError>(
      [] { OrthogonalRegularizer({.factor = 0.01, .mode = "diagonal"}); }, {"`mode`", "diagonal"});
  testing::expect_error<ValueError>(
      [] {
        OrthogonalRegularizer()(Tensor::ones(Shape{2, 2, 2}, DType::float32));
      },
      {"rank 2", "(2, 2, 2)"});
}

TEST(Regularizers, GraphsAndGradients) {
  Tensor p = graph::placeholder({DType::float64, Shape{2, 2}}, "w");
  Tensor penalty = L1L2({.l1 = 0.5, .l2 = 0.25})(p);
  EXPECT_TRUE(penalty.is_symbolic());
  Tensor w = Tensor::from_vector(std::vector<double>{1, -2, 3, -0.5}, Shape{2, 2});
  graph::Program program({p}, graph::gradients(penalty, {p}));
  // d/dw (0.5|w| + 0.25 w²) = 0.5 sign(w) + 0.5 w.
  EXPECT_EQ(program.run({w})[0].to_vector<double>(), (std::vector<double>{1.0, -1.5, 2.0, -0.75}));
}

TEST(Regularizers, ConfigsNamesAndErrors) {
  EXPECT_EQ(serialize(L2(0.5)).dump(),
            R"({"module":"keras.regularizers","class_name":"L2","config":{"l2":0.5},)"
            R"("registered_name":null})");
  EXPECT_EQ(L1(0.01).get_config().dump(), R"({"l1":0.009999999776482582})");
  EXPECT_EQ(L1L2({.l1 = 0.1, .l2 = 0.2}).get_config().dump(), R"({"l1":0.1,"l2":0.2})");
  EXPECT_EQ(OrthogonalRegularizer().get_config().dump(),
            R"({"factor":0.009999999776482582,"mode":"rows"})");
  for (const char* name :
       {"l1", "L1", "l2", "L2", "l1_l2", "L1L2", "orthogonal_regularizer", "OrthogonalRegularizer"})
    EXPECT_TRUE(get(RegularizerArg(name))) << name;
  auto l1 = get(RegularizerArg("l1"));
  EXPECT_EQ(l1->get_config().at("l1").get<double>(), f32(0.01));
  auto back = deserialize(serialize(L1L2({.l1 = 0.3, .l2 = 0.4})));
  EXPECT_EQ(back->class_name(), "L1L2");
  EXPECT_EQ(back->get_config().dump(), R"({"l1":0.3,"l2":0.4})");
  EXPECT_EQ(get(Json(nullptr)), nullptr);
  EXPECT_EQ(get(RegularizerArg()), nullptr);
  testing::expect_error<ValueError>([] { get(RegularizerArg("l3")); },
                                    "Could not interpret regularizer identifier: l3");
  testing::expect_error<ValueError>([] { L2(-1.0); }, {"l2", "non-negative", "l2=-1"});
  testing::expect_error<TypeError>(
      [] {
        deserialize(Json::parse(R"({"class_name": "L2",
      "config": {"l2": 0.1, "l9": 1}})"));
      },
      "unexpected keyword argument 'l9'");
}

// Every class from the arguments Keras was given (none: all defaults) writes Keras's config: its
// keys, in Keras's order, with Keras's default values (tests/golden/data/keras3_args.json; L1's
// and OrthogonalRegularizer's factors are float32 values in both).
TEST(RegularizersKerasArgs, ConfigsFromKerasDefaultsAreKeras) {
  std::vector<std::string> classes = testing::keras3_class_names("regularizers");
  ASSERT_EQ(classes.size(), 4u);
  for (const std::string& name : classes) {
    const Json& keras = testing::keras3_args("regularizers", name);
    Json config =
        deserialize(Json{{"class_name", name}, {"config", keras.at("args")}})->get_config();
    testing::expect_keras_config(config, keras.at("config"), "regularizers." + name);
  }
  for (const std::string& name : registry().names())
    EXPECT_TRUE(std::count(classes.begin(), classes.end(), get(RegularizerArg(name))->class_name()))
        << name;
}

// Keras 1 wrote a regularizer as its class name and arguments in one object; it reads as L1L2.
TEST(Regularizers, Keras1WeightRegularizer) {
  RegularizerPtr r = get(Json::parse(R"({"name": "WeightRegularizer", "l1": 0.0, "l2": 0.01})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->class_name(), "L1L2");
  EXPECT_EQ(r->get_config(), Json::parse(R"({"l1": 0.0, "l2": 0.01})"));
  EXPECT_EQ(deserialize(Json::parse(R"({"name": "WeightRegularizer", "l1": 0.5})"))->get_config(),
            Json::parse(R"({"l1": 0.5, "l2": 0.0})"));
  testing::expect_error<TypeError>(
      [] { get(Json::parse(R"({"name": "WeightRegularizer", "l3": 1})")); },
      "unexpected keyword argument 'l3'");
  testing::expect_error<ValueError>([] { get(Json::parse(R"({"name": "ActivityRegularizer"})")); },
                                    "Could not interpret regularizer identifier");
}

}  // namespace
}  // namespace keras
