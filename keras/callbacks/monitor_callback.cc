#include "keras/callbacks/monitor_callback.h"

#include <cmath>
#include <vector>

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/core/tensor.h"
#include "keras/core/warnings.h"
#include "keras/models/model.h"

namespace keras::callbacks {

MonitorCallback::MonitorCallback(std::string class_name, std::string monitor, std::string mode,
                                 std::optional<double> baseline, double min_delta)
    : class_name_(std::move(class_name)),
      monitor_(std::move(monitor)),
      mode_(std::move(mode)),
      best_(baseline),
      min_delta_(std::fabs(min_delta)) {
  if (mode_ != "auto" && mode_ != "min" && mode_ != "max") {
    warn(str(class_name_, " mode '", mode_, "' is unknown, fallback to auto mode."));
    mode_ = "auto";
  }
}

void MonitorCallback::set_monitor_op() {
  if (mode_ == "min") {
    direction_ = -1;
  } else if (mode_ == "max") {
    direction_ = 1;
  } else {
    std::string metric = monitor_.rfind("val_", 0) == 0 ? monitor_.substr(4) : monitor_;
    if (metric == "loss") direction_ = -1;
    if (model())
      for (const auto& m : model()->compiled_metrics())
        if (m.first == metric && m.second->direction() != 0) direction_ = m.second->direction();
    if (direction_ == 0)
      throw ValueError(str(class_name_, " callback received monitor=", monitor_,
                           ", but Keras isn't able to automatically determine whether that metric "
                           "should be maximized or minimized. Pass `mode='max'` in order to "
                           "monitor based on the highest metric value, or pass `mode='min'` in "
                           "order to use the lowest value."));
  }
}

bool MonitorCallback::is_improvement(double current, std::optional<double> reference) const {
  if (!reference) return true;
  // Keras flips min_delta's sign for "min" and compares current - min_delta with the reference,
  // through ops.less / ops.greater: the difference is taken in Python floats, the comparison
  // between tensors of floatx (0.85 + 0.06 is not below 0.91 in float32, though it is in float64).
  double delta = direction_ < 0 ? -min_delta_ : min_delta_;
  double values[2] = {current - delta, *reference};
  double a = values[0], b = values[1];
  if (config::floatx_dtype() != DType::float64) {
    std::vector<uint8_t> rounded(2 * size_of(config::floatx_dtype()));
    convert_elements(values, DType::float64, rounded.data(), config::floatx_dtype(), 2);
    double back[2];
    convert_elements(rounded.data(), config::floatx_dtype(), back, DType::float64, 2);
    a = back[0];
    b = back[1];
  }
  return direction_ < 0 ? a < b : a > b;
}

}  // namespace keras::callbacks
