#include "keras/callbacks/backup_and_restore.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "keras/core/atomic_file.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/core/warnings.h"
#include "keras/models/model.h"

namespace keras::callbacks {

BackupAndRestoreImpl::BackupAndRestoreImpl(std::filesystem::path backup_dir,
                                           const BackupAndRestoreOptions& options)
    : dir_(std::move(backup_dir)), options_(options), freq_([&] {
        std::optional<SaveFrequency> f = SaveFrequency::parse(options.save_freq);
        if (!f) {
          std::string given = SaveFrequency::text(options.save_freq);
          throw ValueError(str("Invalid value for argument `save_freq`. Received: save_freq=",
                               given, ". Expected either 'epoch' or an integer value."));
        }
        return *f;
      }()) {
  if (dir_.empty()) throw ValueError("Empty `backup_dir` argument passed");
  weights_ = dir_ / "latest.weights.h5";
  metadata_ = dir_ / "training_metadata.json";
  prev_weights_ = dir_ / "latest.weights.h5.bkp";
  prev_metadata_ = dir_ / "training_metadata.json.bkp";
}

void BackupAndRestoreImpl::restore_from(const std::filesystem::path& weights,
                                        const std::filesystem::path& metadata) {
  model()->load_weights(weights);
  std::error_code ec;
  if (!std::filesystem::exists(metadata, ec)) return;
  std::ifstream in(metadata);
  std::stringstream text;
  text << in.rdbuf();
  Json j = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("epoch") || !j["epoch"].is_number_integer())
    throw IOError(str(metadata.string(), ": expected {\"epoch\": N, \"batch\": M}, got ",
                      text.str().substr(0, 200)));
  current_epoch_ = j["epoch"].get<int>();
  model()->resume_at_epoch(current_epoch_);
}

void BackupAndRestoreImpl::on_train_begin(const Logs&) {
  if (!model()) throw ValueError("BackupAndRestore: no model is set (use it in fit())");
  if (!model()->built())
    throw ValueError(
        "To use the BackupAndRestore callback, you model must be built before you call `fit()`. "
        "Model is unbuilt. You can build it beforehand by calling it on a batch of data.");
  std::error_code ec;
  if (!std::filesystem::exists(weights_, ec)) return;
  try {
    restore_from(weights_, metadata_);
  } catch (const Error& e) {
    if (!options_.double_checkpoint || !std::filesystem::exists(prev_weights_, ec)) throw;
    warn(str("BackupAndRestore: the latest backup could not be restored (", e.what(),
             "); restoring the previous one."));
    restore_from(prev_weights_, prev_metadata_);
  }
}

void BackupAndRestoreImpl::save() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (options_.double_checkpoint && std::filesystem::exists(weights_, ec)) {
    std::filesystem::copy_file(weights_, prev_weights_,
                               std::filesystem::copy_options::overwrite_existing, ec);
    std::filesystem::copy_file(metadata_, prev_metadata_,
                               std::filesystem::copy_options::overwrite_existing, ec);
  }
  // Weights first: metadata that names an epoch always comes with that epoch's weights.
  model()->save_weights(weights_);
  std::string text =
      Json{{"epoch", current_epoch_}, {"batch", freq_.last_batch().value_or(0)}}.dump();
  if (int err = write_file_atomically(metadata_, {{text.data(), text.size()}}))
    throw IOError(
        str(metadata_.string(), ": cannot write the backup's metadata: ", std::strerror(err)));
}

void BackupAndRestoreImpl::on_epoch_end(int epoch, Logs&) {
  current_epoch_ = epoch + 1;
  freq_.forget_last_batch();
  if (freq_.per_epoch()) save();
}

void BackupAndRestoreImpl::on_train_batch_end(int64_t batch, const Logs&) {
  if (freq_.batch_done(batch)) save();
}

void BackupAndRestoreImpl::on_train_end(const Logs&) {
  std::error_code ec;
  if (options_.delete_checkpoint) std::filesystem::remove_all(dir_, ec);
}

}  // namespace keras::callbacks
