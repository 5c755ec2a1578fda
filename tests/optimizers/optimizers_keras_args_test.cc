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

#include "keras/optimizers/optimizers.h"
#include "keras/utils/naming.h"
#include "tests/support/paths.h"

namespace keras {
namespace {

const Json& keras3_classes(const char* family) {
  static const Json all = [] {
    std::ifstream in(testing::source_dir() / "tests/golden/data/keras3_args.json");
    if (!in) throw IOError("cannot open tests/golden/data/keras3_args.json");
    return Json::parse(in);
  }();
  return all.at("classes").at(family);
}

void expect_same_value(const Json& ours, const Json& keras, const std::string& where) {
  if (keras.is_number_float() && ours.is_number_float()) {
    double a = ours.get<double>(), b = keras.get<double>();
    EXPECT_LE(std::fabs(a - b), 1e-6 * std::fabs(b)) << where << ": " << a << " vs Keras " << b;
  } else if (keras.is_object() && ours.is_object()) {
    ASSERT_EQ(ours.size(), keras.size()) << where << ": " << ours.dump() << " vs " << keras.dump();
    for (const auto& item : keras.items()) {
      ASSERT_TRUE(ours.contains(item.key())) << where << ": no '" << item.key() << "'";
      expect_same_value(ours.at(item.key()), item.value(), where + "." + item.key());
    }
  } else if (keras.is_array() && ours.is_array()) {
    ASSERT_EQ(ours.size(), keras.size()) << where;
    for (size_t i = 0; i < keras.size(); ++i)
      expect_same_value(ours[i], keras[i], str(where, "[", i, "]"));
  } else {
    // Same JSON type (an integer stays an integer) and value.
    EXPECT_EQ(ours.type_name(), std::string(keras.type_name())) << where;
    EXPECT_EQ(ours.is_number_integer(), keras.is_number_integer()) << where << ": " << ours.dump();
    EXPECT_EQ(ours, keras) << where;
  }
}

void expect_keras_config(const Json& ours, const Json& entry, const std::string& who) {
  std::vector<std::string> keys;
  for (const auto& item : ours.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, entry.at("keys").get<std::vector<std::string>>()) << who;
  for (const auto& item : entry.at("config").items()) {
    if (!ours.contains(item.key())) continue;  // reported by the key comparison
    expect_same_value(ours.at(item.key()), item.value(), who + "." + item.key());
  }
}

TEST(OptimizersKerasArgs, EveryOptimizerWritesKerasDefaults) {
  const Json& classes = keras3_classes("optimizers");
  ASSERT_EQ(classes.size(), 8u);
  for (const auto& [name, entry] : classes.items()) {
    // Keras made each in a fresh session: its automatic name ("adam", "rm_sprop") unsuffixed.
    utils::clear_session();
    optimizers::OptimizerPtr optimizer =
        optimizers::deserialize(Json{{"class_name", name}, {"config", entry.at("args")}});
    ASSERT_TRUE(optimizer) << name;
    EXPECT_EQ(optimizer->class_name(), name);
    expect_keras_config(optimizer->get_config(), entry, name);
  }
}

TEST(OptimizersKerasArgs, EveryScheduleWritesKerasDefaults) {
  const Json& classes = keras3_classes("schedules");
  ASSERT_EQ(classes.size(), 6u);
  for (const auto& [name, entry] : classes.items()) {
    optimizers::schedules::LearningRateSchedulePtr schedule = optimizers::schedules::deserialize(
        Json{{"class_name", name}, {"config", entry.at("args")}});
    ASSERT_TRUE(schedule) << name;
    EXPECT_EQ(schedule->class_name(), name);
    expect_keras_config(schedule->get_config(), entry, name);
  }
}

TEST(OptimizersKerasArgs, KerasConfigsRoundTrip) {
  // Keras's own configs read back to themselves (the learning rate's float32 value included).
  for (const char* family : {"optimizers", "schedules"}) {
    for (const auto& [name, entry] : keras3_classes(family).items()) {
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
