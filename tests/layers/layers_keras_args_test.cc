// Every layer class kerascpp registers against Keras 3.15's own class made with default arguments
// (tests/golden/data/keras3_args.json): the config read from Keras's required arguments alone
// comes back with Keras's keys, in Keras's order, and Keras's default values. This pins each
// class's argument declaration (keras/core/detail/keras_args.h): a key missing, misspelled, out of
// order or with another default fails here.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "keras/core/json.h"
#include "keras/keras.h"
#include "keras/layers/detail/builtin_layers.h"
#include "keras/layers/serialization.h"
#include "tests/support/keras3_args.h"

namespace keras {
namespace {

// The config kerascpp writes for a layer made from Keras's arguments for `class_name`.
Json config_from_keras_args(const std::string& class_name, const Json& golden) {
  Json config = golden.at("args");
  config["name"] = golden.at("config").at("name");
  Json serialized = {{"module", "keras.layers"}, {"class_name", class_name}, {"config", config}};
  return layers::deserialize(serialized)->get_config();
}

TEST(LayersKerasArgs, EveryRegisteredClassWritesKerasKeysAndDefaults) {
  // Classes whose comparison needs more than their arguments (checked below).
  const std::set<std::string> elsewhere = {"Lambda", "Sequential", "Functional"};
  int compared = 0;
  for (const auto& [class_name, golden] : testing::keras3_classes("layers").items()) {
    if (elsewhere.count(class_name)) continue;
    SCOPED_TRACE(class_name);
    testing::expect_keras_config(config_from_keras_args(class_name, golden), golden.at("config"),
                                 class_name);
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

TEST(LayersKerasArgs, EveryLayerClassHasAKerasGolden) {
  const Json& golden = testing::keras3_classes("layers");
  ClassRegistry<layers::Layer> builtins;  // the built-in classes alone, without test classes
  layers::detail::register_builtin_layers(builtins);
  for (const std::string& name : builtins.names()) {
    if (name == "Model") continue;  // Keras 2's name for Functional (keras3_args.json says why)
    EXPECT_TRUE(golden.contains(name)) << name << " has no Keras 3 golden: regenerate "
                                       << "tests/golden/data/keras3_args.json";
  }
}

// Lambda holds Python code in Keras; a C++ function has no config (lambda_layer.h).
TEST(LayersKerasArgs, LambdaCannotBeReadFromKerasConfig) {
  const Json& golden = testing::keras3_classes("layers").at("Lambda");
  EXPECT_THROW(
      layers::deserialize(
          {{"module", "keras.layers"}, {"class_name", "Lambda"}, {"config", golden.at("config")}}),
      NotImplementedError);
}

TEST(LayersKerasArgs, EmptySequentialAsKeras) {
  utils::clear_session();
  Sequential model;
  testing::expect_keras_config(model.get_config(),
                               testing::keras3_classes("layers").at("Sequential").at("config"),
                               "Sequential");
}

// keras.Model(keras.Input(shape=(2,)), Dense(2)(inputs)) after clear_session.
TEST(LayersKerasArgs, SmallestFunctionalAsKeras) {
  utils::clear_session();
  Tensor inputs = layers::Input({2});
  Model model(inputs, layers::Dense(2)(inputs));
  testing::expect_keras_config(model.get_config(),
                               testing::keras3_classes("layers").at("Functional").at("config"),
                               "Functional");
}

}  // namespace
}  // namespace keras
