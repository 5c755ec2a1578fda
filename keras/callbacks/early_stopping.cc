#include "keras/callbacks/early_stopping.h"

#include <iostream>

#include "keras/core/warnings.h"
#include "keras/models/model.h"

namespace keras::callbacks {

namespace {

std::string keys(const Logs& logs) {
  std::string out;
  for (const auto& [k, v] : logs) out += (out.empty() ? "" : ",") + k;
  return out;
}

}  // namespace

EarlyStoppingImpl::EarlyStoppingImpl(const EarlyStoppingOptions& options)
    : MonitorCallback("EarlyStopping", options.monitor, options.mode, std::nullopt,
                      options.min_delta),
      options_(options) {}

void EarlyStoppingImpl::on_train_begin(const Logs&) {
  wait_ = 0;
  stopped_epoch_ = 0;
  best_.reset();
  best_weights_.clear();
  best_epoch_ = 0;
}

void EarlyStoppingImpl::on_epoch_end(int epoch, Logs& logs) {
  if (!has_monitor_op()) set_monitor_op();
  auto it = logs.find(monitor_);
  if (it == logs.end()) {
    warn(str("Early stopping conditioned on metric `", monitor_,
             "` which is not available. Available metrics are: ", keys(logs)));
    return;
  }
  if (epoch < options_.start_from_epoch) return;
  double current = it->second;
  if (options_.restore_best_weights && best_weights_.empty()) {
    best_weights_ = model()->get_weights();
    best_epoch_ = epoch;
  }
  ++wait_;
  if (is_improvement(current, best_)) {
    best_ = current;
    best_epoch_ = epoch;
    if (options_.restore_best_weights) best_weights_ = model()->get_weights();
    if (!options_.baseline || is_improvement(current, options_.baseline)) wait_ = 0;
    return;
  }
  if (wait_ >= options_.patience && epoch > 0) {
    stopped_epoch_ = epoch;
    model()->set_stop_training(true);
  }
}

void EarlyStoppingImpl::on_train_end(const Logs&) {
  if (stopped_epoch_ > 0 && options_.verbose > 0)
    std::cout << "Epoch " << stopped_epoch_ + 1 << ": early stopping\n";
  if (options_.restore_best_weights && !best_weights_.empty()) {
    if (options_.verbose > 0)
      std::cout << "Restoring model weights from the end of the best epoch: " << best_epoch_ + 1
                << ".\n";
    model()->set_weights(best_weights_);
  }
  std::cout << std::flush;
}

}  // namespace keras::callbacks
