// ModelCheckpoint and BackupAndRestore: the files they write, when, under which names, and a fit
// interrupted and resumed that ends exactly where an uninterrupted one does.
#include <gtest/gtest.h>

#include <cstdio>

#include "keras/keras.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

using testing::TempDir;

Sequential make_model() {
  Sequential model(
      {layers::Input({4}), layers::Dense(8, {.activation = "relu"}), layers::Dense(1)});
  model.compile({.optimizer = "adam", .loss = "mse"});
  return model;
}

struct Data {
  Tensor x = random::uniform(Shape{40, 4}, {.minval = -1, .maxval = 1, .seed = 1});
  Tensor y = random::uniform(Shape{40, 1}, {.seed = 2});
};

std::string two_decimals(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::vector<double> values_of(const Model& model) {
  std::vector<double> out;
  for (const Tensor& w : model.get_weights())
    for (double v : w.astype(DType::float64).to_vector<double>()) out.push_back(v);
  return out;
}

TEST(ModelCheckpoint, EveryEpochUnderItsTemplateName) {
  TempDir dir;
  Data d;
  Sequential model = make_model();
  std::string pattern = (dir / "ckpt" / "w.{epoch:02d}-{val_loss:.2f}.keras").string();
  callbacks::ModelCheckpoint checkpoint(pattern);
  std::vector<std::vector<double>> weights_at_epoch_end;
  callbacks::LambdaCallback snapshot({.on_epoch_end = [&](int, callbacks::Logs&) {
    weights_at_epoch_end.push_back(values_of(model));
  }});
  callbacks::History history = model.fit(d.x, d.y,
                                         {.batch_size = 10,
                                          .epochs = 3,
                                          .verbose = 0,
                                          .callbacks = {checkpoint, snapshot},
                                          .validation_data = models::ValidationData{d.x, d.y}});
  for (int epoch = 0; epoch < 3; ++epoch) {
    char name[64];
    std::snprintf(
        name, sizeof name, "w.%02d-%s.keras", epoch + 1,
        two_decimals(history->history.at("val_loss")[static_cast<size_t>(epoch)]).c_str());
    std::filesystem::path path = dir / "ckpt" / name;  // the folder was created
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    EXPECT_EQ(values_of(models::load_model(path)),
              weights_at_epoch_end[static_cast<size_t>(epoch)]);
  }
}

TEST(ModelCheckpoint, SaveBestOnlyKeepsTheBestEpoch) {
  TempDir dir;
  Sequential model = make_model();
  std::string path = (dir / "best.keras").string();
  callbacks::ModelCheckpoint checkpoint(path,
                                        {.monitor = "loss", .verbose = 1, .save_best_only = true});
  checkpoint->set_model(model.get());
  // Scripted epochs (as fit() calls the hooks): each leaves the weights all equal to its number
  // and reports its loss; the losses improve, worsen, improve and worsen again.
  const std::vector<double> loss = {0.5, 0.7, 0.25, 0.3};
  ::testing::internal::CaptureStdout();
  for (int e = 0; e < static_cast<int>(loss.size()); ++e) {
    std::vector<Tensor> weights;
    for (const Tensor& w : model.get_weights())
      weights.push_back(Tensor::full(w.shape(), e + 1, w.dtype()));
    model.set_weights(weights);
    callbacks::Logs logs{{"loss", loss[static_cast<size_t>(e)]}};
    checkpoint->on_epoch_begin(e, logs);
    checkpoint->on_epoch_end(e, logs);
  }
  std::string printed = ::testing::internal::GetCapturedStdout();
  std::string expected;
  std::optional<double> best_so_far;
  for (size_t e = 0; e < loss.size(); ++e) {
    char line[256];
    char from[64] = "None";
    if (best_so_far) std::snprintf(from, sizeof from, "%.5f", *best_so_far);
    if (!best_so_far || loss[e] < *best_so_far) {
      std::snprintf(line, sizeof line,
                    "\nEpoch %zu: loss improved from %s to %.5f, saving model to %s\n"
                    "\nEpoch %zu: finished saving model to %s\n",
                    e + 1, from, loss[e], path.c_str(), e + 1, path.c_str());
      best_so_far = loss[e];
    } else {
      std::snprintf(line, sizeof line, "\nEpoch %zu: loss did not improve from %s\n", e + 1, from);
    }
    expected += line;
  }
  EXPECT_EQ(printed, expected);
  EXPECT_NE(printed.find("did not improve"), std::string::npos) << printed;  // both branches ran
  // The file holds epoch 3's weights, the best loss.
  for (double v : values_of(models::load_model(path))) EXPECT_EQ(v, 3.0);
}

TEST(ModelCheckpoint, WeightsEveryFewBatches) {
  TempDir dir;
  Data d;
  Sequential model = make_model();
  callbacks::ModelCheckpoint checkpoint((dir / "b{epoch}-{batch}.weights.h5").string(),
                                        {.save_weights_only = true, .save_freq = int64_t{3}});
  model.fit(d.x, d.y, {.batch_size = 10, .epochs = 2, .verbose = 0, .callbacks = {checkpoint}});
  // Four batches an epoch, a save every third batch counted across epochs, as Keras counts:
  // after batch 3 of epoch 1, then after batch 2 of epoch 2 ({batch} is 1-based).
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"b1-3.weights.h5", "b2-2.weights.h5"}));
  Sequential twin = make_model();
  twin.load_weights(dir / "b2-2.weights.h5");
}

TEST(ModelCheckpoint, BadArgumentsAreKerasErrors) {
  auto message = [](const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(message([] { callbacks::ModelCheckpoint("m.txt"); })
                .find("The filepath provided must end in `.keras` (Keras model format). Received: "
                      "filepath=m.txt"),
            std::string::npos);
  EXPECT_NE(message([] {
              callbacks::ModelCheckpoint("m.keras", {.save_weights_only = true});
            }).find("the filepath provided must end in `.weights.h5`"),
            std::string::npos);
  EXPECT_NE(message([] {
              callbacks::ModelCheckpoint("m.keras", {.save_freq = "batch"});
            }).find("Unrecognized save_freq: batch"),
            std::string::npos);
  TempDir dir;
  Data d;
  Sequential model = make_model();
  callbacks::ModelCheckpoint checkpoint((dir / "{nope}.keras").string());
  std::string error =
      message([&] { model.fit(d.x, d.y, {.epochs = 1, .verbose = 0, .callbacks = {checkpoint}}); });
  EXPECT_NE(error.find("Failed to format this callback filepath"), std::string::npos) << error;
  EXPECT_NE(error.find("nope"), std::string::npos) << error;
}

TEST(BackupAndRestore, AnInterruptedFitResumesAndEndsAsAnUninterruptedOne) {
  TempDir dir;
  Data d;
  Sequential reference = make_model();
  std::vector<Tensor> initial = reference.get_weights();
  reference.fit(d.x, d.y, {.batch_size = 10, .epochs = 4, .verbose = 0, .shuffle = false});

  Sequential model = make_model();
  model.set_weights(initial);
  callbacks::BackupAndRestore backup(dir / "backup");
  callbacks::LambdaCallback interrupt({.on_epoch_end = [](int epoch, callbacks::Logs&) {
    if (epoch == 1) throw std::runtime_error("interrupted");
  }});
  EXPECT_THROW(model.fit(d.x, d.y,
                         {.batch_size = 10,
                          .epochs = 4,
                          .verbose = 0,
                          .callbacks = {backup, interrupt},
                          .shuffle = false}),
               std::runtime_error);
  EXPECT_TRUE(std::filesystem::exists(dir / "backup" / "latest.weights.h5"));

  // A new process would start from a fresh model: the backup brings weights and optimizer back.
  Sequential resumed = make_model();
  callbacks::BackupAndRestore again(dir / "backup");
  callbacks::History history = resumed.fit(
      d.x, d.y,
      {.batch_size = 10, .epochs = 4, .verbose = 0, .callbacks = {again}, .shuffle = false});
  EXPECT_EQ(history->epoch, (std::vector<int>{2, 3}));
  EXPECT_EQ(values_of(resumed), values_of(reference));
  EXPECT_FALSE(std::filesystem::exists(dir / "backup"));  // deleted after a finished fit
}

}  // namespace
}  // namespace keras
