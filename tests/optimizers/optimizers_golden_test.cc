// Optimizers and learning-rate schedules against Keras 3 itself:
// tests/golden/data/keras3_optimizers.json (tests/golden/keras3/make_optimizers.py, Keras 3.15:
// float32 on JAX, float64 on JAX with jax_enable_x64). Each optimizer case is built from Keras's
// own get_config() through optimizers::deserialize, applies five steps of scripted gradients to
// three variables (weight decay, exclusions by name, every kind of clipping, loss_scale_factor,
// a schedule as the learning rate), and after every step must hold Keras's variables and Keras's
// optimizer variables: the same names in the same order (iteration, learning_rate, the slots)
// and the same values. Each schedule case must write Keras's config back and give Keras's
// learning rates at 167 steps, as a vector and one step at a time.
//
// Tolerances, per element |got - want| <= atol + rtol·|want|:
//  - float64: rtol 1e-14, atol 1e-16: the same update rules in float64, a few ulps apart after
//    five steps; the learning rate is the same float32 number on both sides.
//  - float32: rtol 5e-7, atol 5e-8 (4 ulps) for the variables and slots: each step is a handful
//    of float32 operations, fused into one kernel here, evaluated op by op by XLA there, with the
//    per-step scalars (β^t, 1 - β^t, Nadam's schedule) computed in float32 on both sides as
//    Keras computes them. (Computed in double, as kerascpp did before, Adam's first steps were
//    2e-5 away: 1 - β2^t keeps few float32 digits.)
//  - schedules (float32): rtol 1e-6, atol 2e-8: pow, exp and cos of float32 arguments, each side
//    with its own float32 library; atol covers CosineDecay's 1 + cos(πt/T) near its end, where
//    the sum cancels to ~1e-3 of a 0.1 rate and keeps 3e-9 of absolute error.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <set>

#include "keras/backend/backend.h"
#include "keras/core/json.h"
#include "keras/optimizers/optimizers.h"
#include "tests/layers/layer_test.h"
#include "tests/support/golden.h"
#include "tests/support/paths.h"

namespace keras {
namespace {

using testing::GoldenCase;

const std::vector<GoldenCase>& golden() {
  static const auto* cases =
      new std::vector<GoldenCase>(testing::load_golden("keras3_optimizers.json"));
  return *cases;
}

bool is_schedule(const GoldenCase& c) {
  return c.extra.at("kind") == "schedule";
}

// Runs the case's steps, comparing the variables and the optimizer's variables after each.
void run_sequence(const GoldenCase& c) {
  const DType dtype = dtype_from_name(c.extra.at("dtype").get<std::string>());
  const bool f64 = dtype == DType::float64;
  const double rtol = f64 ? 1e-14 : 5e-7, atol = f64 ? 1e-16 : 5e-8;
  const int steps = c.extra.at("steps").get<int>();
  const std::vector<std::string> names = c.extra.at("variables").get<std::vector<std::string>>();
  const std::vector<std::string> slot_names =
      c.extra.at("optimizer_variables").get<std::vector<std::string>>();
  const size_t n = names.size(), m = slot_names.size();

  optimizers::OptimizerPtr optimizer = optimizers::deserialize(
      Json{{"class_name", c.extra.at("class_name")}, {"config", c.extra.at("config")}});
  std::vector<Variable> variables;
  for (size_t i = 0; i < n; ++i) variables.emplace_back(c.inputs[i], names[i]);
  if (c.extra.contains("exclude_from_weight_decay"))
    optimizer->exclude_from_weight_decay(
        {},
        c.extra.at("exclude_from_weight_decay").at("var_names").get<std::vector<std::string>>());
  for (int t = 0; t < steps; ++t) {
    std::vector<Tensor> gradients;
    for (size_t i = 0; i < n; ++i) gradients.push_back(c.inputs[n + t * n + i]);
    EXPECT_TRUE(optimizer->apply(gradients, variables).empty());
    const size_t first = t * (n + m);
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(variables[i].value().dtype(), dtype);
      testing::expect_near(variables[i].value(), c.outputs[first + i], rtol, atol,
                           str(c.name, " step ", t + 1, " variable ", names[i]));
    }
    std::vector<Variable> own = optimizer->variables();
    ASSERT_EQ(own.size(), m) << c.name;
    for (size_t j = 0; j < m; ++j) {
      EXPECT_EQ(own[j].name(), slot_names[j]) << c.name << " optimizer variable " << j;
      const Tensor& want = c.outputs[first + n + j];
      std::string where = str(c.name, " step ", t + 1, " optimizer variable ", slot_names[j]);
      if (want.dtype() == DType::int64) {
        EXPECT_EQ(own[j].value().astype(DType::int64).to_vector<int64_t>(),
                  want.to_vector<int64_t>())
            << where;
      } else {
        EXPECT_EQ(own[j].value().dtype(), want.dtype()) << where;
        testing::expect_near(own[j].value(), want, rtol, atol, where);
      }
    }
  }
  // The step count is the last "iteration" listed (a LossScaleOptimizer's is its inner
  // optimizer's, which skipped the non-finite step).
  size_t last_iteration = 0;
  for (size_t j = 0; j < m; ++j)
    if (slot_names[j] == "iteration") last_iteration = j;
  EXPECT_EQ(optimizer->iterations().value().item<int64_t>(),
            c.outputs[(steps - 1) * (n + m) + n + last_iteration].item<int64_t>())
      << c.name;
}

TEST(OptimizersGolden, Keras3Sequences) {
  int sequences = 0;
  for (const GoldenCase& c : golden()) {
    if (is_schedule(c)) continue;
    ++sequences;
    SCOPED_TRACE(c.name);
    run_sequence(c);
  }
  EXPECT_EQ(sequences, 72);
}

TEST(SchedulesGolden, Keras3) {
  for (const GoldenCase& c : golden()) {
    if (!is_schedule(c)) continue;
    SCOPED_TRACE(c.name);
    auto schedule = optimizers::schedules::deserialize(
        Json{{"class_name", c.extra.at("class_name")}, {"config", c.extra.at("config")}});
    // The config written back has Keras's keys and values, in Keras's order.
    EXPECT_EQ(schedule->get_config().dump(), c.extra.at("config").dump());
    // Schedules compute in float32, as Keras's do; a vector of steps runs them elementwise.
    Tensor steps = c.inputs[0];
    Tensor got = (*schedule)(steps.to(backend::current()));
    EXPECT_EQ(got.dtype(), DType::float32);
    testing::expect_near(got.to(backend::host()), c.outputs[0], 1e-6, 2e-8, "vector of steps");
    // One step at a time, as the optimizer calls it.
    std::vector<int64_t> s = steps.to_vector<int64_t>();
    std::vector<double> want = c.outputs[0].to_vector<double>();
    for (size_t i = 0; i < s.size(); ++i) {
      double one = (*schedule)(Tensor::scalar<int64_t>(s[i])).item<double>();
      EXPECT_NEAR(one, want[i], 1e-6 * std::fabs(want[i]) + 2e-8) << "step " << s[i];
    }
  }
}

// Every optimizer and schedule class kerascpp registers, and every base argument, has Keras 3
// cases (optimizers in both dtypes); what Keras has and kerascpp lacks is recorded (for the
// README) and really is missing here.
TEST(OptimizersGolden, EveryClassAndArgumentHasKeras3Cases) {
  std::set<std::pair<std::string, std::string>> optimizers_covered;
  std::set<std::string> schedules_covered, keys;
  for (const GoldenCase& c : golden()) {
    if (is_schedule(c)) {
      schedules_covered.insert(c.extra.at("class_name").get<std::string>());
      continue;
    }
    optimizers_covered.insert(
        {c.extra.at("class_name").get<std::string>(), c.extra.at("dtype").get<std::string>()});
    for (const auto& item : c.extra.at("args").items()) keys.insert(item.key());
    if (c.extra.contains("exclude_from_weight_decay")) keys.insert("exclude_from_weight_decay");
  }
  int optimizers = 0, schedules = 0;
  for (const std::string& name : optimizers::registry().names()) {
    if (name.find('>') != std::string::npos) continue;
    if (!std::isupper(static_cast<unsigned char>(name[0]))) continue;  // a snake_case name
    // A class another test registered (its name differs from its class name); a wrapper has no
    // defaults to make it from.
    if (name != "LossScaleOptimizer" && optimizers::get(name)->class_name() != name) continue;
    ++optimizers;
    for (const char* dtype : {"float32", "float64"})
      EXPECT_TRUE(optimizers_covered.count({name, dtype}))
          << name << " has no Keras 3 case in " << dtype
          << " (add it to tests/golden/keras3/make_optimizers.py)";
  }
  EXPECT_EQ(optimizers, 9);
  for (const std::string& name : optimizers::schedules::registry().names()) {
    if (name.find('>') != std::string::npos) continue;
    ++schedules;
    EXPECT_TRUE(schedules_covered.count(name)) << name << " has no Keras 3 case";
  }
  EXPECT_EQ(schedules, 6);
  for (const char* key :
       {"momentum", "nesterov", "centered", "rho", "initial_accumulator_value", "amsgrad", "beta_1",
        "beta_2", "epsilon", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm",
        "loss_scale_factor", "exclude_from_weight_decay"})
    EXPECT_TRUE(keys.count(key)) << key << " is set by no Keras 3 case";

  std::ifstream in(testing::source_dir() / "tests/golden/data/keras3_optimizers.json");
  Json data = Json::parse(in);
  for (const Json& name : data.at("not_in_kerascpp").at("optimizers"))
    EXPECT_FALSE(optimizers::registry().contains(name.get<std::string>()))
        << name << " is in kerascpp now: make its Keras 3 cases";
  for (const Json& name : data.at("not_in_kerascpp").at("schedules"))
    EXPECT_FALSE(optimizers::schedules::registry().contains(name.get<std::string>()))
        << name << " is in kerascpp now: make its Keras 3 cases";
}

}  // namespace
}  // namespace keras
