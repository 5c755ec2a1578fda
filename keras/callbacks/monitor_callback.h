// The base of callbacks that watch one log value (keras/src/callbacks/monitor_callback.py):
// EarlyStopping, ReduceLROnPlateau, ModelCheckpoint. mode "min" or "max", or "auto": min for a
// loss, else the direction of the compiled metric of that name (ValueError when unknown).
#pragma once

#include <optional>
#include <string>

#include "keras/callbacks/callback.h"

namespace keras::callbacks {

class MonitorCallback : public Callback {
 public:
  MonitorCallback(std::string class_name, std::string monitor, std::string mode,
                  std::optional<double> baseline, double min_delta);

  const std::string& monitor() const { return monitor_; }
  const std::string& mode() const { return mode_; }
  std::optional<double> best() const { return best_; }

 protected:
  // Resolves "auto" against the model's metrics (once the model is known).
  void set_monitor_op();
  // current - min_delta better than reference (always true without a reference).
  bool is_improvement(double current, std::optional<double> reference) const;
  bool has_monitor_op() const { return direction_ != 0; }

  std::string class_name_, monitor_, mode_;
  std::optional<double> best_;
  double min_delta_;
  int direction_ = 0;  // -1: lower is better, +1: higher is better
};

}  // namespace keras::callbacks
