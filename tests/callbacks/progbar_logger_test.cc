// What fit(), evaluate() and predict() print through ProgbarLogger, compared byte for byte with
// what Keras 3 printed for the same runs (tests/golden/keras3/make_progbar.py ->
// tests/golden/data/keras3_progbar.json, the "fit", "evaluate" and "predict" cases): the same
// model from the same weights on the same float32 data, the same progress-bar clock readings
// (a callback placed first sets the clock at each hook from the case's script, as the generator's
// does), the same arguments. Both of Keras's display modes are compared: redrawn in place
// ("dynamic", Keras on Linux; ProgbarLogger with dynamic_display) and one line per update
// ("static", kerascpp's default for a stream that is not a terminal).
#include <gtest/gtest.h>

#include <numeric>
#include <sstream>

#include "keras/callbacks/callbacks.h"
#include "keras/core/json.h"
#include "keras/layers/layers.h"
#include "keras/models/sequential.h"
#include "keras/optimizers/optimizers.h"
#include "keras/utils/naming.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

using callbacks::Logs;

// The generator's ScriptedClock: an epoch (or an evaluate / predict run) starts at
// 1000 + 100 × epoch, batch b ends step_seconds[0..b] later, the end comes 0.01 s after the last
// batch. Validation inside fit() leaves the clock alone.
class ScriptedClock : public callbacks::Callback {
 public:
  explicit ScriptedClock(std::vector<double> step_seconds) : steps_(std::move(step_seconds)) {}
  double now = 0.0;

  void on_train_begin(const Logs&) override { fitting_ = true; }
  void on_train_end(const Logs&) override { fitting_ = false; }
  void on_epoch_begin(int epoch, const Logs&) override { start(epoch); }
  void on_train_batch_end(int64_t batch, const Logs&) override { batch_end(batch); }
  void on_epoch_end(int, Logs&) override { end(); }
  void on_test_begin(const Logs&) override {
    if (!fitting_) start(0);
  }
  void on_test_batch_end(int64_t batch, const Logs&) override {
    if (!fitting_) batch_end(batch);
  }
  void on_test_end(const Logs&) override {
    if (!fitting_) end();
  }
  void on_predict_begin(const Logs&) override { start(0); }
  void on_predict_batch_end(int64_t batch, const Logs&) override { batch_end(batch); }
  void on_predict_end(const Logs&) override { end(); }

 private:
  void start(int epoch) {
    base_ = 1000.0 + 100.0 * epoch;
    now = last_ = base_;
  }
  void batch_end(int64_t batch) {
    // Python's sum() of the first batch + 1 steps, left to right.
    now = base_ + std::accumulate(steps_.begin(), steps_.begin() + batch + 1, 0.0);
    last_ = now;
  }
  void end() { now = last_ + 0.01; }

  std::vector<double> steps_;
  double base_ = 0.0, last_ = 0.0;
  bool fitting_ = false;
};

Tensor array(const Json& rows) {
  std::vector<float> values;
  int64_t n = 0, width = 0;
  for (const Json& row : rows) {
    ++n;
    width = static_cast<int64_t>(row.size());
    for (const Json& v : row) values.push_back(v.get<float>());
  }
  return Tensor::from_vector(values, Shape{n, width});
}

Tensor vector_of(const Json& values) {
  std::vector<float> out;
  for (const Json& v : values) out.push_back(v.get<float>());
  return Tensor::from_vector(out, Shape{static_cast<int64_t>(out.size())});
}

// The generator's Python generator: batches in order, then the data runs out; their number
// is not known beforehand.
class Batches : public models::BatchGenerator {
 public:
  Batches(Tensor x, Tensor y, int64_t batch_size) : x_(x), y_(y), batch_size_(batch_size) {}
  std::optional<models::Batch> get(int64_t index) override {
    int64_t n = x_.shape()[0], begin = index * batch_size_;
    if (begin >= n) return std::nullopt;
    int64_t end = std::min(n, begin + batch_size_);
    models::Batch batch{x_.slice(begin, end), {}, {}};
    if (y_.defined()) batch.y = y_.slice(begin, end);
    return batch;
  }

 private:
  Tensor x_, y_;
  int64_t batch_size_;
};

// Runs the case and returns what the ProgbarLogger wrote.
std::string run(const Json& e, std::optional<bool> dynamic) {
  utils::clear_session();
  const Json& m = e.at("model");
  Sequential model({Input({2}), layers::Dense(1)});
  model.set_weights({array(m.at("kernel")), vector_of(m.at("bias"))});
  model.compile(
      {.optimizer = optimizers::SGD({.learning_rate = m.at("learning_rate").get<double>()}),
       .loss = "mse",
       .metrics = {"mae"}});
  const Json& d = e.at("data");
  Tensor x = array(d.at("x")), y = array(d.at("y"));
  const Json& args = e.at("args");
  auto clock = std::make_shared<ScriptedClock>(e.at("step_seconds").get<std::vector<double>>());
  std::ostringstream out;
  callbacks::ProgbarLogger logger(utils::ProgbarOptions{
      .clock = [clock] { return clock->now; }, .stream = &out, .dynamic_display = dynamic});
  std::vector<callbacks::CallbackPtr> callbacks{clock, logger};
  int verbose = args.value("verbose", 1);
  int64_t batch_size = args.at("batch_size").get<int64_t>();
  bool generator = args.value("generator", false);
  const std::string kind = e.at("kind").get<std::string>();
  if (kind == "fit") {
    models::FitOptions options{.batch_size = batch_size,
                               .epochs = args.at("epochs").get<int>(),
                               .verbose = verbose,
                               .callbacks = callbacks,
                               .shuffle = args.value("shuffle", true),
                               .initial_epoch = args.value("initial_epoch", 0)};
    if (args.value("validation", false))
      options.validation_data = models::ValidationData{array(d.at("x_val")), array(d.at("y_val"))};
    if (generator) {
      Batches batches(x, y, batch_size);
      options.batch_size.reset();
      model.fit(batches, options);
    } else {
      model.fit(x, y, options);
    }
  } else if (kind == "evaluate") {
    models::EvaluateOptions options{.verbose = verbose, .callbacks = callbacks};
    if (generator) {
      Batches batches(x, y, batch_size);
      model.evaluate(batches, options);
    } else {
      options.batch_size = batch_size;
      model.evaluate(x, y, options);
    }
  } else {
    models::PredictOptions options{.verbose = verbose, .callbacks = callbacks};
    if (generator) {
      Batches batches(x, Tensor(), batch_size);
      model.predict(batches, options);
    } else {
      options.batch_size = batch_size;
      model.predict(x, options);
    }
  }
  return out.str();
}

TEST(ProgbarLoggerGolden, FitEvaluatePredictPrintWhatKeras3Prints) {
  int checked = 0;
  for (const testing::GoldenCase& c : testing::load_golden("keras3_progbar.json")) {
    const std::string kind = c.extra.at("kind").get<std::string>();
    if (kind != "fit" && kind != "evaluate" && kind != "predict") continue;
    SCOPED_TRACE(c.name);
    EXPECT_EQ(run(c.extra, true), c.extra.at("dynamic").get<std::string>());
    EXPECT_EQ(run(c.extra, std::nullopt), c.extra.at("static").get<std::string>());
    ++checked;
  }
  EXPECT_EQ(checked, 16);
}

}  // namespace
}  // namespace keras
