// Keras 3's regression metrics (keras/src/metrics/regression_metrics.py): MeanSquaredError,
// MeanAbsoluteError and RootMeanSquaredError, with the per-sample functions they average
// (keras/src/losses/losses.py; keras.metrics exports the same functions).
//
//   metrics::RootMeanSquaredError rmse;
//   rmse->update_state(y_true, y_pred, sample_weight);
//   double value = rmse->result().item<double>();   // sqrt(weighted mean of (y_pred - y_true)²)
#pragma once

#include <memory>

#include "keras/metrics/reduction_metrics.h"

namespace keras::metrics {

// mean((y_true - y_pred)², axis=-1) after rank alignment.
Tensor mean_squared_error(const Tensor& y_true, const Tensor& y_pred);
// mean(|y_true - y_pred|, axis=-1) after rank alignment.
Tensor mean_absolute_error(const Tensor& y_true, const Tensor& y_pred);

// Name "mean_squared_error".
class MeanSquaredErrorImpl : public MeanMetricWrapperImpl {
 public:
  explicit MeanSquaredErrorImpl(const MetricOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<MeanSquaredErrorImpl> from_config(const Json& config);
};
using MeanSquaredError = MetricHandle<MeanSquaredErrorImpl, MetricOptions>;

// Name "mean_absolute_error".
class MeanAbsoluteErrorImpl : public MeanMetricWrapperImpl {
 public:
  explicit MeanAbsoluteErrorImpl(const MetricOptions& options = {});
  Json get_config() const override;
  static std::shared_ptr<MeanAbsoluteErrorImpl> from_config(const Json& config);
};
using MeanAbsoluteError = MetricHandle<MeanAbsoluteErrorImpl, MetricOptions>;

// sqrt of the weighted mean of the squared errors (elementwise, not reduced per sample first:
// Keras passes the squared errors to Mean). Name "root_mean_squared_error". Keras does not apply
// y_pred's mask here.
class RootMeanSquaredErrorImpl : public MeanImpl {
 public:
  explicit RootMeanSquaredErrorImpl(const MetricOptions& options = {});
  std::vector<Tensor> update_state(const Tensor& y_true, const Tensor& y_pred,
                                   const Tensor& sample_weight = {}) override;
  static std::shared_ptr<RootMeanSquaredErrorImpl> from_config(const Json& config);

 protected:
  Tensor compute_result(const std::vector<Tensor>& values) const override;
};
using RootMeanSquaredError = MetricHandle<RootMeanSquaredErrorImpl, MetricOptions>;

}  // namespace keras::metrics
