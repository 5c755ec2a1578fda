// compile / fit / evaluate / predict: a training step against a float64 reference, Keras's log
// names and callback order, shuffling and batching rules, validation, weights, generators, the
// progress output of fit, and the bad input Keras rejects.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "keras/callbacks/callbacks.h"
#include "keras/config/config.h"
#include "keras/layers/layers.h"
#include "keras/losses/losses.h"
#include "keras/models/sequential.h"
#include "keras/ops/linalg.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/optimizers/optimizers.h"
#include "keras/utils/naming.h"
#include "keras/utils/rng_utils.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Dense;

Tensor floats(Shape shape, uint64_t seed, double lo = -1, double hi = 1) {
  return testing::uniform(shape, lo, hi, seed).astype(DType::float32);
}

// Labels 0..classes-1 that a linear model can learn: the argmax of x @ w.
Tensor learnable_labels(const Tensor& x, int64_t classes, uint64_t seed) {
  Tensor w = testing::uniform(Shape{x.shape()[1], classes}, -1, 1, seed).astype(x.dtype());
  return ops::argmax(ops::matmul(x, w), -1);
}

// Records every hook with its logs' keys, in order.
class Recorder : public callbacks::Callback {
 public:
  std::vector<std::string> events;
  std::map<std::string, std::vector<std::string>> keys;

  void note(const std::string& event, const callbacks::Logs& logs) {
    events.push_back(event);
    std::vector<std::string> k;
    for (const auto& [name, value] : logs) k.push_back(name);
    keys[event] = k;
  }
  void on_train_begin(const callbacks::Logs& l) override { note("train_begin", l); }
  void on_train_end(const callbacks::Logs& l) override { note("train_end", l); }
  void on_epoch_begin(int e, const callbacks::Logs& l) override { note(str("epoch_begin ", e), l); }
  void on_epoch_end(int e, callbacks::Logs& l) override { note(str("epoch_end ", e), l); }
  void on_train_batch_begin(int64_t b, const callbacks::Logs& l) override {
    note(str("train_batch_begin ", b), l);
  }
  void on_train_batch_end(int64_t b, const callbacks::Logs& l) override {
    note(str("train_batch_end ", b), l);
  }
  void on_test_begin(const callbacks::Logs& l) override { note("test_begin", l); }
  void on_test_end(const callbacks::Logs& l) override { note("test_end", l); }
  void on_test_batch_begin(int64_t b, const callbacks::Logs& l) override {
    note(str("test_batch_begin ", b), l);
  }
  void on_test_batch_end(int64_t b, const callbacks::Logs& l) override {
    note(str("test_batch_end ", b), l);
  }
  void on_predict_begin(const callbacks::Logs& l) override { note("predict_begin", l); }
  void on_predict_end(const callbacks::Logs& l) override { note("predict_end", l); }
  void on_predict_batch_begin(int64_t b, const callbacks::Logs& l) override {
    note(str("predict_batch_begin ", b), l);
  }
  void on_predict_batch_end(int64_t b, const callbacks::Logs& l) override {
    note(str("predict_batch_end ", b), l);
  }
};

// One SGD step of a linear model with MSE, by hand in float64.
TEST(Training, OneStepMatchesAFloat64Reference) {
  Tensor x = testing::uniform(Shape{4, 3}, -1, 1, 1);
  Tensor y = testing::uniform(Shape{4, 2}, -1, 1, 2);
  // Everything in float64 (the model, the loss, the metrics), as with floatx "float64" in Keras.
  config::set_floatx("float64");
  struct Restore {
    ~Restore() { config::set_floatx("float32"); }
  } restore;
  Dense dense(2, {.kernel_initializer = "glorot_uniform"});
  Sequential model({Input({3}), dense});
  // Keras keeps the learning rate in a float32 variable whatever floatx is; 0.125 is exact there.
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 0.125}), .loss = "mse"});
  std::vector<double> w = dense->kernel().value().to_vector<double>();
  std::vector<double> b = dense->bias().value().to_vector<double>();
  std::vector<double> xs = x.to_vector<double>(), ys = y.to_vector<double>();
  // Forward, mean over everything of the squared error, and its gradient.
  std::vector<double> gw(6, 0.0), gb(2, 0.0);
  double loss = 0;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 2; ++j) {
      double p = b[j];
      for (int k = 0; k < 3; ++k) p += xs[i * 3 + k] * w[k * 2 + j];
      double d = p - ys[i * 2 + j];
      loss += d * d / 8;
      for (int k = 0; k < 3; ++k) gw[k * 2 + j] += 2 * d / 8 * xs[i * 3 + k];
      gb[j] += 2 * d / 8;
    }
  std::vector<double> logs = model.train_on_batch(x, y);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NEAR(logs[0], loss, 1e-12);
  std::vector<double> w2 = dense->kernel().value().to_vector<double>();
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(w2[k], w[k] - 0.125 * gw[k], 1e-12);
  std::vector<double> b2 = dense->bias().value().to_vector<double>();
  for (int j = 0; j < 2; ++j) EXPECT_NEAR(b2[j], b[j] - 0.125 * gb[j], 1e-12);
  EXPECT_EQ(model.optimizer()->iterations().value().item<int64_t>(), 1);
}

TEST(Training, FitLearnsAndLogsWithKerasNames) {
  utils::set_random_seed(3);
  Tensor x = floats(Shape{256, 6}, 4);
  Tensor y = learnable_labels(x, 3, 5);
  Sequential model(
      {Input({6}), Dense(16, {.activation = "relu"}), Dense(3, {.activation = "softmax"})});
  model.compile({.optimizer = optimizers::Adam({.learning_rate = 0.02}),
                 .loss = "sparse_categorical_crossentropy",
                 .metrics = {"accuracy"}});
  callbacks::History history =
      model.fit(x, y, {.batch_size = 32, .epochs = 15, .verbose = 0, .validation_split = 0.25});
  std::vector<std::string> keys;
  for (const auto& [k, v] : history->history) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"accuracy", "loss", "val_accuracy", "val_loss"}));
  EXPECT_EQ(history->epoch, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}));
  EXPECT_GT(history->history["val_accuracy"].back(), 0.8);
  EXPECT_LT(history->history["loss"].back(), history->history["loss"].front());
  EXPECT_GT(history->history["accuracy"].back(), 0.8);
  EXPECT_EQ(model.metrics_names(), (std::vector<std::string>{"loss", "accuracy"}));
  // evaluate gives the list in metrics_names order, or a dict.
  std::vector<double> score = model.evaluate(x, y, {.verbose = 0});
  callbacks::Logs dict = model.evaluate_dict(x, y, {.verbose = 0});
  ASSERT_EQ(score.size(), 2u);
  EXPECT_DOUBLE_EQ(score[0], dict.at("loss"));
  EXPECT_DOUBLE_EQ(score[1], dict.at("accuracy"));
  // predict concatenates batches; the partial last batch is included.
  Tensor p = model.predict(x.slice(0, 70), {.batch_size = 32, .verbose = 0});
  EXPECT_EQ(p.shape(), (Shape{70, 3}));
  testing::expect_near(p, model(x.slice(0, 70)), 1e-6, 1e-7, "predict vs call");
  EXPECT_EQ(model->history().get() != nullptr, true);
}

TEST(Training, CallbacksFireInKerasOrderWithKerasLogs) {
  Tensor x = floats(Shape{10, 3}, 6), y = floats(Shape{10, 1}, 7);
  Sequential model({Input({3}), Dense(1)});
  model.compile({.optimizer = "sgd", .loss = "mse", .metrics = {"mae"}});
  auto rec = std::make_shared<Recorder>();
  model.fit(x, y,
            {.batch_size = 4,
             .epochs = 2,
             .verbose = 0,
             .callbacks = {rec},
             .validation_data = models::ValidationData{x, y}});
  std::vector<std::string> want{"train_begin"};
  for (int e = 0; e < 2; ++e) {
    want.push_back(str("epoch_begin ", e));
    for (int b = 0; b < 3; ++b) {
      want.push_back(str("train_batch_begin ", b));
      want.push_back(str("train_batch_end ", b));
    }
    want.push_back("test_begin");
    for (int b = 0; b < 3; ++b) {
      want.push_back(str("test_batch_begin ", b));
      want.push_back(str("test_batch_end ", b));
    }
    want.push_back("test_end");
    want.push_back(str("epoch_end ", e));
  }
  want.push_back("train_end");
  EXPECT_EQ(rec->events, want);
  EXPECT_EQ(rec->keys["train_batch_end 2"], (std::vector<std::string>{"loss", "mae"}));
  EXPECT_EQ(rec->keys["epoch_end 1"],
            (std::vector<std::string>{"loss", "mae", "val_loss", "val_mae"}));
  EXPECT_EQ(rec->keys["test_end"], (std::vector<std::string>{"loss", "mae"}));
  EXPECT_EQ(rec->params().epochs, 2);
  ASSERT_TRUE(rec->params().steps);
  EXPECT_EQ(*rec->params().steps, 3);

  auto predict_rec = std::make_shared<Recorder>();
  model.predict(x, {.batch_size = 8, .verbose = 0, .callbacks = {predict_rec}});
  EXPECT_EQ(
      predict_rec->events,
      (std::vector<std::string>{"predict_begin", "predict_batch_begin 0", "predict_batch_end 0",
                                "predict_batch_begin 1", "predict_batch_end 1", "predict_end"}));
}

TEST(Training, LossIsTheBatchWeightedMeanOfStepLosses) {
  // Keras reports the mean of the per-batch losses (each before its update), weighted by batch
  // size: with a learning rate of 0 the weights never move, so it equals evaluate's loss.
  Tensor x = floats(Shape{10, 2}, 8), y = floats(Shape{10, 1}, 9);
  Sequential model({Input({2}), Dense(1)});
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 0.0}), .loss = "mse"});
  auto h = model.fit(x, y, {.batch_size = 4, .epochs = 1, .verbose = 0, .shuffle = false});
  std::vector<double> score = model.evaluate(x, y, {.batch_size = 10, .verbose = 0});
  EXPECT_NEAR(h->history["loss"][0], score[0], 1e-6);
}

TEST(Training, ShufflingIsSeededAndValidationSplitTakesTheEnd) {
  auto run = [](uint64_t seed) {
    utils::set_random_seed(seed);
    Tensor x = floats(Shape{64, 4}, 10), y = floats(Shape{64, 1}, 11);
    Sequential model({Input({4}), Dense(3, {.activation = "tanh"}), Dense(1)});
    model.compile({.optimizer = "rmsprop", .loss = "mse"});
    model.fit(x, y, {.batch_size = 8, .epochs = 2, .verbose = 0});
    return model.get_weights()[0].to_vector<float>();
  };
  EXPECT_EQ(run(5), run(5)) << "a seeded run repeats bit for bit";
  EXPECT_NE(run(5), run(6));

  // validation_split: the last 25% before shuffling is the validation data.
  Tensor x = floats(Shape{8, 1}, 12), y = floats(Shape{8, 1}, 13);
  Sequential model({Input({1}), Dense(1)});
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 0.0}), .loss = "mse"});
  auto h = model.fit(x, y, {.batch_size = 8, .epochs = 1, .verbose = 0, .validation_split = 0.25});
  double val = model.evaluate(x.slice(6, 8), y.slice(6, 8), {.verbose = 0})[0];
  EXPECT_NEAR(h->history["val_loss"][0], val, 1e-6);
}

TEST(Training, SampleAndClassWeights) {
  Tensor x = floats(Shape{6, 2}, 14);
  Tensor y = Tensor::from_vector(std::vector<int64_t>{0, 1, 1, 0, 1, 0}, Shape{6});
  Sequential model({Input({2}), Dense(2, {.activation = "softmax"})});
  model.compile({.optimizer = "sgd", .loss = "sparse_categorical_crossentropy"});
  // Per-sample losses, then Keras's sum_over_batch_size of the weighted values.
  Tensor per = losses::sparse_categorical_crossentropy(y, model(x));
  std::vector<double> l = per.to_vector<double>();
  std::vector<double> cw{2.0, 0.5};
  double want = 0;
  for (int i = 0; i < 6; ++i) want += l[i] * cw[static_cast<size_t>(y.to_vector<int64_t>()[i])] / 6;
  double got = model.test_on_batch(
      x, y, Tensor::from_vector(std::vector<float>{2, .5, .5, 2, .5, 2}, Shape{6}))[0];
  EXPECT_NEAR(got, want, 1e-6);
  auto weights = model.get_weights();
  model.fit(x, y, {.epochs = 1, .verbose = 0, .class_weight = {{0, 2.0}, {1, 0.5}}});
  EXPECT_NE(model.get_weights()[0].to_vector<float>(), weights[0].to_vector<float>());
  testing::expect_error<ValueError>(
      [&] {
        model.fit(x, y,
                  {.verbose = 0,
                   .class_weight = {{0, 1.0}},
                   .sample_weight = Tensor::ones(Shape{6}, DType::float32)});
      },
      "`class_weight` and `sample_weight`");
}

TEST(Training, MultiOutputLossesMetricsAndNames) {
  utils::clear_session();
  Tensor in = Input({4}, {.name = "features"});
  Tensor h = Dense(8, {.activation = "relu"})(in);
  Tensor cls = Dense(3, {.activation = "softmax", .name = "cls"})(h);
  Tensor reg = Dense(1, {.name = "reg"})(h);
  Model model(in, {cls, reg});
  model.compile(
      {.optimizer = "adam",
       .loss =
           models::LossSpec::by_name({{"cls", "sparse_categorical_crossentropy"}, {"reg", "mse"}}),
       .loss_weights = std::map<std::string, double>{{"cls", 1.0}, {"reg", 0.5}},
       .metrics = models::MetricSpec::by_name({{"cls", {"accuracy"}}, {"reg", {"mae"}}})});
  Tensor x = floats(Shape{20, 4}, 15);
  Tensor y1 = learnable_labels(x, 3, 16), y2 = floats(Shape{20, 1}, 17);
  auto h2 = model.fit(x, models::Tensors({y1, y2}), {.batch_size = 5, .epochs = 2, .verbose = 0});
  std::vector<std::string> keys;
  for (const auto& [k, v] : h2->history) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"cls_accuracy", "cls_loss", "loss", "reg_loss", "reg_mae"}));
  EXPECT_EQ(model.metrics_names(),
            (std::vector<std::string>{"loss", "cls_loss", "reg_loss", "cls_accuracy", "reg_mae"}));
  // loss = cls_loss + 0.5 reg_loss (each a mean over the epoch's batches).
  callbacks::Logs logs = model.evaluate_dict(x, models::Tensors({y1, y2}), {.verbose = 0});
  EXPECT_NEAR(logs["loss"], logs["cls_loss"] + 0.5 * logs["reg_loss"], 1e-5);
  // Targets by output name work too.
  callbacks::Logs by_name =
      model.evaluate_dict(x, models::Tensors({{"cls", y1}, {"reg", y2}}), {.verbose = 0});
  EXPECT_NEAR(by_name["loss"], logs["loss"], 1e-6);
}

TEST(Training, RegularizersDropoutAndBatchNormInTheStep) {
  // The penalties are part of the loss of both steps; BatchNormalization's moving statistics
  // move during fit only; Dropout is off in evaluate.
  Tensor x = floats(Shape{32, 4}, 18), y = floats(Shape{32, 1}, 19);
  layers::BatchNormalization bn;
  Dense dense(1, {.kernel_regularizer = regularizers::L2(0.5)});
  Sequential model({Input({4}), bn, layers::Dropout(0.5, {.seed = 1}), dense});
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 0.0}), .loss = "mse"});
  std::vector<double> moving = bn->get_weights()[2].to_vector<double>();
  double eval = model.evaluate(x, y, {.batch_size = 32, .verbose = 0})[0];
  EXPECT_EQ(bn->get_weights()[2].to_vector<double>(), moving) << "evaluate does not update";
  Tensor pred = model(x);
  double mse = ops::mean(ops::square(ops::subtract(pred, y))).item<double>();
  double penalty = 0.5 * ops::sum(ops::square(dense->kernel().value())).item<double>();
  EXPECT_NEAR(eval, mse + penalty, 1e-5);
  model.fit(x, y, {.batch_size = 32, .epochs = 1, .verbose = 0});
  EXPECT_NE(bn->get_weights()[2].to_vector<double>(), moving) << "fit updates moving_mean";
}

TEST(Training, ConstraintsApplyAfterEachStep) {
  Tensor x = floats(Shape{16, 3}, 20, 5, 10), y = floats(Shape{16, 2}, 21, 50, 100);
  Dense dense(2, {.kernel_constraint = constraints::MaxNorm(0.5)});
  Sequential model({Input({3}), dense});
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 0.1}), .loss = "mse"});
  model.fit(x, y, {.batch_size = 4, .epochs = 1, .verbose = 0});
  Tensor norms = ops::sqrt(ops::sum(ops::square(dense->kernel().value()), 0));
  for (double n : norms.to_vector<double>()) EXPECT_LE(n, 0.5 + 1e-6);
}

class CountingGenerator : public models::BatchGenerator {
 public:
  CountingGenerator(Tensor x, Tensor y, int64_t batches) : x_(x), y_(y), batches_(batches) {}
  std::optional<int64_t> size() const override { return batches_; }
  std::optional<models::Batch> get(int64_t index) override {
    ++gets;
    int64_t rows = x_.shape()[0] / batches_;
    return models::Batch{
        x_.slice(index * rows, (index + 1) * rows), y_.slice(index * rows, (index + 1) * rows), {}};
  }
  void on_epoch_end() override { ++epochs_ended; }
  int gets = 0, epochs_ended = 0;

 private:
  Tensor x_, y_;
  int64_t batches_;
};

TEST(Training, GeneratorsAndStepsPerEpoch) {
  Tensor x = floats(Shape{12, 2}, 22), y = floats(Shape{12, 1}, 23);
  Sequential model({Input({2}), Dense(1)});
  model.compile({.optimizer = "sgd", .loss = "mse"});
  CountingGenerator gen(x, y, 3);
  auto rec = std::make_shared<Recorder>();
  auto h = model.fit(gen, {.epochs = 2, .verbose = 0, .callbacks = {rec}});
  EXPECT_EQ(gen.gets, 6);
  EXPECT_EQ(gen.epochs_ended, 2);
  EXPECT_EQ(h->history["loss"].size(), 2u);
  std::vector<double> e = model.evaluate(gen, {.verbose = 0});
  EXPECT_EQ(e.size(), 1u);
  EXPECT_EQ(model.predict(gen, {.verbose = 0})[0].shape(), (Shape{12, 1}));

  // steps_per_epoch shorter than a pass: the pass carries over to the next epoch.
  auto rec2 = std::make_shared<Recorder>();
  model.fit(
      x, y,
      {.batch_size = 4, .epochs = 3, .verbose = 0, .callbacks = {rec2}, .steps_per_epoch = 2});
  int batches = 0;
  for (const std::string& ev : rec2->events) batches += ev.rfind("train_batch_end", 0) == 0;
  EXPECT_EQ(batches, 6);
}

TEST(Training, ProgressOutputOfFit) {
  // verbose 2 prints "Epoch i/N" and one line per epoch; with a clock that moves 0.5 s per
  // batch the times are known: 1 s elapsed, 500 ms per step (Keras leaves the first step out).
  Tensor x = floats(Shape{8, 2}, 24), y = floats(Shape{8, 1}, 25);
  Sequential model({Input({2}), Dense(1)});
  model.compile({.optimizer = "sgd", .loss = "mse"});
  std::ostringstream out;
  double t = 1000.0;
  callbacks::LambdaCallback tick(
      {.on_train_batch_begin = [&](int64_t, const callbacks::Logs&) { t += 0.5; }});
  callbacks::ProgbarLogger logger(
      utils::ProgbarOptions{.clock = [&] { return t; }, .stream = &out, .dynamic_display = false});
  auto h =
      model.fit(x, y, {.batch_size = 4, .epochs = 2, .verbose = 2, .callbacks = {tick, logger}});
  char line1[128], line2[128];
  std::snprintf(line1, sizeof line1, "2/2 - 1s - 500ms/step - loss: %.4f", h->history["loss"][0]);
  std::snprintf(line2, sizeof line2, "2/2 - 1s - 500ms/step - loss: %.4f", h->history["loss"][1]);
  EXPECT_EQ(out.str(), str("Epoch 1/2\n", line1, "\nEpoch 2/2\n", line2, "\n"));
}

TEST(Training, BadInputGivesKerasErrors) {
  Tensor x = floats(Shape{10, 3}, 26), y = floats(Shape{10, 1}, 27);
  Sequential model({Input({3}), Dense(1)});
  testing::expect_error<ValueError>([&] { model.fit(x, y); }, "You must call `compile()`");
  model.compile({.optimizer = "sgd", .loss = "mse"});
  testing::expect_error<ValueError>(
      [&] { model.fit(x, y.slice(0, 7), {.verbose = 0}); },
      {"Data cardinality is ambiguous", "'x' sizes: 10", "'y' sizes: 7"});
  testing::expect_error<ValueError>(
      [&] {
        model.fit(floats(Shape{10, 4}, 1), y, {.verbose = 0});
      },
      {"'sequential", "expected shape=(None, 3)", "found shape=(None, 4)"});
  testing::expect_error<ValueError>([&] { model.fit(x, y, {.batch_size = 0, .verbose = 0}); },
                                    "`batch_size` must be a positive integer. Received: "
                                    "batch_size=0");
  testing::expect_error<ValueError>(
      [&] { model.fit(x, y, {.verbose = 0, .validation_split = 1.0}); },
      "`validation_split` must be in [0, 1). Received: validation_split=1");
  testing::expect_error<ValueError>(
      [&] { model.fit(x, y, {.verbose = 0, .validation_split = -0.1}); }, "validation_split");
  testing::expect_error<ValueError>([&] { model.compile({.optimizer = "adamz", .loss = "mse"}); },
                                    "Could not interpret optimizer identifier: adamz");
  testing::expect_error<ValueError>(
      [&] {
        model.compile({.optimizer = "sgd", .loss = "msee"});
        model.fit(x, y, {.verbose = 0});
      },
      "Could not interpret loss identifier: msee");
  testing::expect_error<ValueError>(
      [&] {
        model.compile({.optimizer = "sgd", .loss = "mse", .metrics = {"acuracy"}});
        model.fit(x, y, {.verbose = 0});
      },
      "acuracy");

  // Labels out of range for sparse crossentropy: the op reports them when the step runs.
  Sequential cls({Input({3}), Dense(2, {.activation = "softmax"})});
  cls.compile({.optimizer = "sgd", .loss = "sparse_categorical_crossentropy"});
  Tensor bad = Tensor::from_vector(std::vector<int64_t>{0, 1, 5, 0, 1, 0, 1, 0, 1, 0}, Shape{10});
  testing::expect_error<Error>([&] { cls.fit(x, bad, {.verbose = 0}); }, "5");

  // Wrong dtype: float data into an integer (token id) input.
  Tensor ids = Input({4}, {.dtype = DType::int32, .name = "tokens"});
  Model emb(ids, Dense(1)(layers::Flatten()(layers::Embedding(10, 2)(ids))));
  emb.compile({.optimizer = "sgd", .loss = "mse"});
  testing::expect_error<TypeError>(
      [&] {
        emb.fit(floats(Shape{10, 4}, 30), y, {.verbose = 0});
      },
      {"'tokens'", "expects int32 data", "float32"});
  Tensor good = testing::integers(Shape{10, 4}, 0, 10, DType::int32, 31);
  EXPECT_NO_THROW(emb.fit(good, y, {.verbose = 0}));
}

TEST(Training, TerminateOnNaNStopsTraining) {
  Tensor x = floats(Shape{16, 2}, 28), y = floats(Shape{16, 1}, 29);
  Sequential model({Input({2}), Dense(1, {.kernel_initializer = "ones"})});
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 1e30}), .loss = "mse"});
  auto rec = std::make_shared<Recorder>();
  auto h = model.fit(x, y,
                     {.batch_size = 2,
                      .epochs = 3,
                      .verbose = 0,
                      .callbacks = {callbacks::TerminateOnNaN(), rec}});
  int batches = 0;
  for (const std::string& ev : rec->events) batches += ev.rfind("train_batch_end", 0) == 0;
  EXPECT_LT(batches, 24) << "stopped early";
  EXPECT_EQ(h->history["loss"].size(), 1u);
  EXPECT_FALSE(std::isfinite(h->history["loss"][0]));
  model.compile({.optimizer = optimizers::SGD({.learning_rate = 1e30}), .loss = "mse"});
  testing::expect_error<Error>(
      [&] {
        model.fit(x, y,
                  {.batch_size = 2,
                   .epochs = 3,
                   .verbose = 0,
                   .callbacks = {callbacks::TerminateOnNaN({.raise_error = true})}});
      },
      "NaN or Inf loss encountered at batch");
}

}  // namespace
}  // namespace keras
