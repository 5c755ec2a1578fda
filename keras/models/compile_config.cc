// Model.get_compile_config and compile_from_config (keras/src/trainers/trainer.py): what
// compile() was given, as Keras writes it into a model's config.json ("compile_config") and reads
// it back. Losses and metrics given by name stay names; objects are serialized. An uncompiled
// model has none (null here; Keras 3.10+ writes {} and reads both as "not compiled").
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/losses/losses.h"
#include "keras/metrics/metrics.h"
#include "keras/models/training_state.h"
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
  // tf-keras's .keras files write null for what compile() was not given; Keras's compile()
  // treats those as its defaults.
  auto or_default = [&config](const char* key, auto fallback) {
    return config.contains(key) && !config[key].is_null() ? config[key].get<decltype(fallback)>()
                                                          : fallback;
  };
  options.run_eagerly = or_default("run_eagerly", false);
  options.steps_per_execution = or_default("steps_per_execution", int64_t{1});
  compile(options);
}

Json ModelImpl::get_compile_config() const {
  if (!training_) return Json::object();  // Keras 3.15: {} before compile()
  const CompileOptions& o = training_->options;
  auto name_or_config = [](const auto& arg, auto serialize) -> Json {
    if (arg.name()) return *arg.name();
    if (arg.object()) return serialize(*arg.object());
    return nullptr;
  };
  auto loss_json = [&]() -> Json {
    auto one = [&](const losses::LossArg& a) {
      return name_or_config(a, [](const losses::Loss& l) { return losses::serialize(l); });
    };
    const LossSpec& s = o.loss;
    if (s.one()) return one(*s.one());
    if (!s.list().empty()) {
      Json out = Json::array();
      for (const auto& a : s.list()) out.push_back(one(a));
      return out;
    }
    if (!s.dict().empty()) {
      Json out = Json::object();
      for (const auto& [k, a] : s.dict()) out[k] = one(a);
      return out;
    }
    return nullptr;
  };
  auto metrics_json = [&](const MetricSpec& s) -> Json {
    auto list = [&](const std::vector<metrics::MetricArg>& l) {
      Json out = Json::array();
      for (const auto& a : l)
        out.push_back(
            name_or_config(a, [](const metrics::Metric& m) { return metrics::serialize(m); }));
      return out;
    };
    if (!s.one().empty()) return list(s.one());
    if (!s.list().empty()) {
      Json out = Json::array();
      for (const auto& l : s.list()) out.push_back(list(l));
      return out;
    }
    if (!s.dict().empty()) {
      Json out = Json::object();
      for (const auto& [k, l] : s.dict()) out[k] = list(l);
      return out;
    }
    return nullptr;
  };
  Json weights = nullptr;
  if (o.loss_weights.one) weights = *o.loss_weights.one;
  if (!o.loss_weights.list.empty()) weights = o.loss_weights.list;
  if (!o.loss_weights.dict.empty()) weights = o.loss_weights.dict;
  const optimizers::OptimizerPtr& given =
      training_->given_optimizer ? training_->given_optimizer : training_->optimizer;
  return {{"optimizer", optimizers::serialize(*given)},
          {"loss", loss_json()},
          {"loss_weights", weights},
          {"metrics", metrics_json(o.metrics)},
          {"weighted_metrics", metrics_json(o.weighted_metrics)},
          {"run_eagerly", o.run_eagerly},
          {"steps_per_execution", o.steps_per_execution},
          {"jit_compile", false}};
}

}  // namespace keras::models
