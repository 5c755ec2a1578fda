// Model.compile_from_config: CompileOptions from a compile_config (the inverse of
// get_compile_config in trainer.cc).
#include "keras/core/error.h"
#include "keras/losses/losses.h"
#include "keras/metrics/metrics.h"
#include "keras/models/model.h"
#include "keras/optimizers/optimizers.h"

namespace keras::models {

namespace {

losses::LossArg loss_arg(const Json& j) {
  if (j.is_string()) return losses::LossArg(j.get<std::string>());
  if (j.is_object()) return losses::LossArg(losses::deserialize(j));
  throw ValueError(
      str("compile_config: a loss must be a name or a serialized loss; received ", j.dump()));
}

metrics::MetricArg metric_arg(const Json& j) {
  if (j.is_string()) return metrics::MetricArg(j.get<std::string>());
  if (j.is_object()) return metrics::MetricArg(metrics::deserialize(j));
  throw ValueError(
      str("compile_config: a metric must be a name or a serialized metric; received ", j.dump()));
}

std::vector<metrics::MetricArg> metric_list(const Json& j) {
  std::vector<metrics::MetricArg> out;
  for (const Json& m : j) out.push_back(metric_arg(m));
  return out;
}

// A list of metrics, a list of per-output lists, or a dict by output name.
MetricSpec metric_spec(const Json& j, const char* key) {
  if (j.is_null()) return {};
  if (j.is_object() && !j.contains("class_name")) {
    std::map<std::string, std::vector<metrics::MetricArg>> by_name;
    for (const auto& [name, list] : j.items())
      by_name[name] = list.is_array() ? metric_list(list) : std::vector{metric_arg(list)};
    return MetricSpec::by_name(std::move(by_name));
  }
  if (!j.is_array())
    throw ValueError(
        str("compile_config: `", key, "` must be a list or a dict; received ", j.dump()));
  bool nested = !j.empty() && std::all_of(j.begin(), j.end(), [](const Json& e) {
    return e.is_array() || e.is_null();
  });
  if (!nested) return MetricSpec(metric_list(j));
  std::vector<std::vector<metrics::MetricArg>> per_output;
  for (const Json& list : j)
    per_output.push_back(list.is_null() ? std::vector<metrics::MetricArg>{} : metric_list(list));
  return MetricSpec::per_output(std::move(per_output));
}

LossSpec loss_spec(const Json& j) {
  if (j.is_null()) return {};
  if (j.is_string() || (j.is_object() && j.contains("class_name"))) {
    losses::LossArg one = loss_arg(j);
    if (one.name()) return LossSpec(*one.name());
    return LossSpec(one.object());
  }
  if (j.is_array()) {
    std::vector<losses::LossArg> list;
    for (const Json& l : j) list.push_back(loss_arg(l));
    return LossSpec::per_output(std::move(list));
  }
  if (j.is_object()) {
    std::map<std::string, losses::LossArg> dict;
    for (const auto& [name, l] : j.items()) dict.emplace(name, loss_arg(l));
    return LossSpec::by_name(std::move(dict));
  }
  throw ValueError(
      str("compile_config: `loss` must be a name, a loss, a list or a dict; received ", j.dump()));
}

LossWeights loss_weights(const Json& j) {
  LossWeights w;
  if (j.is_number()) w.one = j.get<double>();
  if (j.is_array())
    for (const Json& v : j) w.list.push_back(v.get<double>());
  if (j.is_object())
    for (const auto& [name, v] : j.items()) w.dict[name] = v.get<double>();
  return w;
}

}  // namespace

void ModelImpl::compile_from_config(const Json& config) {
  if (!config.is_object())
    throw ValueError(str("compile_from_config expects a dict; received ", config.dump()));
  CompileOptions options;
  if (config.contains("optimizer") && !config["optimizer"].is_null()) {
    const Json& o = config["optimizer"];
    options.optimizer =
        o.is_string() ? optimizers::get(o.get<std::string>()) : optimizers::deserialize(o);
  }
  options.loss = loss_spec(config.value("loss", Json()));
  options.loss_weights = loss_weights(config.value("loss_weights", Json()));
  options.metrics = metric_spec(config.value("metrics", Json()), "metrics");
  options.weighted_metrics =
      metric_spec(config.value("weighted_metrics", Json()), "weighted_metrics");
  options.run_eagerly = config.value("run_eagerly", false);
  options.steps_per_execution = config.value("steps_per_execution", int64_t{1});
  compile(options);
}

}  // namespace keras::models
