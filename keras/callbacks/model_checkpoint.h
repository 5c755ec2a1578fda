// keras.callbacks.ModelCheckpoint (keras/src/callbacks/model_checkpoint.py): saves the model (or
// its weights) after every epoch or every `save_freq` batches, optionally only when the monitored
// value improved. The file path is a Python format template filled with epoch (1-based), batch
// (1-based, for batch-level saves) and the logs: "weights.{epoch:02d}-{val_loss:.2f}.keras".
// Missing folders are created; every write is crash-safe (Model::save).
#pragma once

#include <optional>
#include <string>

#include "keras/callbacks/monitor_callback.h"
#include "keras/callbacks/save_frequency.h"

namespace keras::callbacks {

struct ModelCheckpointOptions {
  std::string monitor = "val_loss";
  int verbose = 0;
  bool save_best_only = false;
  bool save_weights_only = false;  // then the path must end in ".weights.h5"
  std::string mode = "auto";
  // "epoch", or a number of batches.
  SaveFreq save_freq = std::string("epoch");
  std::optional<double> initial_value_threshold;
};

class ModelCheckpointImpl : public MonitorCallback {
 public:
  // ValueError, with Keras's messages, for a path that does not end in ".keras" or ".h5" (or
  // ".weights.h5" with save_weights_only) and for a save_freq that is neither "epoch" nor a
  // positive number.
  explicit ModelCheckpointImpl(std::string filepath, const ModelCheckpointOptions& options = {});

  void on_epoch_begin(int epoch, const Logs& logs) override;
  void on_epoch_end(int epoch, Logs& logs) override;
  void on_train_batch_end(int64_t batch, const Logs& logs) override;

  // The path a save at this epoch (0-based) and batch (0-based, or none) would write.
  std::string file_path(int epoch, std::optional<int64_t> batch, const Logs& logs) const;

 private:
  void save(int epoch, std::optional<int64_t> batch, const Logs& logs);
  bool should_save(int epoch, const Logs& logs, const std::string& path);

  std::string filepath_;
  ModelCheckpointOptions options_;
  SaveFrequency freq_;
  int current_epoch_ = 0;
};

class ModelCheckpoint : public Handle<ModelCheckpointImpl> {
 public:
  using Handle::Handle;
  explicit ModelCheckpoint(std::string filepath, const ModelCheckpointOptions& options = {})
      : Handle(std::make_shared<ModelCheckpointImpl>(std::move(filepath), options)) {}
};

}  // namespace keras::callbacks
