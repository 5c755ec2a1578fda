#include "keras/metrics/metrics.h"

#include <map>

#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/utils/naming.h"

namespace keras::metrics {

namespace {

[[noreturn]] void cannot_interpret(const std::string& identifier) {
  throw ValueError(str("Could not interpret metric identifier: ", identifier));
}

[[noreturn]] void cannot_locate(const std::string& name, const Json& config) {
  throw TypeError(str("Could not locate class '", name,
                      "'. Make sure custom classes and functions are decorated with "
                      "`@keras.saving.register_keras_serializable()`. If they are already "
                      "decorated, make sure they are all imported so that the decorator is run "
                      "before trying to load them. Full object config: ",
                      config.dump()));
}

const std::map<std::string, MetricFunction>& functions() {
  static const auto* table = new std::map<std::string, MetricFunction>{
      {"accuracy", [](const Tensor& t, const Tensor& p) { return accuracy(t, p); }},
      {"binary_accuracy", [](const Tensor& t, const Tensor& p) { return binary_accuracy(t, p); }},
      {"categorical_accuracy",
       [](const Tensor& t, const Tensor& p) { return categorical_accuracy(t, p); }},
      {"sparse_categorical_accuracy",
       [](const Tensor& t, const Tensor& p) { return sparse_categorical_accuracy(t, p); }},
      {"top_k_categorical_accuracy",
       [](const Tensor& t, const Tensor& p) { return top_k_categorical_accuracy(t, p); }},
      {"sparse_top_k_categorical_accuracy",
       [](const Tensor& t, const Tensor& p) { return sparse_top_k_categorical_accuracy(t, p); }},
      {"mean_squared_error",
       [](const Tensor& t, const Tensor& p) { return mean_squared_error(t, p); }},
      {"mean_absolute_error",
       [](const Tensor& t, const Tensor& p) { return mean_absolute_error(t, p); }},
      {"binary_crossentropy",
       [](const Tensor& t, const Tensor& p) { return binary_crossentropy(t, p); }},
      {"categorical_crossentropy",
       [](const Tensor& t, const Tensor& p) { return categorical_crossentropy(t, p); }},
      {"sparse_categorical_crossentropy",
       [](const Tensor& t, const Tensor& p) { return sparse_categorical_crossentropy(t, p); }},
  };
  return *table;
}

MetricPtr build(const std::string& name, const Json& config, const Json& full_config,
                bool from_name) {
  MetricPtr out = registry().create(name, config, "metric");
  if (out) return out;
  if (from_name) cannot_interpret(name);
  cannot_locate(name, full_config);
}

}  // namespace

MetricFunction metric_function(const std::string& name) {
  auto it = functions().find(name);
  if (it == functions().end()) {
    std::string known;
    for (const auto& item : functions()) known += (known.empty() ? "" : ", ") + item.first;
    throw ValueError(str("Unknown metric function: '", name, "'. Known functions: ", known));
  }
  return it->second;
}

std::vector<std::string> metric_function_names() {
  std::vector<std::string> names;
  for (const auto& item : functions()) names.push_back(item.first);
  return names;
}

MetricPtr get(const MetricArg& identifier) {
  if (identifier.object()) return identifier.object();
  if (identifier.name()) return build(*identifier.name(), Json::object(), nullptr, true);
  return nullptr;
}

MetricPtr get(const std::string& identifier) {
  return build(identifier, Json::object(), nullptr, true);
}

MetricPtr get(const char* identifier) {
  return get(std::string(identifier));
}

MetricPtr get(const Json& identifier) {
  if (identifier.is_null()) return nullptr;
  return deserialize(identifier);
}

Json serialize(const Metric& metric) {
  return {{"module", "keras.metrics"},
          {"class_name", metric.class_name()},
          {"config", metric.get_config()},
          {"registered_name", nullptr}};
}

MetricPtr deserialize(const Json& config) {
  if (config.is_string()) return build(config.get<std::string>(), Json::object(), config, true);
  if (!config.is_object() || !config.contains("class_name") || !config.at("class_name").is_string())
    cannot_interpret(config.dump());
  return build(config.at("class_name").get<std::string>(),
               config.contains("config") ? config.at("config") : Json::object(), config, false);
}

ClassRegistry<Metric>& registry() {
  // keras/src/metrics/__init__.py: every class by its name and its snake_case name, then the
  // short aliases.
  static auto* r = [] {
    auto* t = new ClassRegistry<Metric>;
    auto add = [&](const char* class_name, auto make) {
      ClassRegistry<Metric>::Factory factory = [make](const Json& c) -> MetricPtr {
        return make(c);
      };
      t->add(class_name, factory);
      t->add(utils::to_snake_case(class_name), factory);
    };
    add("Mean", MeanImpl::from_config);
    add("Sum", SumImpl::from_config);
    add("MeanMetricWrapper", MeanMetricWrapperImpl::from_config);
    add("MeanSquaredError", MeanSquaredErrorImpl::from_config);
    add("RootMeanSquaredError", RootMeanSquaredErrorImpl::from_config);
    add("MeanAbsoluteError", MeanAbsoluteErrorImpl::from_config);
    add("AUC", AUCImpl::from_config);
    add("FalseNegatives", FalseNegativesImpl::from_config);
    add("FalsePositives", FalsePositivesImpl::from_config);
    add("Precision", PrecisionImpl::from_config);
    add("Recall", RecallImpl::from_config);
    add("TrueNegatives", TrueNegativesImpl::from_config);
    add("TruePositives", TruePositivesImpl::from_config);
    add("BinaryCrossentropy", BinaryCrossentropyImpl::from_config);
    add("CategoricalCrossentropy", CategoricalCrossentropyImpl::from_config);
    add("SparseCategoricalCrossentropy", SparseCategoricalCrossentropyImpl::from_config);
    add("Accuracy", AccuracyImpl::from_config);
    add("BinaryAccuracy", BinaryAccuracyImpl::from_config);
    add("CategoricalAccuracy", CategoricalAccuracyImpl::from_config);
    add("SparseCategoricalAccuracy", SparseCategoricalAccuracyImpl::from_config);
    add("TopKCategoricalAccuracy", TopKCategoricalAccuracyImpl::from_config);
    add("SparseTopKCategoricalAccuracy", SparseTopKCategoricalAccuracyImpl::from_config);
    for (const char* alias : {"bce", "BCE"})
      t->add(alias,
             [](const Json& c) -> MetricPtr { return BinaryCrossentropyImpl::from_config(c); });
    for (const char* alias : {"mse", "MSE"})
      t->add(alias,
             [](const Json& c) -> MetricPtr { return MeanSquaredErrorImpl::from_config(c); });
    for (const char* alias : {"mae", "MAE"})
      t->add(alias,
             [](const Json& c) -> MetricPtr { return MeanAbsoluteErrorImpl::from_config(c); });
    return t;
  }();
  return *r;
}

}  // namespace keras::metrics
