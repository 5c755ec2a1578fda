// The README's API tour, compiled and checked, so the README cannot drift from the code. The
// parts between "as in the README" and "end" are the README's code blocks, line for line.
#include <gtest/gtest.h>

#include "keras/graph/gradients.h"
#include "keras/graph/program.h"
#include "keras/graph/symbolic.h"
#include "keras/keras.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

TEST(ReadmeTour, ModelsTrainAsInKeras) {
  ::testing::internal::CaptureStdout();  // summary() prints
  // --- as in the README ---
  // 1,000 samples of 20 features; the label says whether their sum is positive.
  Tensor x = random::uniform(Shape{1000, 20}, {.minval = -1, .maxval = 1, .seed = 1});
  Tensor y = ops::cast(ops::greater(ops::sum(x, {1}, true), 0.0), DType::float32);

  Sequential model({layers::Input({20}), layers::Dense(32, {.activation = "relu"}),
                    layers::Dropout(0.1), layers::Dense(1, {.activation = "sigmoid"})});
  model.summary();
  model.compile({.optimizer = "adam", .loss = "binary_crossentropy", .metrics = {"accuracy"}});
  callbacks::EarlyStopping early_stopping({.monitor = "val_loss", .patience = 3});
  callbacks::History history = model.fit(x, y,
                                         {.batch_size = 32,
                                          .epochs = 30,
                                          .verbose = 0,
                                          .callbacks = {early_stopping},
                                          .validation_split = 0.2});
  std::vector<double> score = model.evaluate(x, y, {.verbose = 0});  // loss, accuracy
  Tensor probabilities = model.predict(x, {.verbose = 0});           // (1000, 1)

  // The functional API: layers called on Keras tensors, a Model from inputs to outputs.
  Tensor inputs = layers::Input({20});
  Tensor hidden = layers::Dense(16, {.activation = "relu"})(inputs);
  Model functional(inputs, layers::Dense(1, {.activation = "sigmoid"})(hidden));
  // --- end ---
  std::string printed = ::testing::internal::GetCapturedStdout();

  EXPECT_NE(printed.find("Total params: 705"), std::string::npos) << printed;
  ASSERT_EQ(score.size(), 2u);
  EXPECT_GT(score[1], 0.9);  // the rule is linear: the model learns it
  EXPECT_EQ(probabilities.shape(), Shape({1000, 1}));
  EXPECT_EQ(history->history.count("val_accuracy"), 1u);
  EXPECT_FALSE(history->epoch.empty());
  EXPECT_EQ(functional.count_params(), 20 * 16 + 16 + 16 + 1);

  // The construction idiom: every object made by its class name, with its options.
  std::vector<Variable> before = model.trainable_weights();
  std::vector<std::vector<float>> before_values;
  for (const Variable& v : before) before_values.push_back(v.value().to_vector<float>());
  // --- as in the README ---
  model.compile({.optimizer = optimizers::Adam({.learning_rate = 1e-3}),
                 .loss = losses::BinaryCrossentropy({.label_smoothing = 0.1}),
                 .metrics = {metrics::AUC()}});
  model.fit(x, y,
            {.epochs = 5, .verbose = 0, .callbacks = {callbacks::EarlyStopping({.patience = 3})}});
  // --- end ---
  EXPECT_EQ(model->optimizer()->class_name(), "Adam");
  std::vector<double> compiled = model.evaluate(x, y, {.verbose = 0});
  ASSERT_EQ(compiled.size(), 2u);  // loss, auc
  EXPECT_GT(compiled[1], 0.9);
  bool changed = false;
  for (size_t i = 0; i < before.size(); ++i)
    changed = changed || before[i].value().to_vector<float>() != before_values[i];
  EXPECT_TRUE(changed);

  // The files snippet writes into the working directory: a fresh one for the test.
  testing::TempDir dir;
  std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  // --- as in the README ---
  model.save("model.keras");                           // config, weights and optimizer state
  Model restored = models::load_model("model.keras");  // compiled again, ready to continue fit()
  model.save_weights("model.weights.h5");              // Keras 3's weights layout
  restored.load_weights("model.weights.h5");
  // --- end ---
  EXPECT_EQ(restored.evaluate(x, y, {.verbose = 0}), compiled);

  // --- as in the README ---
  model.save("m.keras");                          // Keras 3's archive: config, weights, optimizer
  Model again = models::load_model("m.keras");    // compiled again; fit() continues where it was
  model.save("m.h5");                             // the legacy Keras 2 full-model file
  again.load_weights("m.h5", {.by_name = true});  // Keras 2 weights, matched by layer name
  Model copy = models::model_from_json(model.to_json());  // Keras 3, 2 or 1 JSON

  callbacks::ModelCheckpoint checkpoint("ckpt/weights.{epoch:02d}-{val_loss:.2f}.keras",
                                        {.save_best_only = true});
  callbacks::BackupAndRestore backup("backup");  // a resumable fit()
  model.fit(
      x, y,
      {.epochs = 3, .verbose = 0, .callbacks = {checkpoint, backup}, .validation_split = 0.2});
  // --- end ---
  EXPECT_EQ(again.evaluate(x, y, {.verbose = 0}), compiled);
  EXPECT_EQ(copy.count_params(), model.count_params());
  EXPECT_FALSE(std::filesystem::is_empty("ckpt"));
  EXPECT_FALSE(std::filesystem::exists("backup"));  // removed when fit() ended normally
  std::filesystem::current_path(previous);
}

TEST(ReadmeTour, OpsGraphsAndPrograms) {
  // --- as in the README ---
  // Eager: ops run at once on concrete tensors.
  Tensor x = Tensor::from_vector<float>({1, -2, 3, -4}, Shape{2, 2});
  Tensor y = ops::relu(x) * 2.0;  // [[2, 0], [6, 0]]

  // Symbolic: the same ops on placeholders build a graph (batch size None); gradients and a
  // Program compile it once per input shape. Updates run after everything else in a step.
  Variable w(Tensor::zeros(Shape{2, 1}, DType::float32), "w");
  Tensor in = graph::placeholder({DType::float32, Shape{-1, 2}}, "x");
  Tensor target = graph::placeholder({DType::float32, Shape{-1, 1}}, "y");
  Tensor loss = ops::mean(ops::square(ops::matmul(in, w) - target));
  std::vector<Tensor> grads = graph::gradients(loss, {w});
  Tensor learning_rate = Tensor::scalar(0.1f);
  graph::Program step({in, target}, {loss}, {ops::sgd_update(w, grads[0], learning_rate)});
  // --- end ---

  EXPECT_EQ(y.to_vector<float>(), (std::vector<float>{2, 0, 6, 0}));
  // Fit y = x0 - x1 on a few points: the loss must fall to nearly zero.
  Tensor xs = Tensor::from_vector<float>({1, 0, 0, 1, 1, 1, 2, 1}, Shape{4, 2});
  Tensor ys = Tensor::from_vector<float>({1, -1, 0, 1}, Shape{4, 1});
  double first = step.run({xs, ys})[0].item<double>(), last = first;
  for (int i = 0; i < 200; ++i) last = step.run({xs, ys})[0].item<double>();
  EXPECT_GT(first, 0.5);
  EXPECT_LT(last, 1e-6);
  std::vector<float> learned = w.value().to_vector<float>();
  EXPECT_NEAR(learned[0], 1.0f, 1e-3);
  EXPECT_NEAR(learned[1], -1.0f, 1e-3);
}

}  // namespace
}  // namespace keras
