// Keras 3's regression metrics (keras/src/metrics/regression_metrics.py): MeanSquaredError,
// MeanAbsoluteError and RootMeanSquaredError, with the per-sample functions they average
// (keras/src/losses/losses.py; keras.metrics exports the same functions).
//
//   metrics::RootMeanSquaredError rmse;
//   rmse.update_state(y_true, y_pred, sample_weight);
//   double value = rmse.result().item<double>();   // sqrt(weighted mean of (y_pred - y_true)²)
#pragma once

#include <memory>

#include "keras/metrics/reduction_metrics.h"

namespace keras::metrics {

// mean((y_true - y_pred)², axis=-1) after rank alignment.
Tensor mean_squared_error(const Tensor& y_true, const Tensor& y_pred);
// mean(|y_true - y_pred|, axis=-1) after rank alignment.
Tensor mean_absolute_error(const Tensor& y_true, const Tensor& y_pred);

// Name "mean_squared_error".
class MeanSquaredError : public MeanMetricWrapper {
 public:
  explicit MeanSquaredError(const MetricOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<MeanSquaredError> from_config(const Json& config);
};

// Name "mean_absolute_error".
class MeanAbsoluteError : public MeanMetricWrapper {
 public:
  explicit MeanAbsoluteError(const MetricOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<MeanAbsoluteError> from_config(const Json& config);
};

// sqrt of the weighted mean of the squared errors (elementwise, not reduced per sample first:
// Keras passes the squared errors to Mean). Name "root_mean_squared_error". Keras does not apply
// y_pred's mask here.
class RootMeanSquaredError : public Mean {
 public:
  explicit RootMeanSquaredError(const MetricOptions& options = {});
  std::vector<Tensor> update_state(const Tensor& y_true, const Tensor& y_pred,
                                   const Tensor& sample_weight = {}) override;
  static std::shared_ptr<RootMeanSquaredError> from_config(const Json& config);

 protected:
  Tensor compute_result(const std::vector<Tensor>& values) const override;
};

}  // namespace keras::metrics
