// Every loss class's config made from Keras's own arguments against what Keras 3 writes
// (tests/golden/data/keras3_args.json, made by tests/golden/keras3/make_keras_args.py with Keras
// 3.15): from_config() of the "args" Keras was given (nothing else), then get_config(), has
// Keras's keys in Keras's order and Keras's default values. Floats agree to 1e-6 relative;
// integers, booleans, strings and nulls exactly, and a number is an integer where Keras wrote one.
// Where kerascpp writes more than Keras on purpose, the test says why and checks what it writes.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>

#include "keras/core/json.h"
#include "keras/losses/losses.h"
#include "keras/utils/naming.h"
#include "tests/support/keras3_args.h"

namespace keras {
namespace {

TEST(LossesKerasArgs, EveryClassWritesKerasDefaults) {
  // Keras's CosineSimilarity, Huber and SparseCategoricalCrossentropy write Loss.get_config()
  // plus what their constructors store, which leaves out axis, delta and (a kerascpp argument
  // Keras's class lacks) the sparse crossentropy's axis: a config round trip in Keras falls back
  // to the defaults. kerascpp writes them last, with their defaults here.
  const std::map<std::string, Json> written_beyond_keras = {
      {"CosineSimilarity", {{"axis", -1}}},
      {"Huber", {{"delta", 1.0}}},
      {"SparseCategoricalCrossentropy", {{"axis", -1}}}};
  const Json& classes = testing::keras3_classes("losses");
  ASSERT_EQ(classes.size(), 18u);  // every class losses::registry() has built in
  for (const auto& [name, entry] : classes.items()) {
    SCOPED_TRACE(name);
    utils::clear_session();  // Keras made each in a fresh session (unsuffixed automatic names)
    Json args = entry.at("args");
    // Keras's LossFunctionWrapper was given the function keras.losses.mean_squared_error, which
    // JSON cannot hold ("args_note"); its name is what a config carries.
    if (name == "LossFunctionWrapper") args["fn"] = "mean_squared_error";
    losses::LossPtr loss = losses::deserialize(Json{{"class_name", name}, {"config", args}});
    ASSERT_TRUE(loss);
    EXPECT_EQ(loss->class_name(), name);
    Json config = loss->get_config();
    if (auto extra = written_beyond_keras.find(name); extra != written_beyond_keras.end()) {
      for (const auto& item : extra->second.items()) {
        ASSERT_TRUE(config.contains(item.key()));
        EXPECT_TRUE(testing::config_differences(config.at(item.key()), item.value()).empty())
            << name << "." << item.key() << ": " << config.at(item.key()).dump();
        EXPECT_EQ(config.back(), item.value());  // after Keras's keys
        config.erase(item.key());
      }
    }
    if (name == "LossFunctionWrapper") {
      // Keras 3.15 serializes a bare function with module "builtins" and registered_name
      // "function"; kerascpp writes the module that defines it and its name, by which Keras's
      // deserialize_keras_object also finds a function.
      EXPECT_EQ(config.at("fn").dump(),
                R"({"module":"keras.src.losses.losses","class_name":"function",)"
                R"("config":"mean_squared_error","registered_name":"mean_squared_error"})");
      EXPECT_EQ(config.at("fn").at("config"), entry.at("config").at("fn").at("config"));
      config["fn"] = entry.at("config").at("fn");
    }
    testing::expect_keras_config(config, entry.at("config"), name);
  }
}

}  // namespace
}  // namespace keras
