#include "keras/metrics/regression_metrics.h"

#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/metrics/detail/metric_args.h"
#include "keras/metrics/metrics_utils.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"

namespace keras::metrics {

namespace {

// y_true converted to y_pred's dtype, then both brought to one rank.
void prepare(Tensor& y_true, Tensor& y_pred, const char* who) {
  if (!y_true.defined() || !y_pred.defined())
    throw ValueError(str(who, ": y_true and y_pred must be given"));
  y_true = ops::cast(y_true, y_pred.dtype());
  metrics_utils::squeeze_or_expand_to_same_rank(y_true, y_pred);
  metrics_utils::check_broadcastable(y_true, y_pred, who);
}

}  // namespace

Tensor mean_squared_error(const Tensor& y_true, const Tensor& y_pred) {
  Tensor t = y_true, p = y_pred;
  prepare(t, p, "mean_squared_error");
  return ops::mean(ops::square(ops::subtract(t, p)), -1);
}

Tensor mean_absolute_error(const Tensor& y_true, const Tensor& y_pred) {
  Tensor t = y_true, p = y_pred;
  prepare(t, p, "mean_absolute_error");
  return ops::mean(ops::abs(ops::subtract(t, p)), -1);
}

MeanSquaredErrorImpl::MeanSquaredErrorImpl(const MetricOptions& options)
    : MeanMetricWrapperImpl("MeanSquaredError", "mean_squared_error", mean_squared_error, options) {
}

std::shared_ptr<MeanSquaredErrorImpl> MeanSquaredErrorImpl::from_config(const Json& config) {
  return from_config_with<MeanSquaredErrorImpl>(no_arguments, config, "MeanSquaredError");
}

Json MeanSquaredErrorImpl::get_config() const {
  return Metric::get_config();
}

MeanAbsoluteErrorImpl::MeanAbsoluteErrorImpl(const MetricOptions& options)
    : MeanMetricWrapperImpl("MeanAbsoluteError", "mean_absolute_error", mean_absolute_error,
                            options) {}

std::shared_ptr<MeanAbsoluteErrorImpl> MeanAbsoluteErrorImpl::from_config(const Json& config) {
  return from_config_with<MeanAbsoluteErrorImpl>(no_arguments, config, "MeanAbsoluteError");
}

Json MeanAbsoluteErrorImpl::get_config() const {
  return Metric::get_config();
}

RootMeanSquaredErrorImpl::RootMeanSquaredErrorImpl(const MetricOptions& options)
    : MeanImpl("RootMeanSquaredError", "root_mean_squared_error", options) {}

std::vector<Tensor> RootMeanSquaredErrorImpl::update_state(const Tensor& y_true,
                                                           const Tensor& y_pred,
                                                           const Tensor& sample_weight) {
  if (!y_true.defined() || !y_pred.defined())
    throw ValueError("RootMeanSquaredError: y_true and y_pred must be given");
  Tensor t = ops::cast(y_true, dtype()), p = ops::cast(y_pred, dtype());
  metrics_utils::squeeze_or_expand_to_same_rank(t, p);
  metrics_utils::check_broadcastable(t, p, "RootMeanSquaredError");
  Tensor error_sq = ops::square(ops::subtract(p, t));
  return MeanImpl::update_state(error_sq, sample_weight);
}

Tensor RootMeanSquaredErrorImpl::compute_result(const std::vector<Tensor>& values) const {
  return ops::sqrt(MeanImpl::compute_result(values));
}

std::shared_ptr<RootMeanSquaredErrorImpl> RootMeanSquaredErrorImpl::from_config(
    const Json& config) {
  return from_config_with<RootMeanSquaredErrorImpl>(no_arguments, config, "RootMeanSquaredError");
}

}  // namespace keras::metrics
