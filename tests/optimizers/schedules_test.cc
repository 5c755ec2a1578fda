// Learning-rate schedules apart from their values (those are in optimizers_golden_test.cc):
// configs in Keras's keys and order, serialize / deserialize, Keras's errors, symbolic steps
// inside a program, and the composed floor / cos near their edges.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/optimizers/schedules/learning_rate_schedule.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using namespace keras::optimizers::schedules;
using testing::expect_error;

TEST(Schedules, DefaultConfigsAsKerasWritesThem) {
  EXPECT_EQ(ExponentialDecay(0.1, 1000, 0.96).get_config().dump(),
            R"({"initial_learning_rate":0.1,"decay_steps":1000,"decay_rate":0.96,)"
            R"("staircase":false,"name":"ExponentialDecay"})");
  EXPECT_EQ(PiecewiseConstantDecay({100000, 110000}, {1.0, 0.5, 0.1}).get_config().dump(),
            R"({"boundaries":[100000,110000],"values":[1.0,0.5,0.1],"name":"PiecewiseConstant"})");
  EXPECT_EQ(PolynomialDecay(0.1, 10000).get_config().dump(),
            R"({"initial_learning_rate":0.1,"decay_steps":10000,"end_learning_rate":0.0001,)"
            R"("power":1.0,"cycle":false,"name":"PolynomialDecay"})");
  EXPECT_EQ(InverseTimeDecay(0.1, 1.0, 0.5).get_config().dump(),
            R"({"initial_learning_rate":0.1,"decay_steps":1,"decay_rate":0.5,)"
            R"("staircase":false,"name":"InverseTimeDecay"})");
  EXPECT_EQ(CosineDecay(0.1, 1000).get_config().dump(),
            R"({"initial_learning_rate":0.1,"decay_steps":1000,"alpha":0.0,)"
            R"("name":"CosineDecay","warmup_target":null,"warmup_steps":0})");
  EXPECT_EQ(CosineDecay(0.0, 1000, {.warmup_target = 0.1, .warmup_steps = 100}).get_config().dump(),
            R"({"initial_learning_rate":0.0,"decay_steps":1000,"alpha":0.0,)"
            R"("name":"CosineDecay","warmup_target":0.1,"warmup_steps":100})");
  EXPECT_EQ(CosineDecayRestarts(0.1, 1000).get_config().dump(),
            R"({"initial_learning_rate":0.1,"first_decay_steps":1000,"t_mul":2.0,"m_mul":1.0,)"
            R"("alpha":0.0,"name":"SGDRDecay"})");
}

TEST(Schedules, SerializeRoundTrips) {
  std::vector<LearningRateSchedulePtr> all = {
      std::make_shared<ExponentialDecay>(0.2, 7, 0.9, ExponentialDecayOptions{.staircase = true}),
      std::make_shared<PiecewiseConstantDecay>(std::vector<double>{5, 10},
                                               std::vector<double>{0.3, 0.2, 0.1}),
      std::make_shared<PolynomialDecay>(
          0.1, 30, PolynomialDecayOptions{.end_learning_rate = 0.01, .power = 2, .cycle = true}),
      std::make_shared<InverseTimeDecay>(0.1, 2.5, 0.5, InverseTimeDecayOptions{.name = "itd"}),
      std::make_shared<CosineDecay>(0.1, 40, CosineDecayOptions{.alpha = 0.2}),
      std::make_shared<CosineDecayRestarts>(
          0.1, 10, CosineDecayRestartsOptions{.t_mul = 1.5, .m_mul = 0.5, .alpha = 0.1}),
  };
  Tensor steps = Tensor::from_vector<float>({0, 1, 2, 7, 15, 29, 30, 31, 100});
  for (const LearningRateSchedulePtr& s : all) {
    Json serialized = serialize(*s);
    EXPECT_EQ(serialized.at("module"), "keras.optimizers.schedules");
    EXPECT_EQ(serialized.at("class_name"), s->class_name());
    EXPECT_TRUE(serialized.at("registered_name").is_null());
    LearningRateSchedulePtr again = deserialize(serialized);
    EXPECT_EQ(again->get_config().dump(), s->get_config().dump());
    EXPECT_EQ((*again)(steps).to_vector<float>(), (*s)(steps).to_vector<float>());
    EXPECT_EQ(get(serialized)->class_name(), s->class_name());
  }
  EXPECT_EQ(get(Json()), nullptr);
  // Non-whole step counts stay floats in the config (Keras keeps what it was given).
  EXPECT_EQ(all[3]->get_config().at("decay_steps").dump(), "2.5");
}

TEST(Schedules, KerasErrors) {
  expect_error<ValueError>([] { ExponentialDecay(0.1, 0, 0.5); },
                           "Argument `decay_steps` must be > 0. Received: decay_steps=0");
  expect_error<ValueError>([] { PolynomialDecay(0.1, -3); }, "decay_steps=-3");
  expect_error<ValueError>([] { InverseTimeDecay(0.1, 0, 0.5); }, "decay_steps=0");
  expect_error<ValueError>([] { CosineDecay(0.1, 0); }, "decay_steps=0");
  expect_error<ValueError>([] { CosineDecayRestarts(0.1, 0); },
                           "Argument `first_decay_steps` must be > 0. Received: "
                           "first_decay_steps=0");
  expect_error<ValueError>(
      [] {
        PiecewiseConstantDecay({10, 20}, {1.0, 0.5});
      },
      "The length of boundaries should be 1 less than the length of values. Received: "
      "boundaries=[10, 20] of length 2, and values=[1.0, 0.5] of length 2.");
  expect_error<ValueError>(
      [] {
        deserialize(Json{{"class_name", "StepDecay"}, {"config", {}}});
      },
      "Unknown decay: 'StepDecay'");
  expect_error<ValueError>([] { deserialize(Json(1)); }, "Could not interpret serialized decay");
  expect_error<TypeError>(
      [] {
        deserialize(Json{{"class_name", "ExponentialDecay"},
                         {"config", {{"initial_learning_rate", 0.1}, {"decay_rate", 0.5}}}});
      },
      "ExponentialDecay.__init__() missing 1 required positional argument: 'decay_steps'");
  expect_error<TypeError>(
      [] {
        deserialize(
            Json{{"class_name", "CosineDecay"},
                 {"config", {{"initial_learning_rate", 0.1}, {"decay_steps", 5}, {"warmup", 3}}}});
      },
      "CosineDecay.__init__() got an unexpected keyword argument 'warmup'");
}

TEST(Schedules, RunOnASymbolicStep) {
  // Inside a program the schedule reads the step when the program runs.
  std::vector<LearningRateSchedulePtr> all = {
      std::make_shared<ExponentialDecay>(0.1, 3, 0.5, ExponentialDecayOptions{.staircase = true}),
      std::make_shared<PiecewiseConstantDecay>(std::vector<double>{2, 4},
                                               std::vector<double>{0.3, 0.2, 0.1}),
      std::make_shared<PolynomialDecay>(0.1, 4, PolynomialDecayOptions{.cycle = true}),
      std::make_shared<InverseTimeDecay>(0.1, 2, 0.5),
      std::make_shared<CosineDecay>(0.0, 8,
                                    CosineDecayOptions{.warmup_target = 0.1, .warmup_steps = 2}),
      std::make_shared<CosineDecayRestarts>(0.1, 3),
  };
  for (const LearningRateSchedulePtr& s : all) {
    Tensor step = graph::placeholder({DType::float32, Shape{}}, "step");
    Tensor lr = (*s)(step);
    ASSERT_TRUE(lr.is_symbolic()) << s->class_name();
    graph::Program program({step}, {lr});
    for (float t : {0.f, 1.f, 2.f, 3.f, 5.f, 9.f, 20.f}) {
      Tensor at = Tensor::scalar<float>(t);
      EXPECT_EQ(program.run({at})[0].item<float>(), (*s)(at).item<float>())
          << s->class_name() << " step " << t;
    }
  }
  // An int64 step (the optimizer's iteration count) is cast to float32.
  ExponentialDecay decay(0.1, 10, 0.5);
  EXPECT_EQ(decay(Tensor::scalar<int64_t>(20)).item<float>(),
            decay(Tensor::scalar<float>(20)).item<float>());
  EXPECT_EQ(decay(Tensor::scalar<int64_t>(20)).dtype(), DType::float32);
}

TEST(Schedules, ComposedFloorAndCosine) {
  // CosineDecayRestarts with t_mul = 1 is floor and cos of the step fraction, so it exercises
  // both on fractions just below and above whole numbers and on large steps.
  CosineDecayRestarts restarts(1.0, 4, {.t_mul = 1.0});
  std::vector<float> steps;
  for (float base : {0.f, 4.f, 8.f, 4000.f, 400000.f})
    for (float d : {-0.5f, -0.01f, 0.f, 0.01f, 1.f, 2.f, 3.f, 3.99f}) steps.push_back(base + d);
  std::vector<float> got = restarts(Tensor::from_vector(steps)).to_vector<float>();
  for (size_t i = 0; i < steps.size(); ++i) {
    double fraction = static_cast<double>(steps[i]) / 4.0;
    fraction -= std::floor(fraction);
    double want = 0.5 * (1.0 + std::cos(std::numbers::pi * fraction));
    EXPECT_NEAR(got[i], want, 2e-6) << "step " << steps[i];
  }
}

}  // namespace
}  // namespace keras
