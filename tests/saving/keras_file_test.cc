// .keras archives and .weights.h5 files: round trips that predict and keep training exactly as
// the saved model would have, the layout Keras 3 reads (checked with h5dump and Python's zipfile,
// not with our own reader), and the errors for wrong names, damaged files and mismatched models.
#include <gtest/gtest.h>

#include <fstream>

#include "keras/core/json.h"
#include "keras/keras.h"
#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

using testing::command_output;
using testing::TempDir;

Tensor uniform(Shape shape, int64_t seed) {
  return random::uniform(std::move(shape), {.minval = -1, .maxval = 1, .seed = seed});
}

void expect_same(const Tensor& a, const Tensor& b) {
  ASSERT_EQ(a.shape(), b.shape());
  EXPECT_EQ(a.astype(DType::float64).to_vector<double>(),
            b.astype(DType::float64).to_vector<double>());
}

// Two inputs, a nested Sequential used as a layer, BatchNormalization (non-trainable moving
// statistics) and a shared Dense called twice.
Model make_functional() {
  Tensor a = layers::Input({6}, {.name = "a"});
  Tensor b = layers::Input({4}, {.name = "b"});
  Sequential tower(
      {layers::Input({6}), layers::Dense(8, {.activation = "relu"}), layers::BatchNormalization()});
  auto shared = layers::Dense(8, {.activation = "tanh"});
  Tensor h = layers::Concatenate()({tower(a), shared(layers::Dense(8)(b))});
  Tensor out = layers::Dense(3, {.activation = "softmax"})(shared(layers::Dense(8)(h)));
  return Model({a, b}, {out});
}

// Both formats: Keras 3's .keras archive and the legacy .h5 full-model file.
class RoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTrip, PredictsAndTrainsOnExactly) {
  TempDir dir;
  Model model = make_functional();
  model.compile({.optimizer = "adam", .loss = "categorical_crossentropy", .metrics = {"accuracy"}});
  Tensor xa = uniform(Shape{32, 6}, 1), xb = uniform(Shape{32, 4}, 2);
  Tensor y = utils::to_categorical(
      random::uniform(Shape{32}, {.maxval = 3, .seed = 3}).astype(DType::int64), 3);
  model.fit({xa, xb}, {y}, {.batch_size = 8, .epochs = 2, .verbose = 0, .shuffle = false});
  std::filesystem::path path = dir / GetParam();
  model.save(path);

  Model loaded = models::load_model(path);
  EXPECT_EQ(loaded.summary_text(), model.summary_text());
  expect_same(loaded.predict({xa, xb}, {.verbose = 0})[0],
              model.predict({xa, xb}, {.verbose = 0})[0]);
  ASSERT_EQ(loaded.optimizer()->variables().size(), model.optimizer()->variables().size());
  // The optimizer's state came back too: three more steps give the same losses on both (the
  // metrics' running means start afresh on both; Keras does not save metric state).
  model->reset_metrics();
  loaded->reset_metrics();
  for (int step = 0; step < 3; ++step) {
    layers::Tensors x = {xa.slice(step * 8, step * 8 + 8), xb.slice(step * 8, step * 8 + 8)};
    layers::Tensors t = {y.slice(step * 8, step * 8 + 8)};
    EXPECT_EQ(loaded.train_on_batch(x, t), model.train_on_batch(x, t)) << "step " << step;
  }
  for (size_t i = 0; i < model.weights().size(); ++i)
    expect_same(loaded.weights()[i].value(), model.weights()[i].value());

  // compile=false: the same weights, no optimizer.
  Model plain = models::load_model(path, {.compile = false});
  EXPECT_EQ(plain.optimizer(), nullptr);
}

INSTANTIATE_TEST_SUITE_P(KerasFile, RoundTrip, ::testing::Values("m.keras", "m.h5"));

// The legacy file's structure as h5dump sees it: Keras 2's attributes and groups.
TEST(KerasFile, LegacyH5LayoutIsWhatKerasReads) {
  TempDir dir;
  Sequential model(
      {layers::Input({5}), layers::Dense(4), layers::BatchNormalization(), layers::Dense(2)});
  model.compile({.optimizer = "sgd", .loss = "mse"});
  model.fit(uniform(Shape{16, 5}, 4), uniform(Shape{16, 2}, 5), {.epochs = 1, .verbose = 0});
  std::filesystem::path path = dir / "m.h5";
  model.save(path);
  std::string attrs = command_output("h5dump -A -g / " + path.string());
  for (const char* attr : {"ATTRIBUTE \"backend\"", "ATTRIBUTE \"keras_version\"",
                           "ATTRIBUTE \"model_config\"", "ATTRIBUTE \"training_config\""})
    EXPECT_NE(attrs.find(attr), std::string::npos) << attr;
  std::string names = command_output("h5dump -a /model_weights/layer_names " + path.string());
  std::string dense = model.layers()[0]->name(), bn = model.layers()[1]->name();
  EXPECT_NE(names.find(dense), std::string::npos) << names;
  std::string tree = command_output("h5dump -n " + path.string());
  for (const std::string& object :
       {"dataset    /model_weights/" + dense + "/" + dense + "/kernel",
        "dataset    /model_weights/" + bn + "/" + bn + "/moving_variance",
        std::string("group      /model_weights/top_level_model_weights"),
        std::string("group      /optimizer_weights")})
    EXPECT_NE(tree.find(object), std::string::npos) << object << "\n" << tree;
  // Within a layer, weight_names lists trainable weights first, as Keras 2's layer.weights.
  std::string bn_names =
      command_output("h5dump -a /model_weights/" + bn + "/weight_names " + path.string());
  EXPECT_LT(bn_names.find("beta"), bn_names.find("moving_mean")) << bn_names;
}

TEST(KerasFile, ArchiveAndWeightsLayoutAreWhatKerasReads) {
  TempDir dir;
  Sequential model({layers::Input({5}), layers::Dense(4, {.activation = "relu"}),
                    layers::Dropout(0.5), layers::Dense(2)});
  model.compile({.optimizer = "rmsprop", .loss = "mse"});
  model.fit(uniform(Shape{16, 5}, 4), uniform(Shape{16, 2}, 5), {.epochs = 1, .verbose = 0});
  std::filesystem::path path = dir / "s.keras";
  model.save(path);

  // Python's zipfile: the three members, stored, in Keras's order.
  std::string listing = command_output(
      "/usr/bin/python3 -c \"import sys, zipfile; "
      "print([(i.filename, i.compress_type) for i in zipfile.ZipFile(sys.argv[1]).infolist()])\" " +
      path.string());
  EXPECT_EQ(listing, "[('metadata.json', 0), ('config.json', 0), ('model.weights.h5', 0)]\n");
  std::string config = command_output(
      "/usr/bin/python3 -c \"import sys, zipfile, json; c = json.loads(zipfile.ZipFile(sys.argv[1])"
      ".read('config.json')); print(c['class_name'], [l['class_name'] for l in "
      "c['config']['layers']], c['compile_config']['optimizer']['class_name'], "
      "c['compile_config']['loss'])\" " +
      path.string());
  EXPECT_EQ(config, "Sequential ['InputLayer', 'Dense', 'Dropout', 'Dense'] RMSprop mse\n");

  // HDF5's h5dump on the weights: Keras 3's paths, the name attributes, RMSprop's slots.
  command_output("cd " + dir.path().string() +
                 " && /usr/bin/python3 -c \"import zipfile; open('w.h5', 'wb').write("
                 "zipfile.ZipFile('s.keras').read('model.weights.h5'))\"");
  std::string tree = command_output("h5dump -n " + (dir / "w.h5").string());
  for (const char* object :
       {"group      /layers/dense/vars", "dataset    /layers/dense/vars/0",
        "dataset    /layers/dense/vars/1", "group      /layers/dropout/vars",
        "dataset    /layers/dense_1/vars/1", "group      /vars", "dataset    /optimizer/vars/0",
        "dataset    /optimizer/vars/1", "dataset    /optimizer/vars/5"})
    EXPECT_NE(tree.find(object), std::string::npos) << object << "\n" << tree;
  EXPECT_EQ(tree.find("/optimizer/vars/6"), std::string::npos) << tree;  // 2 + 4 velocities
  std::string shapes = command_output("h5dump -H -d /layers/dense/vars/0 -d /optimizer/vars/0 " +
                                      (dir / "w.h5").string());
  EXPECT_NE(shapes.find("SIMPLE { ( 5, 4 ) / ( 5, 4 ) }"), std::string::npos) << shapes;
  EXPECT_NE(shapes.find("DATASPACE  SCALAR"), std::string::npos) << shapes;
  std::string names = command_output(
      "h5dump -a /layers/dense_1/vars/name -a /optimizer/vars/name " + (dir / "w.h5").string());
  // Layer and optimizer names are made unique per process ("dense_6", "rm_sprop_2", as Keras's
  // auto_name): whatever the objects are called is what the attributes say.
  EXPECT_NE(names.find("\"" + model.layers()[2]->name() + "\""), std::string::npos) << names;
  EXPECT_NE(names.find("\"" + model.optimizer()->name() + "\""), std::string::npos) << names;

  // The same layout in a .weights.h5 file, which loads into a fresh model of the same shape.
  model.save_weights(dir / "s.weights.h5");
  EXPECT_EQ(command_output("h5dump -n " + (dir / "s.weights.h5").string())
                    .find("/layers/dense_1/vars/0") == std::string::npos,
            false);
  Sequential twin({layers::Input({5}), layers::Dense(4, {.activation = "relu"}),
                   layers::Dropout(0.5), layers::Dense(2)});
  twin.load_weights(dir / "s.weights.h5");
  Tensor x = uniform(Shape{3, 5}, 6);
  expect_same(twin.predict(x, {.verbose = 0}), model.predict(x, {.verbose = 0}));
  Sequential twin2({layers::Input({5}), layers::Dense(4, {.activation = "relu"}),
                    layers::Dropout(0.5), layers::Dense(2)});
  twin2.load_weights(path);
  expect_same(twin2.predict(x, {.verbose = 0}), model.predict(x, {.verbose = 0}));
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(KerasFile, BadNamesAndMismatchesAreClearErrors) {
  TempDir dir;
  Sequential model({layers::Input({3}), layers::Dense(2)});
  EXPECT_NE(message_of([&] { model.save(dir / "m.txt"); })
                .find("Invalid filepath extension for saving. Please add either a `.keras` "
                      "extension"),
            std::string::npos);
  EXPECT_NE(message_of([&] {
              model.save_weights(dir / "m.h5");
            }).find("The filename must end in `.weights.h5`. Received: filepath="),
            std::string::npos);
  EXPECT_NE(message_of([&] { models::load_model(dir / "none.keras"); }).find("no such file"),
            std::string::npos);
  std::ofstream(dir / "junk.keras") << "not a zip";
  EXPECT_NE(message_of([&] {
              models::load_model(dir / "junk.keras");
            }).find("junk.keras as a .keras file"),
            std::string::npos);

  model.save_weights(dir / "two.weights.h5");
  Sequential wider({layers::Input({3}), layers::Dense(5)});
  std::string shape_error = message_of([&] { wider.load_weights(dir / "two.weights.h5"); });
  EXPECT_NE(shape_error.find("Layer 'dense"), std::string::npos) << shape_error;
  EXPECT_NE(shape_error.find("has shape (3, 5); the file stores shape (3, 2)"), std::string::npos)
      << shape_error;
  wider.load_weights(dir / "two.weights.h5", {.skip_mismatch = true});  // warns, keeps its weights

  Sequential deeper({layers::Input({3}), layers::Dense(2), layers::Dense(2)});
  std::string count_error = message_of([&] { deeper.load_weights(dir / "two.weights.h5"); });
  EXPECT_NE(count_error.find("expected 2 variables, but received 0 variables"), std::string::npos)
      << count_error;

  Sequential lazy;
  lazy.add(layers::Dense(2));
  EXPECT_NE(
      message_of([&] { lazy.save_weights(dir / "lazy.weights.h5"); }).find("is not built yet"),
      std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "lazy.weights.h5"));  // nothing half-written
}

// Keras 3 files from ../shared/keras-files whose layers do not exist yet fail naming the class.
TEST(KerasFile, RealKeras3FilesNameTheirMissingLayerClass) {
  std::filesystem::path shared = testing::shared_dir() / "keras-files";
  SKIP_OR_FAIL_UNLESS(std::filesystem::exists(shared), "no " << shared);
  struct Case {
    const char* file;
    const char* missing;
  };
  for (const Case& c : {Case{"k3.7.0_resnet1d_conv1d_bn_add.keras", "Conv1D"},
                        Case{"k3.8.0_masking_lstm.keras", "LSTM"}}) {
    std::string error = message_of([&] { models::load_model(shared / c.file); });
    EXPECT_NE(error.find(c.missing), std::string::npos) << c.file << ": " << error;
    EXPECT_NE(error.find(c.file), std::string::npos) << error;
  }
}

}  // namespace
}  // namespace keras
