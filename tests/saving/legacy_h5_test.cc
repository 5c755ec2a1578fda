// Keras 2 HDF5 files written by Python Keras (../shared/keras-files): the ones whose layers
// exist load and predict what NumPy computes from their stored weights
// (tests/golden/keras_files/make_references.py); the others fail naming the layer class that is
// missing.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "keras/core/json.h"
#include "keras/keras.h"
#include "keras/layers/serialization.h"
#include "keras/saving/detail/hdf5.h"
#include "tests/support/paths.h"

namespace keras {
namespace {

const std::filesystem::path kShared = testing::shared_dir() / "keras-files";
const std::filesystem::path kGolden = testing::source_dir() / "tests" / "golden" / "keras_files";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void expect_close(const Tensor& got, const Tensor& want, double tolerance) {
  ASSERT_EQ(got.shape(), want.shape());
  std::vector<double> g = got.astype(DType::float64).to_vector<double>();
  std::vector<double> w = want.astype(DType::float64).to_vector<double>();
  for (size_t i = 0; i < g.size(); ++i)
    EXPECT_NEAR(g[i], w[i], tolerance * (1 + std::abs(w[i]))) << "element " << i;
}

// The error of a file using a layer class kerascpp lacks: it names the class, which is indeed
// not registered and is one the file's config (`config_text`) uses.
void expect_names_a_missing_class(const std::string& file, const std::string& message,
                                  const std::string& config_text) {
  std::smatch m;
  ASSERT_TRUE(std::regex_search(message, m, std::regex("Could not locate class '([A-Za-z0-9_]+)'")))
      << file << ": " << message.substr(0, 400);
  std::string missing = m[1];
  EXPECT_FALSE(layers::registry().contains(missing)) << file << ": " << missing;
  EXPECT_NE(config_text.find("\"class_name\": \"" + missing + "\""), std::string::npos)
      << file << ": " << missing;
}

TEST(LegacyH5, Keras2FunctionalDenseBatchNormPredictsAsNumPy) {
  SKIP_OR_FAIL_UNLESS(std::filesystem::exists(kShared), "no " << kShared);
  std::string stem = "k2.0.8_dense_bn_functional";
  Model model = models::model_from_json(read_text(kShared / (stem + ".arch.json")));
  EXPECT_EQ(model->class_name(), "Functional");
  EXPECT_EQ(model.layers().size(), 13u);
  model.load_weights(kShared / (stem + ".weights.h5"));
  Tensor x = load_npy(kGolden / (stem + ".input.npy"));
  expect_close(model.predict(x, {.verbose = 0}), load_npy(kGolden / (stem + ".expected.npy")),
               1e-5);

  // by_name finds the same layers by their names.
  Model again = models::model_from_json(read_text(kShared / (stem + ".arch.json")));
  again.load_weights(kShared / (stem + ".weights.h5"), {.by_name = true});
  expect_close(again.predict(x, {.verbose = 0}), load_npy(kGolden / (stem + ".expected.npy")),
               1e-5);

  // A model with one weighted layer fewer cannot take the file, and says why.
  Sequential small({layers::Input({16}), layers::Dense(5)});
  try {
    small.load_weights(kShared / (stem + ".weights.h5"));
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("Layer count mismatch when loading weights from file"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("Model expected 1 layers, found 8 saved layers"),
              std::string::npos)
        << e.what();
  }
}

// Every Keras 2 full-model file of the folder loads, or fails naming a layer class that kerascpp
// does not have and that the file's model_config uses.
TEST(LegacyH5, FullModelFilesLoadOrNameTheMissingClass) {
  SKIP_OR_FAIL_UNLESS(std::filesystem::exists(kShared), "no " << kShared);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kShared)) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".full.h5")) continue;
    ++files;
    try {
      Model model = models::load_model(entry.path(), {.compile = false});
      EXPECT_GT(model.layers().size(), 0u) << name;
    } catch (const Error& e) {
      expect_names_a_missing_class(name, e.what(),
                                   h5::File::open(entry.path()).root().string_attr("model_config"));
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
  EXPECT_GT(files, 10);
}

// Keras 1's argument names (output_dim, init, W_regularizer, p, beta_init, ...) read as Keras 2
// renamed them.
TEST(LegacyH5, Keras1LayerConfigsAreConverted) {
  std::string keras1 = R"({"class_name": "Sequential", "config": [
    {"class_name": "Dense", "config": {"name": "dense_1", "output_dim": 7, "input_dim": 5,
      "init": "glorot_uniform", "activation": "relu", "bias": true, "input_dtype": "float32",
      "W_regularizer": {"name": "WeightRegularizer", "l1": 0.0, "l2": 0.01},
      "b_regularizer": null, "W_constraint": null, "b_constraint": null, "trainable": true}},
    {"class_name": "Dropout", "config": {"name": "dropout_1", "p": 0.25, "trainable": true}},
    {"class_name": "BatchNormalization", "config": {"name": "bn_1", "mode": 0, "axis": -1,
      "momentum": 0.99, "epsilon": 0.001, "beta_init": "zero", "gamma_init": "one"}},
    {"class_name": "Activation", "config": {"name": "act", "activation": "softmax"}}]})";
  Model model = models::model_from_json(keras1);
  ASSERT_EQ(model.layers().size(), 4u);
  Json dense = model.layers()[0]->get_config();
  EXPECT_EQ(dense.at("units"), 7);
  EXPECT_EQ(dense.at("activation"), "relu");
  EXPECT_EQ(dense.at("kernel_regularizer").at("class_name"), "L1L2");
  EXPECT_DOUBLE_EQ(dense.at("kernel_regularizer").at("config").at("l2").get<double>(), 0.01);
  EXPECT_DOUBLE_EQ(model.layers()[1]->get_config().at("rate").get<double>(), 0.25);
  EXPECT_EQ(model.layers()[2]->get_config().at("gamma_initializer").at("class_name"), "Ones");
  EXPECT_EQ(Tensor(model(Tensor::ones(Shape{2, 5}, DType::float32))).shape(), Shape({2, 7}));
  // Keras 1's other BatchNormalization modes have no Keras 2 meaning.
  std::string mode2 = keras1;
  mode2.replace(mode2.find("\"mode\": 0"), 9, "\"mode\": 2");
  EXPECT_THROW(models::model_from_json(mode2), ValueError);
}

// The JSON configs of the folder (model.to_json() of Keras 1 and 2) likewise.
TEST(LegacyH5, JsonConfigsLoadOrNameTheMissingClass) {
  SKIP_OR_FAIL_UNLESS(std::filesystem::exists(kShared), "no " << kShared);
  int files = 0, loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kShared)) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".json")) continue;
    ++files;
    std::string text = read_text(entry.path());
    try {
      models::model_from_json(text);
      ++loaded;
    } catch (const Error& e) {
      expect_names_a_missing_class(name, e.what(), text);
    }
  }
  EXPECT_GE(files, 5);
  EXPECT_GE(loaded, 1);  // k2.0.8_dense_bn_functional.arch.json
}

}  // namespace
}  // namespace keras
