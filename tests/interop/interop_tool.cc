// kerascpp's half of the interop check with Python Keras (tests/interop/run_interop.py drives
// both halves and compares). Two commands:
//
//   interop_tool write DIR   for every layer case (tests/support/layer_catalog.h): the model,
//                            compiled with Adam and MSE, trained one epoch of two batches (so the
//                            optimizer has state), saved as kerascpp.keras, kerascpp.weights.h5
//                            (with kerascpp.json, the architecture it loads into) and the legacy
//                            kerascpp.h5; the data as x<i>.npy and y.npy, and the in-memory
//                            model's results under results/kerascpp@self/.
//   interop_tool read DIR    for every file Python Keras wrote into a case's folder
//                            (keras3.keras, keras3.weights.h5, keras3.h5, tf_keras.h5,
//                            tf_keras.keras), the model loaded by kerascpp and its results under
//                            results/<file>@kerascpp/.
//
// Two more for Keras 3's mixed-precision policies (run_interop.py's check_policies):
//
//   interop_tool write-policies DIR   per policy (mixed_bfloat16, mixed_float16), a model made
//                                     under it (Dense, BatchNormalization, Dense), trained one
//                                     epoch (mixed_float16 with compile's LossScaleOptimizer),
//                                     saved as <policy>/kerascpp.keras, with its data and
//                                     prediction (x.npy, y.npy, kerascpp@self.npy);
//   interop_tool read-policies DIR    <policy>/keras3.keras (written by Keras 3) loaded with no
//                                     global policy set: the layers' policies, as JSON, and its
//                                     prediction (keras3.keras@kerascpp.{json,npy}).
//
// "Results" are what both sides must agree on: predict.npy (the prediction on the case's data)
// and, for layers without randomness in training, trained_<i>.npy: every weight after three more
// train_on_batch steps on the whole data, which carry on from the saved optimizer state. A file
// that fails to load gets error.txt with the message instead, so the matrix shows every failure.
// Each case starts from utils::clear_session(), as the Python side starts from Keras's, so that
// layer names are the same in both.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "keras/core/json.h"
#include "keras/core/npy.h"
#include "keras/keras.h"
#include "keras/layers/detail/builtin_layers.h"
#include "keras/utils/naming.h"
#include "tests/support/layer_catalog.h"

namespace fs = std::filesystem;

namespace keras {
namespace {

constexpr int kTrainSteps = 3;

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw IOError("interop_tool: cannot write " + path.string());
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IOError("interop_tool: cannot read " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// predict.npy and, unless the case is random, the weights after kTrainSteps more steps.
void write_results(Model& model, const layers::Tensors& x, const Tensor& y, bool random,
                   const fs::path& dir) {
  fs::create_directories(dir);
  save_npy(dir / "predict.npy", model.predict(x, {.verbose = 0})[0]);
  if (random) return;
  for (int step = 0; step < kTrainSteps; ++step) model.train_on_batch(x, {y});
  std::vector<Tensor> weights = model.get_weights();
  for (size_t i = 0; i < weights.size(); ++i)
    save_npy(dir / ("trained_" + std::to_string(i) + ".npy"), weights[i]);
}

layers::Tensors case_inputs(const fs::path& dir, int count) {
  std::vector<Tensor> x;
  for (int i = 0; i < count; ++i) x.push_back(load_npy(dir / ("x" + std::to_string(i) + ".npy")));
  return layers::Tensors(x);
}

int write_all(const fs::path& root) {
  Json cases = Json::array();
  for (const testing::LayerCase& c : testing::layer_cases()) {
    utils::clear_session();
    fs::path dir = root / c.name;
    fs::create_directories(dir);
    std::vector<Tensor> data = testing::layer_case_data(c);
    for (size_t i = 0; i < data.size(); ++i)
      save_npy(dir / ("x" + std::to_string(i) + ".npy"), data[i]);
    Tensor y = random::uniform(Shape{16, 3}, {.seed = 20});
    save_npy(dir / "y.npy", y);
    layers::Tensors x(data);

    Model model = testing::layer_case_model(c);
    model.compile({.optimizer = "adam", .loss = "mean_squared_error"});
    model.fit(x, {y}, {.batch_size = 8, .epochs = 1, .verbose = 0, .shuffle = false});
    model.save(dir / "kerascpp.keras");
    model.save_weights(dir / "kerascpp.weights.h5");
    write_text(dir / "kerascpp.json", model.to_json());
    model.save(dir / "kerascpp.h5");
    write_results(model, x, y, c.random, dir / "results" / "kerascpp@self");
    cases.push_back({{"name", c.name}, {"inputs", c.inputs.size()}, {"random", c.random}});
  }
  // The built-in layer classes, so that the Python side can tell which have no case.
  ClassRegistry<layers::Layer> builtins;
  layers::detail::register_builtin_layers(builtins);
  Json manifest = {{"cases", cases}, {"layer_classes", builtins.names()}};
  write_text(root / "manifest.json", manifest.dump(1));
  std::cout << "interop_tool: wrote " << cases.size() << " cases into " << root << "\n";
  return 0;
}

// The model a file written by Python Keras holds. A .weights.h5 file goes into the architecture
// Keras wrote beside it (<writer>.json), compiled as the writer compiled it.
Model load_written(const fs::path& dir, const std::string& file) {
  if (file.ends_with(".weights.h5")) {
    std::string writer = file.substr(0, file.size() - std::string(".weights.h5").size());
    Model model = models::model_from_json(read_text(dir / (writer + ".json")));
    model.compile({.optimizer = "adam", .loss = "mean_squared_error"});
    model.load_weights(dir / file);
    return model;
  }
  return models::load_model(dir / file);
}

int read_all(const fs::path& root) {
  Json manifest = Json::parse(read_text(root / "manifest.json"));
  int loaded = 0, failed = 0;
  for (const Json& entry : manifest.at("cases")) {
    std::string name = entry.at("name");
    fs::path dir = root / name;
    for (const char* file :
         {"keras3.keras", "keras3.weights.h5", "keras3.h5", "tf_keras.h5", "tf_keras.keras"}) {
      if (!fs::exists(dir / file)) continue;
      utils::clear_session();
      fs::path out = dir / "results" / (std::string(file) + "@kerascpp");
      fs::create_directories(out);
      try {
        Model model = load_written(dir, file);
        Tensor y = load_npy(dir / "y.npy");
        write_results(model, case_inputs(dir, entry.at("inputs")), y, entry.at("random"), out);
        ++loaded;
      } catch (const std::exception& e) {
        write_text(out / "error.txt", e.what());
        ++failed;
      }
    }
  }
  std::cout << "interop_tool: loaded " << loaded << " files written by Python Keras, " << failed
            << " failed\n";
  return 0;
}

const char* const kPolicies[] = {"mixed_bfloat16", "mixed_float16"};

int write_policies(const fs::path& root) {
  for (const char* policy : kPolicies) {
    utils::clear_session();
    fs::path dir = root / policy;
    fs::create_directories(dir);
    Tensor x = random::uniform(Shape{16, 6}, {.minval = -1, .maxval = 1, .seed = 30});
    Tensor y = random::uniform(Shape{16, 3}, {.seed = 31});
    save_npy(dir / "x.npy", x);
    save_npy(dir / "y.npy", y);
    config::set_dtype_policy(DTypePolicy(policy));
    Sequential model({layers::Input({6}), layers::Dense(8, {.activation = "relu"}),
                      layers::BatchNormalization(), layers::Dense(3)});
    model.compile({.optimizer = "adam", .loss = "mean_squared_error"});
    model.fit(x, y, {.batch_size = 8, .epochs = 1, .verbose = 0, .shuffle = false});
    config::set_dtype_policy(std::nullopt);
    model.save(dir / "kerascpp.keras");
    save_npy(dir / "kerascpp@self.npy", model.predict(x, {.verbose = 0})[0]);
  }
  return 0;
}

int read_policies(const fs::path& root) {
  for (const char* policy : kPolicies) {
    utils::clear_session();
    fs::path dir = root / policy;
    Model model = models::load_model(dir / "keras3.keras");
    Json policies = Json::object();
    for (const layers::LayerPtr& layer : model.layers())
      policies[layer->name()] = layer->dtype_policy().name();
    policies["<model>"] = model->dtype_policy().name();
    policies["<optimizer>"] = model.optimizer() ? model.optimizer()->class_name() : "";
    write_text(dir / "keras3.keras@kerascpp.json", policies.dump());
    save_npy(dir / "keras3.keras@kerascpp.npy",
             model.predict(load_npy(dir / "x.npy"), {.verbose = 0})[0]);
  }
  return 0;
}

}  // namespace
}  // namespace keras

int main(int argc, char** argv) {
  const std::string command = argc == 3 ? argv[1] : "";
  if (command != "write" && command != "read" && command != "write-policies" &&
      command != "read-policies") {
    std::cerr << "usage: interop_tool write|read|write-policies|read-policies DIR\n";
    return 2;
  }
  try {
    if (command == "write-policies") return keras::write_policies(argv[2]);
    if (command == "read-policies") return keras::read_policies(argv[2]);
    return command == "write" ? keras::write_all(argv[2]) : keras::read_all(argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "interop_tool: " << e.what() << "\n";
    return 1;
  }
}
