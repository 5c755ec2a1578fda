// keras.callbacks.ReduceLROnPlateau (keras/src/callbacks/reduce_lr_on_plateau.py): multiplies
// the learning rate by `factor` when the monitored value stops improving for `patience` epochs,
// then waits `cooldown` epochs. Adds "learning_rate" to the epoch's logs.
#pragma once

#include "keras/callbacks/monitor_callback.h"

namespace keras::callbacks {

struct ReduceLROnPlateauOptions {
  std::string monitor = "val_loss";
  double factor = 0.1;
  int patience = 10;
  int verbose = 0;
  std::string mode = "auto";
  double min_delta = 1e-4;
  int cooldown = 0;
  double min_lr = 0.0;
};

class ReduceLROnPlateauImpl : public MonitorCallback {
 public:
  // ValueError for a factor >= 1, with Keras's message.
  explicit ReduceLROnPlateauImpl(const ReduceLROnPlateauOptions& options = {});

  void on_train_begin(const Logs& logs) override;
  void on_epoch_end(int epoch, Logs& logs) override;

 private:
  ReduceLROnPlateauOptions options_;
  int cooldown_counter_ = 0, wait_ = 0;
};

using ReduceLROnPlateau = OptionsHandle<ReduceLROnPlateauImpl, ReduceLROnPlateauOptions>;

}  // namespace keras::callbacks
