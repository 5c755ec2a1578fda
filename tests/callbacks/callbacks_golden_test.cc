// EarlyStopping, ReduceLROnPlateau, CSVLogger, LearningRateScheduler and TerminateOnNaN against
// what Keras 3's own callbacks did on the same scripted sequences
// (tests/golden/keras3/make_callbacks.py -> tests/golden/data/keras3_callbacks.json).
//
// The driver here is the generator's: the hooks in fit()'s order, the model's one weight (a
// Dense(1) kernel without bias) set to the epoch number before every on_epoch_end, so the weight
// left after on_train_end says which epoch's weights were restored, and a break when the
// callback sets stop_training. Everything the callback exposes is compared per epoch: whether it
// stopped training, wait, best, stopped_epoch, best_epoch, the learning rate and the logs it
// extended, what it printed and which warnings it raised (Python records a warning each time,
// kerascpp prints each distinct message once, so the distinct messages are compared), and the
// bytes of CSVLogger's file. Scripted numbers are exact in both languages (the JSON holds
// Python's repr; learning rates are float32 values), so the comparisons are exact.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "keras/callbacks/callbacks.h"
#include "keras/core/json.h"
#include "keras/layers/layers.h"
#include "keras/models/sequential.h"
#include "keras/optimizers/optimizers.h"
#include "keras/utils/python_format.h"
#include "tests/callbacks/keras3_callbacks_golden.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

using callbacks::Logs;

using testing::golden_logs;
using testing::golden_number;
using testing::golden_optional;
using testing::keras3_callbacks_golden;

bool same(double a, double b) {
  return testing::same_number(a, b);
}
bool same(std::optional<double> a, std::optional<double> b) {
  return a.has_value() == b.has_value() && (!a || same(*a, *b));
}
std::string show(std::optional<double> v) {
  return v ? utils::python_float(*v) : "None";
}

void expect_same_logs(const Logs& got, const Json& want, const std::string& where) {
  Logs expected = golden_logs(want);
  ASSERT_EQ(got.size(), expected.size()) << where;
  for (const auto& [k, v] : expected) {
    auto it = got.find(k);
    ASSERT_NE(it, got.end()) << where << ": no log " << k;
    EXPECT_TRUE(same(it->second, v))
        << where << ": log " << k << " is " << utils::python_float(it->second) << ", Keras "
        << utils::python_float(v);
  }
}

// The generator's model: Dense(1) without bias on one input, SGD with the case's learning rate,
// the case's compiled metrics (built by one evaluate() when the case asks, as "auto" mode looks
// them up among the built metrics).
Sequential make_model(const Json& spec) {
  Sequential model({layers::Input({1}), layers::Dense(1, {.use_bias = false})});
  std::vector<metrics::MetricArg> metrics;
  for (const Json& m : spec.at("metrics")) metrics.emplace_back(m.get<std::string>());
  model.compile(
      {.optimizer = optimizers::SGD({.learning_rate = spec.at("learning_rate").get<double>()}),
       .loss = "mse",
       .metrics = metrics});
  if (spec.at("build_metrics").get<bool>()) {
    Tensor zero = Tensor::zeros(Shape{1, 1}, DType::float32);
    model.evaluate(zero, zero, {.verbose = 0});
  }
  return model;
}

double weight_of(const Sequential& model) {
  return model.get_weights().at(0).astype(DType::float64).to_vector<double>().at(0);
}

void set_weight(const Sequential& model, double value) {
  model.set_weights({Tensor::full(Shape{1, 1}, value, DType::float32)});
}

// What the callback printed and warned while `run` ran.
struct Printed {
  std::string stdout_text, warnings;
};

Printed capture(const std::function<void()>& run) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  try {
    run();
  } catch (...) {
    ::testing::internal::GetCapturedStderr();
    ::testing::internal::GetCapturedStdout();
    throw;
  }
  Printed p;
  p.warnings = ::testing::internal::GetCapturedStderr();
  p.stdout_text = ::testing::internal::GetCapturedStdout();
  return p;
}

// The distinct warnings Keras raised, as kerascpp's warn() prints them.
std::string expected_warnings(const Json& c) {
  std::string out;
  std::set<std::string> seen;
  for (const Json& w : c.at("warnings"))
    if (seen.insert(w.get<std::string>()).second)
      out += "UserWarning: " + w.get<std::string>() + "\n";
  return out;
}

// fit()'s epoch loop around one callback: inspect(epoch, logs) after each on_epoch_end.
void drive_epochs(callbacks::Callback& callback, const Sequential& model, const Json& epoch_logs,
                  const std::function<void(int, const Logs&)>& inspect) {
  callback.set_model(model.get());
  model->set_stop_training(false);
  callback.on_train_begin({});
  for (int epoch = 0; epoch < static_cast<int>(epoch_logs.size()); ++epoch) {
    callback.on_epoch_begin(epoch, {});
    set_weight(model, epoch);
    Logs logs = golden_logs(epoch_logs.at(static_cast<size_t>(epoch)));
    callback.on_epoch_end(epoch, logs);
    inspect(epoch, logs);
    if (model->stop_training()) break;
  }
  callback.on_train_end({});
}

template <class F>
void expect_keras_error(const Json& error, F&& run, const std::string& where) {
  ASSERT_EQ(error.at("type"), "ValueError") << where;
  try {
    run();
    ADD_FAILURE() << where << ": no error; Keras raised " << error.at("message");
  } catch (const ValueError& e) {
    EXPECT_EQ(std::string(e.what()), error.at("message").get<std::string>()) << where;
  }
}

// ---------------------------------------------------------------------------------------------
// EarlyStopping

callbacks::EarlyStoppingOptions early_stopping_options(const Json& args) {
  callbacks::EarlyStoppingOptions o;
  for (const auto& [k, v] : args.items()) {
    if (k == "monitor")
      o.monitor = v.get<std::string>();
    else if (k == "min_delta")
      o.min_delta = v.get<double>();
    else if (k == "patience")
      o.patience = v.get<int>();
    else if (k == "verbose")
      o.verbose = v.get<int>();
    else if (k == "mode")
      o.mode = v.get<std::string>();
    else if (k == "baseline")
      o.baseline = v.get<double>();
    else if (k == "restore_best_weights")
      o.restore_best_weights = v.get<bool>();
    else if (k == "start_from_epoch")
      o.start_from_epoch = v.get<int>();
    else
      throw ValueError("EarlyStopping golden: unknown argument " + k);
  }
  return o;
}

TEST(CallbacksGolden, EarlyStoppingAsKeras) {
  const Json& cases = keras3_callbacks_golden().at("early_stopping");
  ASSERT_GE(cases.size(), 20u);
  for (const Json& c : cases) {
    const std::string name = c.at("name");
    SCOPED_TRACE(name);
    Sequential model = make_model(c.at("model"));
    if (c.contains("error")) {
      expect_keras_error(
          c.at("error"),
          [&] {
            callbacks::EarlyStopping es(early_stopping_options(c.at("args")));
            drive_epochs(*es, model, c.at("logs"), [](int, const Logs&) {});
          },
          name);
      continue;
    }
    const Json& want = c.at("epochs");
    std::vector<Json> got;
    Printed printed = capture([&] {
      callbacks::EarlyStopping es(early_stopping_options(c.at("args")));
      drive_epochs(*es, model, c.at("logs"), [&](int, const Logs&) {
        got.push_back({{"stop_training", model->stop_training()},
                       {"wait", es->wait()},
                       {"stopped_epoch", es->stopped_epoch()},
                       {"best_epoch", es->best_epoch()},
                       {"best", show(es->best())}});
      });
    });
    ASSERT_EQ(got.size(), want.size()) << "epochs run before stopping";
    for (size_t e = 0; e < want.size(); ++e) {
      const Json& w = want[e];
      EXPECT_EQ(got[e].at("stop_training"), w.at("stop_training")) << "epoch " << e;
      EXPECT_EQ(got[e].at("wait"), w.at("wait")) << "epoch " << e;
      EXPECT_EQ(got[e].at("stopped_epoch"), w.at("stopped_epoch")) << "epoch " << e;
      EXPECT_EQ(got[e].at("best_epoch"), w.at("best_epoch")) << "epoch " << e;
      EXPECT_EQ(got[e].at("best"), show(golden_optional(w.at("best")))) << "epoch " << e;
    }
    EXPECT_EQ(weight_of(model), c.at("final_weight").get<double>()) << "restored weights";
    EXPECT_EQ(printed.stdout_text, c.at("stdout").get<std::string>());
    EXPECT_EQ(printed.warnings, expected_warnings(c));
  }
}

// ---------------------------------------------------------------------------------------------
// ReduceLROnPlateau

callbacks::ReduceLROnPlateauOptions reduce_lr_options(const Json& args) {
  callbacks::ReduceLROnPlateauOptions o;
  for (const auto& [k, v] : args.items()) {
    if (k == "monitor")
      o.monitor = v.get<std::string>();
    else if (k == "factor")
      o.factor = v.get<double>();
    else if (k == "patience")
      o.patience = v.get<int>();
    else if (k == "verbose")
      o.verbose = v.get<int>();
    else if (k == "mode")
      o.mode = v.get<std::string>();
    else if (k == "min_delta")
      o.min_delta = v.get<double>();
    else if (k == "cooldown")
      o.cooldown = v.get<int>();
    else if (k == "min_lr")
      o.min_lr = v.get<double>();
    else
      throw ValueError("ReduceLROnPlateau golden: unknown argument " + k);
  }
  return o;
}

// wait and the cooldown counter are Keras attributes that kerascpp keeps private; they show in
// when the learning rate drops, which is compared epoch by epoch.
TEST(CallbacksGolden, ReduceLROnPlateauAsKeras) {
  const Json& cases = keras3_callbacks_golden().at("reduce_lr_on_plateau");
  ASSERT_GE(cases.size(), 15u);
  for (const Json& c : cases) {
    const std::string name = c.at("name");
    SCOPED_TRACE(name);
    Sequential model = make_model(c.at("model"));
    if (c.contains("error")) {
      expect_keras_error(
          c.at("error"),
          [&] {
            callbacks::ReduceLROnPlateau cb(reduce_lr_options(c.at("args")));
            drive_epochs(*cb, model, c.at("logs"), [](int, const Logs&) {});
          },
          name);
      continue;
    }
    const Json& want = c.at("epochs");
    struct Seen {
      double learning_rate;
      Logs logs;
      std::optional<double> best;
      bool stop_training;
    };
    std::vector<Seen> seen;  // compared after the capture, so failures print
    Printed printed = capture([&] {
      callbacks::ReduceLROnPlateau cb(reduce_lr_options(c.at("args")));
      drive_epochs(*cb, model, c.at("logs"), [&](int, const Logs& logs) {
        seen.push_back(
            {model.optimizer()->learning_rate(), logs, cb->best(), model->stop_training()});
      });
    });
    ASSERT_EQ(seen.size(), want.size()) << "epochs run";
    for (size_t e = 0; e < want.size(); ++e) {
      const Json& w = want[e];
      std::string where = str("epoch ", e);
      EXPECT_TRUE(same(seen[e].learning_rate, w.at("learning_rate").get<double>()))
          << where << ": learning rate " << utils::python_float(seen[e].learning_rate) << ", Keras "
          << w.at("learning_rate");
      expect_same_logs(seen[e].logs, w.at("logs"), where);
      EXPECT_TRUE(same(seen[e].best, golden_optional(w.at("best"))))
          << where << ": best " << show(seen[e].best) << ", Keras " << w.at("best");
      EXPECT_EQ(seen[e].stop_training, w.at("stop_training").get<bool>()) << where;
    }
    EXPECT_EQ(printed.stdout_text, c.at("stdout").get<std::string>());
    EXPECT_EQ(printed.warnings, expected_warnings(c));
  }
}

// ---------------------------------------------------------------------------------------------
// CSVLogger

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CallbacksGolden, CSVLoggerFileIsKerasByteForByte) {
  const Json& cases = keras3_callbacks_golden().at("csv_logger");
  ASSERT_GE(cases.size(), 10u);
  testing::TempDir dir;
  for (const Json& c : cases) {
    const std::string name = c.at("name");
    SCOPED_TRACE(name);
    std::filesystem::path path = dir / (name + ".csv");
    if (!c.at("existing").is_null()) {
      std::ofstream out(path, std::ios::binary);
      out << c.at("existing").get<std::string>();
    }
    const Json& args = c.at("args");
    callbacks::CSVLogger logger(path.string(),
                                {.separator = args.value("separator", std::string(",")),
                                 .append = args.value("append", false)});
    Sequential model = make_model(
        Json{{"learning_rate", 0.1}, {"metrics", Json::array()}, {"build_metrics", false}});
    const Json& runs = c.at("runs");
    for (size_t r = 0; r < runs.size(); ++r) {
      drive_epochs(*logger, model, runs[r], [](int, const Logs&) {});
      EXPECT_EQ(read_file(path), c.at("file_after_each_run").at(r).get<std::string>())
          << "after run " << r;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// LearningRateScheduler: the generator's schedules, written again here.

callbacks::LearningRateScheduler::Schedule schedule_named(const std::string& name) {
  if (name == "halve_odd_epochs")
    return [](int epoch, double lr) { return epoch % 2 == 1 ? lr * 0.5 : lr; };
  if (name == "inverse_time") return [](int epoch, double) { return 0.1 / (1 + epoch); };
  if (name == "exp_after_2")
    return [](int epoch, double lr) { return epoch < 2 ? lr : lr * std::exp(-0.1); };
  throw ValueError("no schedule " + name);
}

TEST(CallbacksGolden, LearningRateSchedulerAsKeras) {
  const Json& cases = keras3_callbacks_golden().at("learning_rate_scheduler");
  ASSERT_GE(cases.size(), 3u);
  for (const Json& c : cases) {
    const std::string name = c.at("name");
    SCOPED_TRACE(name);
    Sequential model = make_model(c.at("model"));
    callbacks::LearningRateScheduler cb(schedule_named(c.at("schedule")),
                                        {.verbose = c.at("args").value("verbose", 0)});
    cb->set_model(model.get());
    const Json& want = c.at("epochs");
    std::vector<double> after_begin;
    std::vector<Logs> after_end;
    Printed printed = capture([&] {
      cb->on_train_begin({});
      for (size_t e = 0; e < want.size(); ++e) {
        int epoch = static_cast<int>(e);
        cb->on_epoch_begin(epoch, {});
        after_begin.push_back(model.optimizer()->learning_rate());
        Logs logs = golden_logs(c.at("logs").at(e));
        cb->on_epoch_end(epoch, logs);
        after_end.push_back(logs);
      }
      cb->on_train_end({});
    });
    for (size_t e = 0; e < want.size(); ++e) {
      EXPECT_EQ(after_begin[e], want[e].at("learning_rate_after_begin").get<double>())
          << "epoch " << e;
      expect_same_logs(after_end[e], want[e].at("logs"), str("epoch ", e));
    }
    EXPECT_EQ(printed.stdout_text, c.at("stdout").get<std::string>());
  }
}

// ---------------------------------------------------------------------------------------------
// TerminateOnNaN: batch losses through on_train_batch_end, the batch loop breaking as fit()'s.

TEST(CallbacksGolden, TerminateOnNaNAsKeras) {
  const Json& cases = keras3_callbacks_golden().at("terminate_on_nan");
  ASSERT_GE(cases.size(), 5u);
  for (const Json& c : cases) {
    const std::string name = c.at("name");
    SCOPED_TRACE(name);
    Sequential model = make_model(
        Json{{"learning_rate", 0.1}, {"metrics", Json::array()}, {"build_metrics", false}});
    callbacks::TerminateOnNaN cb({.raise_error = c.at("args").value("raise_error", false)});
    cb->set_model(model.get());
    model->set_stop_training(false);
    Json ran = Json::array();
    std::optional<std::string> error;
    Printed printed = capture([&] {
      cb->on_train_begin({});
      try {
        for (size_t b = 0; b < c.at("batch_logs").size(); ++b) {
          auto batch = static_cast<int64_t>(b);
          cb->on_train_batch_begin(batch, {});
          cb->on_train_batch_end(batch, golden_logs(c.at("batch_logs")[b]));
          ran.push_back({{"batch", batch}, {"stop_training", model->stop_training()}});
          if (model->stop_training()) break;
        }
      } catch (const Error& e) {  // Keras raises RuntimeError
        error = e.what();
      }
    });
    EXPECT_EQ(ran, c.at("batches"));
    EXPECT_EQ(printed.stdout_text, c.at("stdout").get<std::string>());
    if (c.contains("error")) {
      ASSERT_TRUE(error.has_value()) << "Keras raised " << c.at("error").at("message");
      EXPECT_EQ(*error, c.at("error").at("message").get<std::string>());
    } else {
      EXPECT_FALSE(error.has_value()) << *error;
    }
  }
}

}  // namespace
}  // namespace keras
