// Optimizers and learning-rate schedules against golden data from independent implementations:
// TensorFlow.js's optimizers (tests/golden/tfjs/optimizers.js: SGD, momentum, Nesterov, RMSprop
// plain/momentum/centered/weight decay, Adagrad, Adam, Adamax) and PyTorch or NumPy
// (tests/golden/torch/optimizers.py: Adadelta, AdamW, Adam with weight decay and AMSGrad, SGD
// weight decay, every kind of clipping, Nadam from Keras 3's formula, the six schedules). Each
// optimizer case is six steps on two variables; the optimizer is built from the case's Keras
// config through optimizers::deserialize, so the configs are exercised as well.
//
// Tolerances: TensorFlow.js computes in float32 with another order of operations, so a
// float32 run is held to rtol 2e-5 (plus an absolute floor of 2e-6 for values near zero). The
// PyTorch/NumPy cases are float64: a float64 run of kerascpp must agree to 1e-10, and a float32
// run to 2e-5.
#include <gtest/gtest.h>

#include <set>

#include "keras/backend/backend.h"
#include "keras/core/json.h"
#include "keras/optimizers/optimizers.h"
#include "tests/layers/layer_test.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

using testing::GoldenCase;

const std::vector<GoldenCase>& tfjs_cases() {
  static const auto* cases = new std::vector<GoldenCase>(testing::load_golden("optimizers.json"));
  return *cases;
}

const std::vector<GoldenCase>& torch_cases() {
  static const auto* cases =
      new std::vector<GoldenCase>(testing::load_golden("optimizers_torch.json"));
  return *cases;
}

bool is_schedule(const GoldenCase& c) {
  return !c.extra.contains("steps");
}

optimizers::OptimizerPtr make_optimizer(const GoldenCase& c) {
  return optimizers::deserialize(
      Json{{"class_name", c.extra.at("class_name")}, {"config", c.extra.at("config")}});
}

// Runs the case's steps in `dtype`, comparing the variables after every step.
void run_sequence(const GoldenCase& c, DType dtype, double rtol, double atol) {
  int steps = c.extra.at("steps").get<int>();
  size_t n = c.extra.at("variables").get<size_t>();
  optimizers::OptimizerPtr optimizer = make_optimizer(c);
  std::vector<Variable> variables;
  for (size_t i = 0; i < n; ++i) variables.emplace_back(c.inputs[i].astype(dtype), str("w", i));
  for (int t = 0; t < steps; ++t) {
    std::vector<Tensor> gradients;
    for (size_t i = 0; i < n; ++i) gradients.push_back(c.inputs[n + t * n + i].astype(dtype));
    EXPECT_TRUE(optimizer->apply(gradients, variables).empty());
    for (size_t i = 0; i < n; ++i)
      testing::expect_near(variables[i].value(), c.outputs[t * n + i], rtol, atol,
                           str(c.name, " (", name(dtype), ") step ", t + 1, " variable ", i));
  }
  EXPECT_EQ(optimizer->iterations().value().item<int64_t>(), steps) << c.name;
}

TEST(OptimizersGolden, TensorFlowJsSequences) {
  ASSERT_GE(tfjs_cases().size(), 14u);
  for (const GoldenCase& c : tfjs_cases()) run_sequence(c, DType::float32, 2e-5, 2e-6);
}

TEST(OptimizersGolden, TorchAndNumpySequences) {
  int sequences = 0;
  for (const GoldenCase& c : torch_cases()) {
    if (is_schedule(c)) continue;
    ++sequences;
    run_sequence(c, DType::float64, 1e-10, 1e-12);
    run_sequence(c, DType::float32, 2e-5, 2e-6);
  }
  EXPECT_GE(sequences, 14);
}

// Every optimizer class and option the brief covers has a golden sequence.
TEST(OptimizersGolden, EveryOptimizerAndFeatureHasACase) {
  std::set<std::string> classes, keys;
  for (const auto* list : {&tfjs_cases(), &torch_cases()})
    for (const GoldenCase& c : *list) {
      if (is_schedule(c)) continue;
      classes.insert(c.extra.at("class_name").get<std::string>());
      for (const auto& item : c.extra.at("config").items()) keys.insert(item.key());
    }
  for (const char* name :
       {"SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "AdamW", "Adamax", "Nadam"})
    EXPECT_TRUE(classes.count(name)) << name << " has no golden sequence";
  for (const char* key :
       {"momentum", "nesterov", "centered", "rho", "initial_accumulator_value", "amsgrad", "beta_1",
        "beta_2", "epsilon", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm"})
    EXPECT_TRUE(keys.count(key)) << key << " is set by no golden sequence";
}

TEST(SchedulesGolden, MatchKeras3Formulas) {
  std::set<std::string> classes;
  for (const GoldenCase& c : torch_cases()) {
    if (!is_schedule(c)) continue;
    classes.insert(c.extra.at("class_name").get<std::string>());
    auto schedule = optimizers::schedules::deserialize(
        Json{{"class_name", c.extra.at("class_name")}, {"config", c.extra.at("config")}});
    // The config written back has Keras's keys and values, in Keras's order.
    EXPECT_EQ(schedule->get_config().dump(), c.extra.at("config").dump()) << c.name;
    // Schedules compute in float32, as Keras's do; a vector of steps runs them elementwise.
    Tensor steps = c.inputs[0];
    Tensor got = (*schedule)(steps.to(backend::current()));
    EXPECT_EQ(got.dtype(), DType::float32) << c.name;
    testing::expect_near(got, c.outputs[0], 2e-6, 2e-8, c.name);
    // One step at a time, as the optimizer calls it.
    std::vector<float> s = steps.to_vector<float>();
    std::vector<double> want = c.outputs[0].to_vector<double>();
    for (size_t i = 0; i < s.size(); i += 17) {
      double one = (*schedule)(Tensor::scalar<float>(s[i])).item<double>();
      EXPECT_NEAR(one, want[i], 2e-6 * std::fabs(want[i]) + 2e-8) << c.name << " step " << s[i];
    }
  }
  for (const char* name : {"ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay",
                           "PolynomialDecay", "CosineDecay", "CosineDecayRestarts"})
    EXPECT_TRUE(classes.count(name)) << name << " has no golden case";
}

}  // namespace
}  // namespace keras
