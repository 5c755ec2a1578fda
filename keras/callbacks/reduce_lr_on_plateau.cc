#include "keras/callbacks/reduce_lr_on_plateau.h"

#include <iostream>

#include "keras/core/warnings.h"
#include "keras/models/model.h"
#include "keras/utils/python_format.h"

namespace keras::callbacks {

ReduceLROnPlateauImpl::ReduceLROnPlateauImpl(const ReduceLROnPlateauOptions& options)
    : MonitorCallback("ReduceLROnPlateau", options.monitor, options.mode, std::nullopt,
                      options.min_delta),
      options_(options) {
  if (options.factor >= 1.0)
    throw ValueError(str("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=",
                         utils::python_float(options.factor)));
}

void ReduceLROnPlateauImpl::on_train_begin(const Logs&) {
  best_.reset();
  cooldown_counter_ = 0;
  wait_ = 0;
}

void ReduceLROnPlateauImpl::on_epoch_end(int epoch, Logs& logs) {
  if (!has_monitor_op()) set_monitor_op();
  auto optimizer = model()->optimizer();
  logs["learning_rate"] = optimizer->learning_rate();
  auto it = logs.find(monitor_);
  if (it == logs.end()) {
    // Keras lists the dict's keys in insertion order: fit()'s sorted logs, then the
    // "learning_rate" this callback has just added.
    std::string names;
    for (const auto& [k, v] : logs)
      if (k != "learning_rate") names += (names.empty() ? "" : ",") + k;
    names += (names.empty() ? "" : ",") + std::string("learning_rate");
    warn(str("Learning rate reduction is conditioned on metric `", monitor_,
             "` which is not available. Available metrics are: ", names, "."));
    return;
  }
  double current = it->second;
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    wait_ = 0;
  }
  if (is_improvement(current, best_)) {
    best_ = current;
    wait_ = 0;
  } else if (cooldown_counter_ <= 0) {
    if (++wait_ >= options_.patience) {
      double old_lr = optimizer->learning_rate();
      if (old_lr > static_cast<double>(static_cast<float>(options_.min_lr))) {
        double new_lr = std::max(old_lr * options_.factor, options_.min_lr);
        optimizer->set_learning_rate(new_lr);
        if (options_.verbose > 0)
          std::cout << "\nEpoch " << epoch + 1 << ": ReduceLROnPlateau reducing learning rate to "
                    << utils::python_float(new_lr) << ".\n"
                    << std::flush;
        cooldown_counter_ = options_.cooldown;
        wait_ = 0;
      }
    }
  }
}

}  // namespace keras::callbacks
