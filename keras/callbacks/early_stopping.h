// keras.callbacks.EarlyStopping (keras/src/callbacks/early_stopping.py): stops training when the
// monitored value has stopped improving for `patience` epochs.
#pragma once

#include "keras/callbacks/monitor_callback.h"
#include "keras/core/tensor.h"

namespace keras::callbacks {

struct EarlyStoppingOptions {
  std::string monitor = "val_loss";
  double min_delta = 0.0;
  int patience = 0;
  int verbose = 0;
  std::string mode = "auto";
  std::optional<double> baseline;
  bool restore_best_weights = false;
  int start_from_epoch = 0;
};

class EarlyStoppingImpl : public MonitorCallback {
 public:
  explicit EarlyStoppingImpl(const EarlyStoppingOptions& options = {});

  int stopped_epoch() const { return stopped_epoch_; }
  int best_epoch() const { return best_epoch_; }
  int wait() const { return wait_; }

  void on_train_begin(const Logs& logs) override;
  void on_epoch_end(int epoch, Logs& logs) override;
  void on_train_end(const Logs& logs) override;

 private:
  EarlyStoppingOptions options_;
  int wait_ = 0, stopped_epoch_ = 0, best_epoch_ = 0;
  std::vector<Tensor> best_weights_;
};

using EarlyStopping = OptionsHandle<EarlyStoppingImpl, EarlyStoppingOptions>;

}  // namespace keras::callbacks
