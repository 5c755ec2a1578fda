#include "keras/callbacks/model_checkpoint.h"

#include <filesystem>
#include <iostream>

#include "keras/core/error.h"
#include "keras/core/warnings.h"
#include "keras/models/model.h"
#include "keras/saving/keras_file.h"
#include "keras/utils/python_format.h"

namespace keras::callbacks {

namespace {

std::string fixed5(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.5f", v);
  return buf;
}

}  // namespace

ModelCheckpointImpl::ModelCheckpointImpl(std::string filepath,
                                         const ModelCheckpointOptions& options)
    : MonitorCallback("ModelCheckpoint", options.monitor, options.mode,
                      options.initial_value_threshold, 0.0),
      filepath_(std::move(filepath)),
      options_(options),
      freq_([&] {
        std::optional<SaveFrequency> f = SaveFrequency::parse(options.save_freq);
        if (!f) {
          std::string given = SaveFrequency::text(options.save_freq);
          throw ValueError(str("Unrecognized save_freq: ", given,
                               ". Expected save_freq are 'epoch' or integer values"));
        }
        return *f;
      }()) {
  if (options.save_weights_only) {
    if (!saving::has_suffix(filepath_, ".weights.h5"))
      throw ValueError(
          str("When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided "
              "must end in `.weights.h5` (Keras weights format). Received: filepath=",
              filepath_));
  } else if (!saving::has_suffix(filepath_, ".keras") && !saving::has_suffix(filepath_, ".h5")) {
    throw ValueError(
        str("The filepath provided must end in `.keras` (Keras model format). Received: "
            "filepath=",
            filepath_));
  }
}

std::string ModelCheckpointImpl::file_path(int epoch, std::optional<int64_t> batch,
                                           const Logs& logs) const {
  std::map<std::string, utils::FormatValue> values;
  for (const auto& [k, v] : logs) values[k] = v;
  values["epoch"] = int64_t{epoch + 1};
  if (batch && !logs.count("batch")) values["batch"] = *batch + 1;
  try {
    return utils::python_str_format(filepath_, values);
  } catch (const ValueError& e) {
    throw ValueError(
        str("Failed to format this callback filepath: \"", filepath_, "\". Reason: ", e.what()));
  }
}

void ModelCheckpointImpl::on_epoch_begin(int epoch, const Logs&) {
  current_epoch_ = epoch;
}

void ModelCheckpointImpl::on_train_batch_end(int64_t batch, const Logs& logs) {
  if (freq_.batch_done(batch)) save(current_epoch_, batch, logs);
}

void ModelCheckpointImpl::on_epoch_end(int epoch, Logs& logs) {
  if (!has_monitor_op()) set_monitor_op();
  if (freq_.per_epoch()) save(epoch, std::nullopt, logs);
}

bool ModelCheckpointImpl::should_save(int epoch, const Logs& logs, const std::string& path) {
  if (!options_.save_best_only) return true;
  auto it = logs.find(monitor_);
  if (it == logs.end()) {
    warn(str("Can save best model only with ", monitor_, " available."));
    return true;
  }
  double current = it->second;
  std::string best = best_ ? fixed5(*best_) : "None";
  if (!has_monitor_op()) set_monitor_op();
  if (is_improvement(current, best_)) {
    if (options_.verbose > 0)
      std::cout << "\nEpoch " << epoch + 1 << ": " << monitor_ << " improved from " << best
                << " to " << fixed5(current) << ", saving model to " << path << "\n";
    best_ = current;
    return true;
  }
  if (options_.verbose > 0)
    std::cout << "\nEpoch " << epoch + 1 << ": " << monitor_ << " did not improve from " << best
              << "\n";
  return false;
}

void ModelCheckpointImpl::save(int epoch, std::optional<int64_t> batch, const Logs& logs) {
  std::string path = file_path(epoch, batch, logs);
  if (!should_save(epoch, logs, path)) return;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (std::filesystem::is_directory(path, ec))
    throw IOError(
        str("Please specify a non-directory filepath for ModelCheckpoint. Filepath "
            "used is an existing directory: ",
            path));
  if (!model()) throw ValueError("ModelCheckpoint: no model is set (use it in fit())");
  if (options_.save_weights_only)
    model()->save_weights(path);
  else
    model()->save(path);
  if (options_.verbose > 0)
    std::cout << "\nEpoch " << epoch + 1 << ": finished saving model to " << path << "\n";
}

}  // namespace keras::callbacks
