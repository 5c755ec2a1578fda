#include "keras/callbacks/learning_rate_scheduler.h"

#include <cmath>
#include <iostream>

#include "keras/core/error.h"
#include "keras/models/model.h"
#include "keras/utils/python_format.h"

namespace keras::callbacks {

LearningRateSchedulerImpl::LearningRateSchedulerImpl(Schedule schedule,
                                                     const LearningRateSchedulerOptions& options)
    : schedule_(std::move(schedule)), options_(options) {
  if (!schedule_) throw ValueError("LearningRateScheduler: `schedule` is empty");
}

void LearningRateSchedulerImpl::on_epoch_begin(int epoch, const Logs&) {
  auto optimizer = model()->optimizer();
  double lr = schedule_(epoch, optimizer->learning_rate());
  if (!std::isfinite(lr))
    throw ValueError(str("The output of the `schedule` function should be a float. Got: ",
                         utils::python_float(lr)));
  optimizer->set_learning_rate(lr);
  if (options_.verbose > 0)
    std::cout << "\nEpoch " << epoch + 1 << ": LearningRateScheduler setting learning rate to "
              << utils::python_float(lr) << ".\n"
              << std::flush;
}

void LearningRateSchedulerImpl::on_epoch_end(int, Logs& logs) {
  logs["learning_rate"] = model()->optimizer()->learning_rate();
}

}  // namespace keras::callbacks
