// keras.callbacks.LearningRateScheduler (keras/src/callbacks/learning_rate_scheduler.py): sets
// the learning rate at the start of every epoch from schedule(epoch, current_lr); adds
// "learning_rate" to the epoch's logs.
#pragma once

#include <functional>

#include "keras/callbacks/callback.h"

namespace keras::callbacks {

struct LearningRateSchedulerOptions {
  int verbose = 0;
};

class LearningRateSchedulerImpl : public Callback {
 public:
  // schedule(epoch, learning_rate) -> the epoch's learning rate.
  using Schedule = std::function<double(int epoch, double learning_rate)>;
  // ValueError for an empty schedule.
  explicit LearningRateSchedulerImpl(Schedule schedule,
                                     const LearningRateSchedulerOptions& options = {});

  void on_epoch_begin(int epoch, const Logs& logs) override;
  void on_epoch_end(int epoch, Logs& logs) override;

 private:
  Schedule schedule_;
  LearningRateSchedulerOptions options_;
};

class LearningRateScheduler : public Handle<LearningRateSchedulerImpl> {
 public:
  using Handle::Handle;
  using Schedule = LearningRateSchedulerImpl::Schedule;
  explicit LearningRateScheduler(Schedule schedule,
                                 const LearningRateSchedulerOptions& options = {})
      : Handle(std::make_shared<LearningRateSchedulerImpl>(std::move(schedule), options)) {}
};

}  // namespace keras::callbacks
