// The legacy .h5 holds Keras 2's dialect of configs (KERAS.md §4.2.1, §4.2.2), so that tf-keras
// loads the file as a whole model (tests/interop checks that with tf-keras itself): the rules of
// keras/saving/detail/keras2_config.h on a file kerascpp writes, and on the cases no saved model
// of today's layers reaches.
#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/keras.h"
#include "keras/saving/detail/hdf5.h"
#include "keras/saving/detail/keras2_config.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

using testing::TempDir;

// Every key named `key` anywhere below `value`, as "path: value" lines.
void find_key(const Json& value, const std::string& key, const std::string& path,
              std::vector<std::string>& found) {
  if (value.is_object()) {
    for (const auto& [k, v] : value.items()) {
      if (k == key) found.push_back(path + "/" + k);
      find_key(v, key, path + "/" + k, found);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i)
      find_key(value[i], key, path + "/" + std::to_string(i), found);
  }
}

const Json& layer_named(const Json& model_config, const std::string& name) {
  for (const Json& layer : model_config["config"]["layers"])
    if (layer["name"] == name) return layer;
  throw std::runtime_error("no layer " + name);
}

TEST(Keras2Config, LegacyH5HoldsKeras2Configs) {
  TempDir dir;
  Tensor a = layers::Input({6}, {.name = "a"});
  Tensor b = layers::Input({6}, {.name = "b"});
  Tensor h = layers::LeakyReLU({.negative_slope = 0.25, .name = "leaky"})(
      layers::Dense(6, {.name = "dense"})(a));
  Tensor out = layers::Add({.name = "add"})({h, b});
  Model model({a, b}, {out});
  model.compile({.optimizer = "adam", .loss = "mse"});
  Tensor x = random::uniform(Shape{8, 6}, {.seed = 1});
  model.fit({x, x}, {x}, {.epochs = 1, .verbose = 0});
  std::filesystem::path path = dir / "m.h5";
  model.save(path);

  h5::File file = h5::File::open(path);
  Json config = Json::parse(file.root().string_attr("model_config"));
  for (const Json& layer : config["config"]["layers"])
    for (const char* keras3_key : {"module", "registered_name", "build_config"})
      EXPECT_FALSE(layer.contains(keras3_key)) << layer["name"] << ": " << keras3_key;
  for (const char* keras3_key :
       {"batch_shape", "negative_slope", "quantization_config", "input_axes"}) {
    std::vector<std::string> found;
    find_key(config, keras3_key, "", found);
    EXPECT_TRUE(found.empty()) << keras3_key << " at " << found.front();
  }
  EXPECT_EQ(layer_named(config, "a")["config"]["batch_input_shape"], Json::parse("[null, 6]"));
  EXPECT_EQ(layer_named(config, "dense")["config"]["dtype"], "float32");
  EXPECT_EQ(layer_named(config, "leaky")["config"]["alpha"], 0.25);
  EXPECT_EQ(layer_named(config, "add")["inbound_nodes"],
            Json::parse(R"([[["leaky", 0, 0, {}], ["b", 0, 0, {}]]])"));

  Json training = Json::parse(file.root().string_attr("training_config"));
  EXPECT_EQ(training["optimizer_config"]["class_name"], "Custom>Adam");
  EXPECT_EQ(training["optimizer_config"]["config"]["is_legacy_optimizer"], false);
  for (const char* key : {"run_eagerly", "steps_per_execution", "jit_compile"})
    EXPECT_FALSE(training.contains(key)) << key;
  // tf-keras's optimizer variables: the iteration count and the slots, no learning rate.
  std::vector<std::string> names =
      file.root().group("optimizer_weights").string_list_attr("weight_names");
  EXPECT_EQ(names.size(), 1 + 2 * model.trainable_weights().size());
  for (const std::string& name : names)
    EXPECT_EQ(name.find("learning_rate"), std::string::npos) << name;

  // kerascpp reads its dialect back, optimizer state included (the learning rate from the config).
  Model loaded = models::load_model(path);
  EXPECT_EQ(loaded.predict({x, x}, {.verbose = 0})[0].to_vector<float>(),
            model.predict({x, x}, {.verbose = 0})[0].to_vector<float>());
  model->reset_metrics();  // fit's running loss mean; Keras saves no metric state
  for (int step = 0; step < 3; ++step)
    EXPECT_EQ(loaded.train_on_batch({x, x}, {x}), model.train_on_batch({x, x}, {x})) << step;
}

// What Keras 2 cannot say stays as Keras 3 wrote it (Keras 3 and kerascpp read it node by node
// and argument by argument); mixed policies become tf-keras's Policy.
TEST(Keras2Config, KeepsWhatKeras2CannotSay) {
  Json keras3 = Json::parse(R"({"class_name": "Functional", "config": {"name": "m", "layers": [
    {"module": "keras.layers", "class_name": "LayerNormalization", "name": "norm",
     "config": {"name": "norm", "rms_scaling": true,
                "dtype": {"module": "keras", "class_name": "DTypePolicy",
                          "config": {"name": "mixed_bfloat16"}, "registered_name": null}},
     "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__",
                                  "config": {"shape": [null, 4], "dtype": "float32",
                                             "keras_history": ["x", 0, 0]}}],
                        "kwargs": {"mask": {"class_name": "__keras_tensor__",
                                            "config": {"shape": [null, 4], "dtype": "bool",
                                                       "keras_history": ["m", 0, 0]}}}}]}],
    "input_layers": [["x", 0, 0]], "output_layers": [["norm", 0, 0]]}})");
  Json keras2 = saving::keras2_model_config(keras3);
  const Json& norm = keras2["config"]["layers"][0];
  EXPECT_FALSE(norm.contains("module"));
  EXPECT_EQ(norm["config"]["rms_scaling"], true);
  EXPECT_EQ(norm["config"]["dtype"],
            Json::parse(R"({"class_name": "Policy", "config": {"name": "mixed_bfloat16"}})"));
  EXPECT_EQ(norm["inbound_nodes"], keras3["config"]["layers"][0]["inbound_nodes"]);

  Json training = saving::keras2_training_config(Json::parse(
      R"({"loss": "mse", "optimizer_config": {"class_name": "Lamb", "config": {"name": "lamb",
          "loss_scale_factor": 128.0, "gradient_accumulation_steps": null}}})"));
  EXPECT_EQ(training["optimizer_config"]["class_name"], "Lamb");  // not one tf-keras has
  EXPECT_EQ(training["optimizer_config"]["config"]["loss_scale_factor"], 128.0);
  EXPECT_FALSE(training["optimizer_config"]["config"].contains("gradient_accumulation_steps"));
}

}  // namespace
}  // namespace keras
