// Callbacks acting on real fit() runs: EarlyStopping ends training at the epoch Keras 3 ended it
// and restores the weights of Keras's best epoch, ReduceLROnPlateau and LearningRateScheduler
// set the learning rates Keras set, CSVLogger writes what History holds.
//
// Training itself is not scripted, so the monitored validation values are: a callback placed
// before the one under test replaces "val_loss" in the epoch's logs with the values of a golden
// case (tests/golden/data/keras3_callbacks.json); fit() hands the same logs to every callback in
// order, as Keras's shared logs dict, so the callback under test, and History after it, see the
// scripted values, and the outcome must be the golden one.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "keras/callbacks/callbacks.h"
#include "keras/core/json.h"
#include "keras/layers/layers.h"
#include "keras/models/sequential.h"
#include "keras/optimizers/optimizers.h"
#include "keras/utils/python_format.h"
#include "tests/callbacks/keras3_callbacks_golden.h"
#include "tests/ops/harness.h"
#include "tests/support/temp_dir.h"

namespace keras {
namespace {

using callbacks::Logs;

const Json& golden_case(const char* group, const std::string& name) {
  for (const Json& c : testing::keras3_callbacks_golden().at(group))
    if (c.at("name") == name) return c;
  throw ValueError(str("keras3_callbacks.json has no ", group, " case ", name));
}

struct Data {
  Tensor x = testing::uniform(Shape{32, 3}, -1, 1, 41).astype(DType::float32);
  Tensor y = testing::uniform(Shape{32, 1}, -1, 1, 42).astype(DType::float32);
};

Sequential make_model(double learning_rate) {
  Sequential model(
      {layers::Input({3}), layers::Dense(4, {.activation = "tanh"}), layers::Dense(1)});
  model.compile(
      {.optimizer = optimizers::SGD(optimizers::SGDOptions{.learning_rate = learning_rate}),
       .loss = "mse"});
  return model;
}

// Replaces `monitor` in each epoch's logs with the golden case's value for that epoch.
callbacks::CallbackPtr inject(const Json& golden_logs, const std::string& monitor) {
  return callbacks::LambdaCallback(callbacks::LambdaCallbackOptions{
      .on_epoch_end = [golden_logs, monitor](int epoch, Logs& logs) {
        logs[monitor] =
            testing::golden_number(golden_logs.at(static_cast<size_t>(epoch)).at(monitor));
      }});
}

std::vector<double> flat_weights(const Sequential& model) {
  std::vector<double> out;
  for (const Tensor& w : model.get_weights())
    for (double v : w.astype(DType::float64).to_vector<double>()) out.push_back(v);
  return out;
}

TEST(CallbacksInFit, EarlyStoppingEndsFitWhereKerasDidAndRestoresTheBestEpoch) {
  for (const char* name : {"restore_best_weights_stopped", "restore_best_weights_ran_to_the_end",
                           "patience3", "start_from_epoch_restore"}) {
    SCOPED_TRACE(name);
    const Json& c = golden_case("early_stopping", name);
    const Json& args = c.at("args");
    const Json& epochs = c.at("epochs");
    Data d;
    Sequential model = make_model(0.1);
    std::vector<std::vector<double>> weights_at_epoch_end;
    auto snapshot = callbacks::LambdaCallback(callbacks::LambdaCallbackOptions{
        .on_epoch_end = [&](int, Logs&) { weights_at_epoch_end.push_back(flat_weights(model)); }});
    auto early_stopping = callbacks::EarlyStopping(callbacks::EarlyStoppingOptions{
        .patience = args.at("patience").get<int>(),
        .verbose = args.value("verbose", 0),
        .restore_best_weights = args.value("restore_best_weights", false),
        .start_from_epoch = args.value("start_from_epoch", 0)});
    ::testing::internal::CaptureStdout();
    callbacks::History history =
        model.fit(d.x, d.y,
                  {.batch_size = 8,
                   .epochs = static_cast<int>(c.at("logs").size()),
                   .verbose = 0,
                   .callbacks = {inject(c.at("logs"), "val_loss"), early_stopping, snapshot},
                   .validation_data = models::ValidationData{d.x, d.y}});
    std::string printed = ::testing::internal::GetCapturedStdout();
    // Keras ran epochs.size() epochs; History saw the scripted values.
    ASSERT_EQ(history->history.at("val_loss").size(), epochs.size());
    for (size_t e = 0; e < epochs.size(); ++e)
      EXPECT_EQ(history->history.at("val_loss")[e], c.at("logs")[e].at("val_loss").get<double>());
    EXPECT_EQ(early_stopping->stopped_epoch(), epochs.back().at("stopped_epoch").get<int>());
    EXPECT_EQ(printed, c.at("stdout").get<std::string>());
    // The golden's final weight is the epoch whose weights Keras left in the model.
    auto kept = static_cast<size_t>(c.at("final_weight").get<double>());
    ASSERT_LT(kept, weights_at_epoch_end.size());
    EXPECT_EQ(flat_weights(model), weights_at_epoch_end[kept]);
    if (kept + 1 != weights_at_epoch_end.size()) {  // the restore is visible: training moved them
      EXPECT_NE(flat_weights(model), weights_at_epoch_end.back());
    }
  }
}

TEST(CallbacksInFit, ReduceLROnPlateauSetsKerasLearningRates) {
  const Json& c = golden_case("reduce_lr_on_plateau", "cooldown2");
  const Json& args = c.at("args");
  Data d;
  Sequential model = make_model(c.at("model").at("learning_rate").get<double>());
  // The rate each epoch's steps used, read at its first batch.
  std::vector<double> used;
  auto probe = callbacks::LambdaCallback(
      callbacks::LambdaCallbackOptions{.on_train_batch_begin = [&](int64_t batch, const Logs&) {
        if (batch == 0) used.push_back(model.optimizer()->learning_rate());
      }});
  auto reduce = callbacks::ReduceLROnPlateau(
      callbacks::ReduceLROnPlateauOptions{.factor = args.at("factor").get<double>(),
                                          .patience = args.at("patience").get<int>(),
                                          .cooldown = args.at("cooldown").get<int>()});
  callbacks::History history =
      model.fit(d.x, d.y,
                {.batch_size = 8,
                 .epochs = static_cast<int>(c.at("logs").size()),
                 .verbose = 0,
                 .callbacks = {inject(c.at("logs"), "val_loss"), reduce, probe},
                 .validation_data = models::ValidationData{d.x, d.y}});
  const Json& epochs = c.at("epochs");
  ASSERT_EQ(history->history.at("learning_rate").size(), epochs.size());
  for (size_t e = 0; e < epochs.size(); ++e) {
    // Logged: the rate the epoch trained with; after the hook: Keras's rate for the next epoch.
    EXPECT_EQ(history->history.at("learning_rate")[e],
              epochs[e].at("logs").at("learning_rate").get<double>())
        << "epoch " << e;
    EXPECT_EQ(used[e], epochs[e].at("logs").at("learning_rate").get<double>()) << "epoch " << e;
  }
  EXPECT_EQ(model.optimizer()->learning_rate(), epochs.back().at("learning_rate").get<double>());
}

TEST(CallbacksInFit, LearningRateSchedulerSetsKerasLearningRates) {
  const Json& c = golden_case("learning_rate_scheduler", "halve_odd_epochs");
  Data d;
  Sequential model = make_model(c.at("model").at("learning_rate").get<double>());
  auto scheduler = callbacks::LearningRateScheduler(
      [](int epoch, double lr) { return epoch % 2 == 1 ? lr * 0.5 : lr; });
  callbacks::History history = model.fit(d.x, d.y,
                                         {.batch_size = 8,
                                          .epochs = static_cast<int>(c.at("epochs").size()),
                                          .verbose = 0,
                                          .callbacks = {scheduler}});
  const Json& epochs = c.at("epochs");
  ASSERT_EQ(history->history.at("learning_rate").size(), epochs.size());
  for (size_t e = 0; e < epochs.size(); ++e)
    EXPECT_EQ(history->history.at("learning_rate")[e],
              epochs[e].at("logs").at("learning_rate").get<double>())
        << "epoch " << e;
}

// The file of a real run holds History's numbers as Python prints them, under Keras's header.
TEST(CallbacksInFit, CSVLoggerWritesTheRunsLogs) {
  testing::TempDir dir;
  Data d;
  Sequential model = make_model(0.05);
  std::string path = (dir / "log.csv").string();
  auto logger = callbacks::CSVLogger(path, {.separator = ";"});
  callbacks::History history = model.fit(d.x, d.y,
                                         {.batch_size = 8,
                                          .epochs = 3,
                                          .verbose = 0,
                                          .callbacks = {logger},
                                          .validation_split = 0.25});
  std::string expected = "epoch;loss;val_loss\r\n";
  for (size_t e = 0; e < 3; ++e)
    expected += str(e, ";", utils::python_float(history->history.at("loss")[e]), ";",
                    utils::python_float(history->history.at("val_loss")[e]), "\r\n");
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), expected);
}

}  // namespace
}  // namespace keras
