// keras.callbacks.BackupAndRestore (keras/src/callbacks/backup_and_restore.py): backs up the
// model's weights and optimizer state (backup_dir/latest.weights.h5) and the epoch reached
// (backup_dir/training_metadata.json) at the end of every epoch, or every `save_freq` batches.
// A fit() that starts while a backup exists restores it and resumes at the epoch after the last
// one that finished; a fit() that ends normally deletes the backup (delete_checkpoint).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "keras/callbacks/callback.h"
#include "keras/callbacks/save_frequency.h"

namespace keras::callbacks {

struct BackupAndRestoreOptions {
  // "epoch", or a number of batches.
  SaveFreq save_freq = std::string("epoch");
  // Keep the previous backup too (latest.weights.h5.bkp...), restored when the latest one
  // cannot be read.
  bool double_checkpoint = false;
  bool delete_checkpoint = true;
};

class BackupAndRestoreImpl : public Callback {
 public:
  // ValueError for an empty backup_dir or a bad save_freq.
  explicit BackupAndRestoreImpl(std::filesystem::path backup_dir,
                                const BackupAndRestoreOptions& options = {});

  void on_train_begin(const Logs& logs) override;
  void on_epoch_end(int epoch, Logs& logs) override;
  void on_train_batch_end(int64_t batch, const Logs& logs) override;
  void on_train_end(const Logs& logs) override;

 private:
  void save();
  void restore_from(const std::filesystem::path& weights, const std::filesystem::path& metadata);

  std::filesystem::path dir_, weights_, metadata_, prev_weights_, prev_metadata_;
  BackupAndRestoreOptions options_;
  SaveFrequency freq_;
  int current_epoch_ = 0;
};

class BackupAndRestore : public Handle<BackupAndRestoreImpl> {
 public:
  using Handle::Handle;
  explicit BackupAndRestore(std::filesystem::path backup_dir,
                            const BackupAndRestoreOptions& options = {})
      : Handle(std::make_shared<BackupAndRestoreImpl>(std::move(backup_dir), options)) {}
};

}  // namespace keras::callbacks
