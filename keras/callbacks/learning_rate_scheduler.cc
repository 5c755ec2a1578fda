#include "keras/callbacks/learning_rate_scheduler.h"

#include <cmath>
#include <iostream>

#include "keras/core/error.h"
#include "keras/models/model.h"
#include "keras/utils/python_format.h"

namespace keras::callbacks {

LearningRateScheduler::LearningRateScheduler(Schedule schedule, int verbose)
    : schedule_(std::move(schedule)), verbose_(verbose) {
  if (!schedule_) throw ValueError("LearningRateScheduler: `schedule` is empty");
}

void LearningRateScheduler::on_epoch_begin(int epoch, const Logs&) {
  auto optimizer = model()->optimizer();
  double lr = schedule_(epoch, optimizer->learning_rate());
  if (!std::isfinite(lr))
    throw ValueError(str("The output of the `schedule` function should be a float. Got: ",
                         utils::python_float(lr)));
  optimizer->set_learning_rate(lr);
  if (verbose_ > 0)
    std::cout << "\nEpoch " << epoch + 1 << ": LearningRateScheduler setting learning rate to "
              << utils::python_float(lr) << ".\n"
              << std::flush;
}

void LearningRateScheduler::on_epoch_end(int, Logs& logs) {
  logs["learning_rate"] = model()->optimizer()->learning_rate();
}

}  // namespace keras::callbacks
