// Keras predicts without compile(): predict() and predict_on_batch() on an uncompiled model run
// its predict step and leave it uncompiled, so a model saved afterwards has an empty compile_config
// (Keras 3 writes none, or {} since 3.10, for a model never compiled, and loads it uncompiled).
#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/core/zip_archive.h"
#include "keras/layers/layers.h"
#include "keras/models/functional.h"
#include "keras/models/sequential.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"
#include "keras/saving/keras_file.h"
#include "keras/utils/naming.h"
#include "tests/ops/harness.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

using layers::Dense;

Tensor floats(Shape shape, uint64_t seed) {
  return testing::uniform(shape, -1, 1, seed).astype(DType::float32);
}

// relu(x @ w1 + b1) @ w2 + b2, in float64 from the model's weights.
std::vector<double> by_hand(const Tensor& x, const std::vector<Tensor>& weights) {
  auto f64 = [](const Tensor& t) { return t.astype(DType::float64); };
  Tensor h = ops::relu(ops::add(ops::matmul(f64(x), f64(weights[0])), f64(weights[1])));
  return ops::add(ops::matmul(h, f64(weights[2])), f64(weights[3])).to_vector<double>();
}

void expect_near(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << "at " << i;
}

// The compile_config member of a .keras archive's config.json (null when absent).
Json saved_compile_config(const std::filesystem::path& path) {
  ZipReader archive(path, "a .keras file");
  std::vector<uint8_t> bytes = archive.read("config.json");
  Json config = Json::parse(bytes.begin(), bytes.end());
  return config.value("compile_config", Json());
}

TEST(PredictWithoutCompile, LeavesTheModelUncompiled) {
  utils::clear_session();
  Tensor in = layers::Input({4});
  Model model(in, Dense(2)(Dense(8, {.activation = "relu"})(in)));
  Tensor x = floats(Shape{37, 4}, 1);
  std::vector<double> want = by_hand(x, model.get_weights());

  expect_near(model.predict(x, {.batch_size = 16, .verbose = 0})[0].to_vector<double>(), want);
  EXPECT_FALSE(model.compiled());
  EXPECT_EQ(model.optimizer(), nullptr);
  EXPECT_EQ(model->get_compile_config(), Json::object());  // what Keras 3.15 returns
  expect_near(model.predict_on_batch(x)[0].to_vector<double>(), want);
  EXPECT_FALSE(model.compiled());
  // Still no training state: evaluate() and fit() ask for compile(), as in Keras.
  testing::expect_error<ValueError>([&] { model.evaluate(x, x, {.verbose = 0}); },
                                    "You must call `compile()`");

  // Saved now, the model has an empty compile_config, and loads uncompiled.
  testing::TempDir dir;
  model.save(dir / "m.keras");
  // Keras 3.15 writes "compile_config": {} for a model never compiled.
  EXPECT_EQ(saved_compile_config(dir / "m.keras"), Json::object());
  Model loaded = models::load_model(dir / "m.keras");
  EXPECT_FALSE(loaded.compiled());
  expect_near(loaded.predict(x, {.verbose = 0})[0].to_vector<double>(), want);
  EXPECT_FALSE(loaded.compiled());
}

TEST(PredictWithoutCompile, ThenCompileFitAndPredictAgain) {
  utils::clear_session();
  // A Sequential without an Input: built by its first predict().
  Sequential model({Dense(8, {.activation = "relu"}), Dense(2)});
  Tensor x = floats(Shape{10, 4}, 2);
  Tensor before = model.predict(x, {.verbose = 0})[0];
  EXPECT_FALSE(model.compiled());
  expect_near(before.to_vector<double>(), by_hand(x, model.get_weights()));

  model.compile({.optimizer = "sgd", .loss = "mse"});
  EXPECT_TRUE(model.compiled());
  model.fit(x, floats(Shape{10, 2}, 3), {.epochs = 2, .verbose = 0});
  // predict() after training reads the trained weights.
  std::vector<double> after = model.predict(x, {.verbose = 0})[0].to_vector<double>();
  expect_near(after, by_hand(x, model.get_weights()));
  EXPECT_NE(after, before.to_vector<double>());

  // A compiled model's file has its compile_config.
  testing::TempDir dir;
  model.save(dir / "m.keras");
  EXPECT_EQ(saved_compile_config(dir / "m.keras").at("loss"), "mse");
}

}  // namespace
}  // namespace keras
