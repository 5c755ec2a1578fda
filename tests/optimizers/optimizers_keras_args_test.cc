// Every optimizer's and every learning-rate schedule's config made from Keras's own arguments
// against what Keras 3 writes (tests/golden/data/keras3_args.json, made by
// tests/golden/keras3/make_keras_args.py with Keras 3.15): from_config() of the "args" Keras was
// given (nothing else), then get_config(), has Keras's keys in Keras's order and Keras's default
// values. Floats agree to 1e-6 relative (Keras writes float32-rounded values for some, e.g. a
// learning rate of 0.0010000000474974513); integers, booleans, strings and nulls exactly, and a
// number is an integer where Keras wrote one.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "keras/core/json.h"
#include "keras/optimizers/optimizers.h"
#include "keras/utils/naming.h"
#include "tests/support/keras3_args.h"

namespace keras {
namespace {

TEST(OptimizersKerasArgs, EveryOptimizerWritesKerasDefaults) {
  const Json& classes = testing::keras3_classes("optimizers");
  ASSERT_EQ(classes.size(), 8u);
  for (const auto& [name, entry] : classes.items()) {
    // Keras made each in a fresh session: its automatic name ("adam", "rm_sprop") unsuffixed.
    utils::clear_session();
    optimizers::OptimizerPtr optimizer =
        optimizers::deserialize(Json{{"class_name", name}, {"config", entry.at("args")}});
    ASSERT_TRUE(optimizer) << name;
    EXPECT_EQ(optimizer->class_name(), name);
    testing::expect_keras_config(optimizer->get_config(), entry.at("config"), name);
  }
}

TEST(OptimizersKerasArgs, EveryScheduleWritesKerasDefaults) {
  const Json& classes = testing::keras3_classes("schedules");
  ASSERT_EQ(classes.size(), 6u);
  for (const auto& [name, entry] : classes.items()) {
    optimizers::schedules::LearningRateSchedulePtr schedule = optimizers::schedules::deserialize(
        Json{{"class_name", name}, {"config", entry.at("args")}});
    ASSERT_TRUE(schedule) << name;
    EXPECT_EQ(schedule->class_name(), name);
    testing::expect_keras_config(schedule->get_config(), entry.at("config"), name);
  }
}

TEST(OptimizersKerasArgs, KerasConfigsRoundTrip) {
  // Keras's own configs read back to themselves (the learning rate's float32 value included).
  for (const char* family : {"optimizers", "schedules"}) {
    for (const auto& [name, entry] : testing::keras3_classes(family).items()) {
      Json serialized = {{"class_name", name}, {"config", entry.at("config")}};
      Json again = std::string(family) == "optimizers"
                       ? optimizers::deserialize(serialized)->get_config()
                       : optimizers::schedules::deserialize(serialized)->get_config();
      EXPECT_EQ(again.dump(), entry.at("config").dump()) << name;
    }
  }
}

}  // namespace
}  // namespace keras
