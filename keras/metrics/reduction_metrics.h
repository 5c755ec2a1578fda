// keras.metrics.Sum, Mean and MeanMetricWrapper (keras/src/metrics/reduction_metrics.py): the
// (weighted) sum or mean of values, and a mean metric made from a per-sample function.
//
//   metrics::Mean mean;
//   mean->update_state(values, sample_weight);   // Keras's update_state(values, sample_weight)
//   metrics::MeanMetricWrapper squared(
//       [](const Tensor& y, const Tensor& p) { return ops::square(ops::subtract(y, p)); });
//
// Keras's reduce_to_samplewise_values decides how values and weights meet: the weights are
// brought to the values' rank (squeeze_or_expand_to_same_rank), the values reduced (sum for Sum,
// mean for Mean) over the axes the weights lack, multiplied by the broadcast weights, and the
// weights reduced the same way over their axes after the first. A mean's count is the sum of the
// weights, or the number of values along the first axis when there are none. A mask on the
// values (Tensor::keras_mask) is folded into the weights when weights are given, as in Keras.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "keras/metrics/metric.h"

namespace keras::metrics {

// The weighted sum of the values seen: one variable, `total`.
class SumImpl : public Metric {
 public:
  explicit SumImpl(const MetricOptions& options = {});
  // values: any shape; sample_weight: broadcastable to it after Keras's rank alignment.
  std::vector<Tensor> update_state(const Tensor& values, const Tensor& sample_weight = {});
  // The Metric interface with Python's positional meaning: update_state(values, sample_weight);
  // a third tensor is a TypeError.
  std::vector<Tensor> update_state(const Tensor& values, const Tensor& sample_weight,
                                   const Tensor& extra) override;
  static std::shared_ptr<SumImpl> from_config(const Json& config);

 protected:
  Tensor compute_result(const std::vector<Tensor>& values) const override;

 private:
  Variable total_;
};
using Sum = MetricHandle<SumImpl, MetricOptions>;

// The weighted mean of the values seen: `total` / `count` (0 when count is 0).
class MeanImpl : public Metric {
 public:
  explicit MeanImpl(const MetricOptions& options = {});
  std::vector<Tensor> update_state(const Tensor& values, const Tensor& sample_weight = {});
  // See SumImpl: Python's positional meaning, a third tensor is a TypeError.
  std::vector<Tensor> update_state(const Tensor& values, const Tensor& sample_weight,
                                   const Tensor& extra) override;
  static std::shared_ptr<MeanImpl> from_config(const Json& config);

 protected:
  // For subclasses (MeanMetricWrapper, RootMeanSquaredError) with their own names.
  MeanImpl(std::string class_name, std::string default_name, const MetricOptions& options);
  Tensor compute_result(const std::vector<Tensor>& values) const override;

 private:
  Variable total_, count_;
};
using Mean = MetricHandle<MeanImpl, MetricOptions>;

// A per-sample metric function: (y_true, y_pred) -> values, reduced by MeanMetricWrapper.
using MetricFunction = std::function<Tensor(const Tensor& y_true, const Tensor& y_pred)>;

// The mean of fn(y_true, y_pred) over everything seen. The mask that y_pred carries
// (Tensor::keras_mask) is multiplied into the sample weights (it becomes the weights when there
// are none), so masked entries count for nothing.
class MeanMetricWrapperImpl : public MeanImpl {
 public:
  // fn_name: the name of a built-in metric function (metrics::metric_function()), written in the
  // config so that the metric can be rebuilt; empty for other functions (get_config then throws
  // NotImplementedError, as a lambda cannot be serialized).
  explicit MeanMetricWrapperImpl(MetricFunction fn, const MetricOptions& options = {},
                                 std::string fn_name = "");
  std::vector<Tensor> update_state(const Tensor& y_true, const Tensor& y_pred,
                                   const Tensor& sample_weight = {}) override;
  // {"name", "dtype", "fn": {"module": "keras.metrics", "class_name": "function", "config":
  // fn_name, "registered_name": fn_name}}.
  Json get_config() const override;
  static std::shared_ptr<MeanMetricWrapperImpl> from_config(const Json& config);

 protected:
  // For the built-in subclasses (Accuracy, MeanSquaredError, ...).
  MeanMetricWrapperImpl(std::string class_name, std::string default_name, MetricFunction fn,
                        const MetricOptions& options);

 private:
  MetricFunction fn_;
  std::string fn_name_;
};

class MeanMetricWrapper : public Handle<MeanMetricWrapperImpl> {
 public:
  using Handle::Handle;
  explicit MeanMetricWrapper(MetricFunction fn, const MetricOptions& options = {},
                             std::string fn_name = "")
      : Handle(
            std::make_shared<MeanMetricWrapperImpl>(std::move(fn), options, std::move(fn_name))) {}
};

// Keras's reduce_to_samplewise_values: the values (cast to `dtype`) and the sample weights after
// weighting and reduction to one value per sample (see the top of this file). `reduce_mean`
// chooses ops::mean (Mean) or ops::sum (Sum) as the reduction.
struct SamplewiseValues {
  Tensor values, sample_weight;
};
SamplewiseValues reduce_to_samplewise_values(const Tensor& values, const Tensor& sample_weight,
                                             bool reduce_mean, DType dtype);

}  // namespace keras::metrics
