#include "keras/models/compile_utils.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "keras/config/config.h"
#include "keras/losses/losses.h"
#include "keras/metrics/metrics.h"
#include "keras/ops/math.h"
#include "keras/ops/shape.h"

namespace keras::models {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return "[" + out + "]";
}

// Keras's get_loss: "crossentropy" / "ce" choose by shapes; other names and objects as given.
losses::LossPtr resolve_loss(const losses::LossArg& identifier, const Shape& y_true,
                             const Shape& y_pred) {
  if (identifier.name()) {
    std::string name = lower(*identifier.name());
    if (name == "crossentropy" || name == "ce") {
      TargetKind kind = target_kind(y_true, y_pred);
      const char* which = kind.binary               ? "binary_crossentropy"
                          : kind.sparse_categorical ? "sparse_categorical_crossentropy"
                                                    : "categorical_crossentropy";
      return losses::get(losses::LossArg(which));
    }
  }
  return losses::get(identifier);
}

// Keras's get_metric: "accuracy" / "acc" choose by shapes; the log name is the string given.
metrics::MetricPtr resolve_metric(const metrics::MetricArg& identifier, const Shape& y_true,
                                  const Shape& y_pred) {
  if (identifier.is_none()) throw ValueError("Expected metric, received `None`");
  metrics::MetricPtr metric;
  if (identifier.name()) {
    std::string name = lower(*identifier.name());
    if (name == "accuracy" || name == "acc" || name == "crossentropy" || name == "ce") {
      TargetKind kind = target_kind(y_true, y_pred);
      bool accuracy = name == "accuracy" || name == "acc";
      const char* which =
          kind.binary ? (accuracy ? "binary_accuracy" : "binary_crossentropy")
          : kind.sparse_categorical
              ? (accuracy ? "sparse_categorical_accuracy" : "sparse_categorical_crossentropy")
              : (accuracy ? "categorical_accuracy" : "categorical_crossentropy");
      metric = metrics::get(metrics::MetricArg(which));
    } else {
      metric = metrics::get(identifier);
    }
    metric->set_name(*identifier.name());
    return metric;
  }
  return metrics::get(identifier);
}

template <class T>
std::vector<T> per_output(const std::vector<T>& list, const std::map<std::string, T>& dict,
                          const std::optional<T>& one, size_t outputs,
                          const std::vector<std::string>& names, const char* argument) {
  std::vector<T> out;
  if (one) {
    out.assign(outputs, *one);
  } else if (!list.empty()) {
    if (list.size() != outputs)
      throw ValueError(str("`", argument, "` has ", list.size(), " entries, but the model has ",
                           outputs, " outputs ", list_names(names)));
    out = list;
  } else if (!dict.empty()) {
    for (const auto& [key, value] : dict)
      if (std::find(names.begin(), names.end(), key) == names.end()) {
        std::vector<std::string> keys;
        for (const auto& item : dict) keys.push_back(item.first);
        throw ValueError(str("Expected keys ", list_names(names), " in ", argument,
                             " dict, but found ", argument, ".keys()=", list_names(keys)));
      }
    for (const std::string& name : names) {
      auto it = dict.find(name);
      out.push_back(it == dict.end() ? T() : it->second);
    }
  }
  return out;
}

}  // namespace

TargetKind target_kind(const Shape& y_true, const Shape& y_pred) {
  TargetKind kind;
  int64_t true_last = y_true.rank() ? y_true.dim(-1) : 1;
  int64_t pred_last = y_pred.rank() ? y_pred.dim(-1) : 1;
  kind.binary = pred_last == 1;
  kind.sparse_categorical = y_true.rank() < y_pred.rank() || (true_last == 1 && pred_last > 1);
  return kind;
}

// --- CompiledLoss ------------------------------------------------------------------------------

CompiledLoss::CompiledLoss(LossSpec spec, LossWeights weights)
    : spec_(std::move(spec)), weights_(std::move(weights)) {}

void CompiledLoss::build(const std::vector<Shape>& y_true, const std::vector<Shape>& y_pred,
                         const std::vector<std::string>& output_names) {
  size_t n = y_pred.size();
  std::vector<losses::LossArg> per =
      per_output(spec_.list(), spec_.dict(), spec_.one(), n, output_names, "loss");
  std::vector<std::optional<double>> weights(n);
  if (weights_.one) {
    for (auto& w : weights) w = weights_.one;
  } else if (!weights_.list.empty()) {
    if (weights_.list.size() != n)
      throw ValueError(str("`loss_weights` must match the number of losses, got ", n,
                           " losses and ", weights_.list.size(), " weights."));
    for (size_t i = 0; i < n; ++i) weights[i] = weights_.list[i];
  } else if (!weights_.dict.empty()) {
    for (size_t i = 0; i < n; ++i) {
      auto it = weights_.dict.find(output_names[i]);
      if (it != weights_.dict.end()) weights[i] = it->second;
    }
  }
  losses_.clear();
  for (size_t i = 0; i < n && i < per.size(); ++i) {
    if (per[i].is_none()) continue;  // no loss for this output
    if (i >= y_true.size())
      throw ValueError(str("The model has ", n, " outputs with losses but ", y_true.size(),
                           " targets were given"));
    losses_.push_back({i, resolve_loss(per[i], y_true[i], y_pred[i]), weights[i]});
  }
  trackers_.clear();
  if (losses_.size() > 1)
    for (const OutputLoss& l : losses_) {
      trackers_.push_back(metrics::Mean({.name = output_names[l.output] + "_loss"}));
    }
  built_ = true;
}

Tensor CompiledLoss::compute(const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred,
                             const std::vector<Tensor>& sample_weight) const {
  Tensor total;
  for (size_t k = 0; k < losses_.size(); ++k) {
    const OutputLoss& l = losses_[k];
    Tensor weight = l.output < sample_weight.size() ? sample_weight[l.output]
                    : sample_weight.size() == 1     ? sample_weight[0]
                                                    : Tensor();
    Tensor value = ops::cast((*l.loss)(y_true.at(l.output), y_pred.at(l.output), weight),
                             config::floatx_dtype());
    if (k < trackers_.size()) {
      Tensor batch = ops::dim_size(y_pred.at(l.output), 0, value.dtype());
      trackers_[k]->update_state(value, batch);
    }
    if (l.weight) value = ops::multiply(value, *l.weight);
    total = total.defined() ? ops::add(total, value) : value;
  }
  return total;
}

// --- CompileMetrics ----------------------------------------------------------------------------

CompileMetrics::CompileMetrics(MetricSpec metrics, MetricSpec weighted_metrics,
                               OutputNames output_names)
    : Metric("CompileMetrics", "compile_metrics", {}),
      metrics_(std::move(metrics)),
      weighted_metrics_(std::move(weighted_metrics)),
      output_names_(std::move(output_names)) {}

std::vector<CompileMetrics::OutputMetric> CompileMetrics::resolve(
    const MetricSpec& spec, bool weighted, const std::vector<Shape>& y_true,
    const std::vector<Shape>& y_pred, const std::vector<std::string>& output_names) const {
  size_t n = y_pred.size();
  std::vector<std::vector<metrics::MetricArg>> per(n);
  const char* argument = weighted ? "weighted_metrics" : "metrics";
  if (!spec.one().empty()) {
    if (n == 1)
      per[0] = spec.one();
    else if (spec.one().size() == n)  // one metric per output, in order (Keras's flat list)
      for (size_t i = 0; i < n; ++i) per[i] = {spec.one()[i]};
    else
      throw ValueError(str("Invalid `", argument, "`. `", argument,
                           "` should contain metrics objects and either be a dict or a list "
                           "matching the output names of the functional model ",
                           list_names(output_names),
                           " or match the output structure of the "
                           "model; got a list of ",
                           spec.one().size(), " for ", n, " outputs"));
  } else if (!spec.list().empty() || !spec.dict().empty()) {
    per = per_output(spec.list(), spec.dict(), std::optional<std::vector<metrics::MetricArg>>(), n,
                     output_names, argument);
  }
  std::vector<OutputMetric> out;
  for (size_t i = 0; i < n; ++i)
    for (const metrics::MetricArg& m : per[i]) {
      if (i >= y_true.size())
        throw ValueError(str("The model has ", n, " outputs with metrics but ", y_true.size(),
                             " targets were given"));
      out.push_back({i, resolve_metric(m, y_true[i], y_pred[i]), weighted});
    }
  return out;
}

void CompileMetrics::build(const std::vector<Shape>& y_true, const std::vector<Shape>& y_pred,
                           const std::vector<std::string>& output_names) {
  all_ = resolve(metrics_, false, y_true, y_pred, output_names);
  std::vector<OutputMetric> weighted =
      resolve(weighted_metrics_, true, y_true, y_pred, output_names);
  all_.insert(all_.end(), weighted.begin(), weighted.end());
  // Log names (Keras's CompileMetrics.result): the output's name in front for multi-output
  // models; a repeated name gets _1, _2; a weighted metric whose name is taken gets weighted_.
  bool prefix = y_pred.size() > 1;
  std::map<std::string, int> counters;
  named_.clear();
  for (const OutputMetric& m : all_) {
    std::string base = m.metric->name();
    std::string name = prefix ? output_names[m.output] + "_" + base : base;
    if (!counters.count(name)) {
      counters[name] = 1;
    } else if (!m.weighted) {
      name = str(name, "_", counters[name]++);
    } else {
      name = prefix ? output_names[m.output] + "_weighted_" + base : "weighted_" + base;
      if (!counters.count(name))
        counters[name] = 1;
      else
        name = str(name, "_", counters[name]++);
    }
    named_.emplace_back(name, m.metric);
  }
  built_ = true;
}

std::vector<Tensor> CompileMetrics::update_state(const Tensor& y_true, const Tensor& y_pred,
                                                 const Tensor& sample_weight) {
  if (!y_true.defined() || !y_pred.defined())
    throw ValueError(
        "compile_metrics.update_state needs targets and predictions: update_state(y, y_pred) "
        "or update_state(y, y_pred, sample_weight)");
  return update_state(std::vector<Tensor>{y_true}, std::vector<Tensor>{y_pred},
                      std::vector<Tensor>{sample_weight});
}

std::vector<Tensor> CompileMetrics::update_state(const std::vector<Tensor>& y_true,
                                                 const std::vector<Tensor>& y_pred,
                                                 const std::vector<Tensor>& sample_weight) {
  if (!built_) {
    std::vector<Shape> true_shapes, pred_shapes;
    for (const Tensor& t : y_true) true_shapes.push_back(t.shape());
    for (const Tensor& t : y_pred) pred_shapes.push_back(t.shape());
    build(true_shapes, pred_shapes, output_names_(y_pred.size()));
  }
  std::vector<Tensor> handles;
  for (const OutputMetric& m : all_) {
    Tensor weight;
    if (m.weighted)
      weight = m.output < sample_weight.size() ? sample_weight[m.output]
               : sample_weight.empty()         ? Tensor()
                                               : sample_weight[0];
    for (Tensor& h : m.metric->update_state(y_true.at(m.output), y_pred.at(m.output), weight))
      handles.push_back(h);
  }
  return handles;
}

void CompileMetrics::reset_state() {
  for (const OutputMetric& m : all_) m.metric->reset_state();
}

Tensor CompileMetrics::compute_result(const std::vector<Tensor>&) const {
  std::string names;
  for (const auto& [n, m] : named_) names += (names.empty() ? "'" : ", '") + n + "'";
  throw ValueError(str("Metric 'compile_metrics' holds the compiled metrics [", names,
                       "]: its result is one value per metric (Keras's dict). Read them with "
                       "model.get_metrics_result()"));
}

}  // namespace keras::models
