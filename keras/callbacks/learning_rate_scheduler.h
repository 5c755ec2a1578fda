// keras.callbacks.LearningRateScheduler (keras/src/callbacks/learning_rate_scheduler.py): sets
// the learning rate at the start of every epoch from schedule(epoch, current_lr); adds
// "learning_rate" to the epoch's logs.
#pragma once

#include <functional>

#include "keras/callbacks/callback.h"

namespace keras::callbacks {

class LearningRateScheduler : public Callback {
 public:
  using Schedule = std::function<double(int epoch, double learning_rate)>;
  explicit LearningRateScheduler(Schedule schedule, int verbose = 0);

  void on_epoch_begin(int epoch, const Logs& logs) override;
  void on_epoch_end(int epoch, Logs& logs) override;

 private:
  Schedule schedule_;
  int verbose_;
};

}  // namespace keras::callbacks
