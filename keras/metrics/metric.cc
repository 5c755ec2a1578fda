#include "keras/metrics/metric.h"

#include <set>

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/trace_scope.h"
#include "keras/initializers/initializers.h"
#include "keras/metrics/detail/metric_args.h"
#include "keras/ops/math.h"
#include "keras/ops/op_def.h"
#include "keras/ops/updates.h"
#include "keras/utils/naming.h"

namespace keras::metrics {

Metric::Metric(std::string class_name, std::string default_name, const MetricOptions& options)
    : class_name_(std::move(class_name)),
      name_(!options.name.empty()  ? options.name
            : default_name.empty() ? utils::auto_name(class_name_)
                                   : std::move(default_name)),
      dtype_(options.dtype.value_or(config::floatx_dtype())) {
  // The classes for which Keras sets _direction (accuracy_metrics.py, confusion_metrics.py,
  // probabilistic_metrics.py, regression_metrics.py).
  static const std::set<std::string> up = {"Accuracy",
                                           "BinaryAccuracy",
                                           "CategoricalAccuracy",
                                           "SparseCategoricalAccuracy",
                                           "TopKCategoricalAccuracy",
                                           "SparseTopKCategoricalAccuracy",
                                           "Precision",
                                           "Recall",
                                           "AUC"};
  static const std::set<std::string> down = {"BinaryCrossentropy",
                                             "CategoricalCrossentropy",
                                             "SparseCategoricalCrossentropy",
                                             "MeanSquaredError",
                                             "MeanAbsoluteError",
                                             "RootMeanSquaredError",
                                             "KLDivergence",
                                             "Poisson",
                                             "MeanAbsolutePercentageError",
                                             "MeanSquaredLogarithmicError",
                                             "LogCoshError"};
  if (up.count(class_name_)) direction_ = 1;
  if (down.count(class_name_)) direction_ = -1;
}

Variable Metric::add_variable(const Shape& shape, const std::string& name,
                              const std::string& initializer, std::optional<DType> dtype) {
  std::shared_ptr<initializers::Initializer> init = initializers::get(initializer);
  if (!init)
    throw ValueError(str(class_name_, ".add_variable: no initializer for variable '", name, "'"));
  // Not Keras's rule: Keras keeps a metric's state in its dtype, so under floatx bfloat16 a
  // Mean's count stops growing at 256 and mnist_mlp's accuracy reads 1.0 (measured, Keras 3.15 on
  // JAX). Half-precision state is kept in float32 instead; results are what Keras's would be
  // with exact sums.
  DType state = dtype.value_or(dtype_);
  if (state == DType::float16 || state == DType::bfloat16) state = DType::float32;
  Tensor initial = (*init)(shape, state);
  Variable variable(initial, name, /*trainable=*/false);
  variables_.push_back(variable);
  initial_values_.push_back(initial.copy());
  return variable;
}

bool Metric::any_symbolic(std::initializer_list<Tensor> tensors) {
  for (const Tensor& t : tensors)
    if (t.defined() && t.is_symbolic()) return true;
  return false;
}

void Metric::accumulate(const Variable& variable, const Tensor& value,
                        std::vector<Tensor>& handles) {
  accumulate(variable, value, value.is_symbolic(), handles);
}

void Metric::accumulate(const Variable& variable, const Tensor& value, bool symbolic,
                        std::vector<Tensor>& handles) {
  KERAS_ASSERT(variable.defined() && value.defined(), "accumulate needs a variable and a value");
  Tensor v = ops::cast(value, variable.dtype());
  if (symbolic) v = graph::as_symbolic(v);
  Tensor handle = ops::assign_add(variable.value(), v);
  if (handle.defined()) handles.push_back(handle);
}

Tensor Metric::result() const {
  if (graph::TraceScope::active()) return result_graph();
  std::vector<Tensor> values;
  for (const Variable& v : variables_) values.push_back(v.value());
  Tensor out = compute_result(values);
  KERAS_ASSERT(out.is_concrete(), class_name_, ": compute_result on concrete values");
  // A result that is a variable's own storage (Sum's total) would change with the next update.
  for (const Variable& v : variables_)
    if (out.buffer() == v.value().buffer()) return out.copy();
  return out;
}

Tensor Metric::result_graph() const {
  std::vector<Tensor> values;
  for (const Variable& v : variables_) values.push_back(graph::variable_read(v.state_ptr()));
  Tensor out = compute_result(values);
  // A bare variable read is fetched when the run ends, after the updates, while computed results
  // are fetched as they are computed, before them: copy it so every metric reads alike.
  if (out.is_symbolic() && out.node()->op && out.node()->op->name == "variable")
    out = ops::stop_gradient(out);
  return out;
}

void Metric::reset_state() {
  for (size_t i = 0; i < variables_.size(); ++i) variables_[i].assign(initial_values_[i]);
}

args::ArgList Metric::no_arguments(MetricOptions&) {
  return {};
}

Json Metric::get_config() const {
  MetricOptions written{.name = name_, .dtype = dtype_};
  Json config = Json::object();
  args::write(base_args(written), config);
  return config;
}

MetricOptions options_from_config(const Json& config, const std::string& who) {
  MetricOptions options;
  args::read(base_args(options), config, who);
  return options;
}

}  // namespace keras::metrics
