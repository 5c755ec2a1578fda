// How callbacks are made and passed: built-in callbacks are handles made from Keras's arguments,
// user callbacks are std::shared_ptr of a Callback subclass, and one `callbacks` list takes both,
// as Keras's `callbacks=[EarlyStopping(patience=3), MyCallback()]` does. The handle shares its
// object with fit(), so what the callback learned is read from the handle afterwards.
#include <gtest/gtest.h>

#include "keras/keras.h"

namespace keras {
namespace {

class EpochCounter : public callbacks::Callback {
 public:
  int epochs = 0;
  void on_epoch_end(int, callbacks::Logs&) override { ++epochs; }
};

Sequential make_model() {
  Sequential model({layers::Input({3}), layers::Dense(1)});
  model.compile({.optimizer = "sgd", .loss = "mse"});
  return model;
}

TEST(CallbackHandles, BuiltInHandlesAndUserSubclassesInOneList) {
  Sequential model = make_model();
  Tensor x = random::uniform(Shape{16, 3}, {.seed = 3}),
         y = random::uniform(Shape{16, 1}, {.seed = 4});
  // min_delta larger than any change: only the first epoch counts as an improvement, so with
  // patience 2 training stops at the end of epoch 2 (0-based), as Keras's EarlyStopping does.
  callbacks::EarlyStopping stop({.monitor = "loss", .min_delta = 1e9, .patience = 2});
  auto counter = std::make_shared<EpochCounter>();
  callbacks::History history = model.fit(
      x, y,
      {.epochs = 10, .verbose = 0, .callbacks = {stop, counter, callbacks::TerminateOnNaN()}});
  EXPECT_EQ(stop->stopped_epoch(), 2);
  EXPECT_EQ(stop->best_epoch(), 0);
  EXPECT_EQ(counter->epochs, 3);
  EXPECT_EQ(history->epoch, (std::vector<int>{0, 1, 2}));
  // fit's History is the model's: the same object, not a copy.
  EXPECT_EQ(history.get(), model->history().get());

  // A temporary works as well; the list keeps it alive for the run.
  history = model.fit(x, y,
                      {.epochs = 10,
                       .verbose = 0,
                       .callbacks = {callbacks::EarlyStopping(
                           {.monitor = "loss", .min_delta = 1e9, .patience = 1})}});
  EXPECT_EQ(history->epoch, (std::vector<int>{0, 1}));
}

TEST(CallbackHandles, HandlesShareTheirObject) {
  callbacks::ReduceLROnPlateau a({.monitor = "loss", .patience = 1});
  callbacks::ReduceLROnPlateau b = a;  // a copy of the handle: the same callback
  EXPECT_EQ(a.get(), b.get());
  callbacks::CallbackPtr as_base = a;
  EXPECT_EQ(as_base.get(), a.get());
  EXPECT_EQ(a->monitor(), "loss");
  // Default arguments are Keras's.
  callbacks::EarlyStopping defaults;
  EXPECT_EQ(defaults->monitor(), "val_loss");
  EXPECT_EQ(defaults->mode(), "auto");
  EXPECT_NE(callbacks::History().get(), callbacks::History().get());  // each a new object
  EXPECT_THROW(callbacks::EarlyStopping(std::shared_ptr<callbacks::EarlyStoppingImpl>())->wait(),
               ValueError);
}

TEST(CallbackHandles, KerasArgumentErrors) {
  EXPECT_THROW(callbacks::ReduceLROnPlateau({.factor = 1.0}), ValueError);
  EXPECT_THROW(callbacks::CSVLogger("log.csv", {.separator = ";;"}), TypeError);
  callbacks::LearningRateScheduler::Schedule none;
  EXPECT_THROW(callbacks::LearningRateScheduler{none}, ValueError);
  EXPECT_THROW(callbacks::BackupAndRestore(""), ValueError);
  EXPECT_THROW(callbacks::BackupAndRestore("backup", {.save_freq = int64_t{0}}), ValueError);
}

}  // namespace
}  // namespace keras
