#include "keras/metrics/reduction_metrics.h"

#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/metrics/detail/metric_args.h"
#include "keras/metrics/metrics.h"
#include "keras/metrics/metrics_utils.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"

namespace keras::metrics {

namespace {

std::vector<int> axes_from(int first, int end) {
  std::vector<int> axes;
  for (int a = first; a < end; ++a) axes.push_back(a);
  return axes;
}

Tensor reduce(const Tensor& x, std::vector<int> axes, bool mean) {
  return mean ? ops::mean(x, std::move(axes)) : ops::sum(x, std::move(axes));
}

[[noreturn]] void third_argument(const std::string& class_name) {
  throw TypeError(str(class_name,
                      ".update_state() takes `values` and `sample_weight`: a third tensor was "
                      "given (y_true, y_pred and sample_weight are for metrics of predictions)"));
}

}  // namespace

SamplewiseValues reduce_to_samplewise_values(const Tensor& values, const Tensor& sample_weight,
                                             bool reduce_mean, DType dtype) {
  if (!values.defined()) throw ValueError("update_state needs `values`");
  Tensor mask = values.keras_mask();
  Tensor v = ops::cast(values, dtype);
  Tensor w;
  if (sample_weight.defined()) {
    w = ops::cast(sample_weight, dtype);
    if (mask.defined()) w = metrics_utils::apply_mask(w, mask, dtype);
    metrics_utils::squeeze_or_expand_to_same_rank(v, w);
    int weight_rank = w.rank();
    if (v.rank() > weight_rank) v = reduce(v, axes_from(weight_rank, v.rank()), reduce_mean);
    // Broadcasting does not change the product, but it does change the weights' reduction.
    w = metrics_utils::broadcast_to_like(w, v, "sample_weight");
    v = ops::multiply(v, w);
    if (weight_rank > 1) w = reduce(w, axes_from(1, weight_rank), reduce_mean);
  }
  if (v.rank() > 1) v = reduce(v, axes_from(1, v.rank()), reduce_mean);
  return {v, w};
}

// ----- Sum ------------------------------------------------------------------------------------

SumImpl::SumImpl(const MetricOptions& options) : Metric("Sum", "sum", options) {
  total_ = add_variable(Shape{}, "total");
}

std::vector<Tensor> SumImpl::update_state(const Tensor& values, const Tensor& sample_weight) {
  bool symbolic = any_symbolic({values, sample_weight});
  SamplewiseValues r = reduce_to_samplewise_values(values, sample_weight, false, dtype());
  std::vector<Tensor> handles;
  accumulate(total_, ops::sum(r.values), symbolic, handles);
  return handles;
}

std::vector<Tensor> SumImpl::update_state(const Tensor& values, const Tensor& sample_weight,
                                          const Tensor& extra) {
  if (extra.defined()) third_argument(class_name());
  return update_state(values, sample_weight);
}

Tensor SumImpl::compute_result(const std::vector<Tensor>& values) const {
  return values[0];
}

std::shared_ptr<SumImpl> SumImpl::from_config(const Json& config) {
  return from_config_with<SumImpl>(no_arguments, config, "Sum");
}

// ----- Mean -----------------------------------------------------------------------------------

MeanImpl::MeanImpl(const MetricOptions& options) : MeanImpl("Mean", "mean", options) {}

MeanImpl::MeanImpl(std::string class_name, std::string default_name, const MetricOptions& options)
    : Metric(std::move(class_name), std::move(default_name), options) {
  total_ = add_variable(Shape{}, "total");
  count_ = add_variable(Shape{}, "count");
}

std::vector<Tensor> MeanImpl::update_state(const Tensor& values, const Tensor& sample_weight) {
  bool symbolic = any_symbolic({values, sample_weight});
  SamplewiseValues r = reduce_to_samplewise_values(values, sample_weight, true, dtype());
  std::vector<Tensor> handles;
  accumulate(total_, ops::sum(r.values), symbolic, handles);
  Tensor num_samples;
  if (r.sample_weight.defined())
    num_samples = ops::sum(r.sample_weight);
  else if (r.values.rank() >= 1)  // the size of the first axis, known or not
    num_samples = ops::sum(ops::ones_like(r.values, dtype()));
  else
    num_samples = Tensor::scalar(1.0);
  accumulate(count_, num_samples, symbolic, handles);
  return handles;
}

std::vector<Tensor> MeanImpl::update_state(const Tensor& values, const Tensor& sample_weight,
                                           const Tensor& extra) {
  if (extra.defined()) third_argument(class_name());
  return update_state(values, sample_weight);
}

Tensor MeanImpl::compute_result(const std::vector<Tensor>& values) const {
  return metrics_utils::divide_no_nan(values[0], values[1]);
}

std::shared_ptr<MeanImpl> MeanImpl::from_config(const Json& config) {
  return from_config_with<MeanImpl>(no_arguments, config, "Mean");
}

// ----- MeanMetricWrapper ------------------------------------------------------------------------

namespace {

// The "fn" of a config: written as Keras serializes a metric function, read from that or a name.
struct FunctionForm {
  static Json write(const std::string& fn_name) {
    return {{"module", "keras.metrics"},
            {"class_name", "function"},
            {"config", fn_name},
            {"registered_name", fn_name}};
  }
  static void read(const Json& value, std::string& out, const args::Site& site) {
    if (value.is_string())
      out = value.get<std::string>();
    else if (value.is_object() && value.contains("config") && value.at("config").is_string())
      out = value.at("config").get<std::string>();
    else
      site.wrong_type("the name of a metric function", value);
  }
};

}  // namespace

MeanMetricWrapperImpl::MeanMetricWrapperImpl(MetricFunction fn, const MetricOptions& options,
                                             std::string fn_name)
    : MeanImpl("MeanMetricWrapper", "", options), fn_(std::move(fn)), fn_name_(std::move(fn_name)) {
  if (!fn_) throw ValueError("MeanMetricWrapper: `fn` must be a function");
}

MeanMetricWrapperImpl::MeanMetricWrapperImpl(std::string class_name, std::string default_name,
                                             MetricFunction fn, const MetricOptions& options)
    : MeanImpl(std::move(class_name), std::move(default_name), options), fn_(std::move(fn)) {}

std::vector<Tensor> MeanMetricWrapperImpl::update_state(const Tensor& y_true, const Tensor& y_pred,
                                                        const Tensor& sample_weight) {
  if (!y_true.defined() || !y_pred.defined())
    throw ValueError(str(class_name(), ".update_state needs y_true and y_pred"));
  Tensor mask = y_pred.keras_mask();
  Tensor values = fn_(y_true, y_pred);
  Tensor weight = metrics_utils::apply_mask(sample_weight, mask, dtype());
  return MeanImpl::update_state(values, weight);
}

Json MeanMetricWrapperImpl::get_config() const {
  if (fn_name_.empty())
    throw NotImplementedError(
        str("MeanMetricWrapper '", name(),
            "' wraps a function that has no name: it cannot be serialized. Give the name of a "
            "built-in metric function, or write a Metric subclass with get_config()"));
  Json config = Metric::get_config();
  config["fn"] = FunctionForm::write(fn_name_);
  return config;
}

std::shared_ptr<MeanMetricWrapperImpl> MeanMetricWrapperImpl::from_config(const Json& config) {
  if (!config.is_object() || !config.contains("fn"))
    throw TypeError("MeanMetricWrapper.__init__() missing 1 required positional argument: 'fn'");
  MetricOptions options;
  std::string fn;
  read_config(options, config, {args::Arg::as<FunctionForm>("fn", fn)}, "MeanMetricWrapper");
  return std::make_shared<MeanMetricWrapperImpl>(metric_function(fn), options, fn);
}

}  // namespace keras::metrics
