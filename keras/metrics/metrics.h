// keras.metrics: every built-in metric, and Keras 3's get / serialize / deserialize
// (keras/src/metrics/__init__.py).
//
// Names resolve as in Keras 3's ALL_OBJECTS_DICT: the class name ("CategoricalAccuracy"), its
// snake_case form ("categorical_accuracy", "auc", "precision") and the aliases "bce"/"BCE",
// "mse"/"MSE", "mae"/"MAE". A name makes a new metric with its default arguments, named as the
// class names it by default ("mse" gives a MeanSquaredError named "mean_squared_error"; the
// trainer renames it after the string, as Keras's compile does). "accuracy" is the Accuracy
// class here; compile's "accuracy"/"acc" shortcut (binary, categorical or sparse from the
// shapes) is the trainer's business.
//
//   metrics::MetricPtr m = metrics::get("categorical_accuracy");
//   metrics::MetricPtr same = metrics::deserialize(metrics::serialize(*m));
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "keras/core/class_registry.h"
#include "keras/core/json_fwd.h"
#include "keras/metrics/accuracy_metrics.h"
#include "keras/metrics/confusion_metrics.h"
#include "keras/metrics/metric.h"
#include "keras/metrics/probabilistic_metrics.h"
#include "keras/metrics/reduction_metrics.h"
#include "keras/metrics/regression_metrics.h"

namespace keras::metrics {

// A metric from a name (made with default arguments) or an object, or nullptr for nothing.
// Unknown names throw ValueError "Could not interpret metric identifier: <name>".
MetricPtr get(const MetricArg& identifier);
MetricPtr get(const std::string& identifier);
MetricPtr get(const char* identifier);
// From a config: a name (as above) or {"class_name": ..., "config": {...}} as serialize() writes
// it ("module" and "registered_name" are accepted and ignored); null gives nullptr. An unknown
// class throws TypeError "Could not locate class '<name>'. ..." as Keras's deserialization does.
MetricPtr get(const Json& identifier);
// {"module": "keras.metrics", "class_name": ..., "config": get_config(), "registered_name": null}.
Json serialize(const Metric& metric);
// The inverse of serialize (also takes a plain name).
MetricPtr deserialize(const Json& config);

// Metric classes by name, rebuilt from their configs (Keras's register_keras_serializable for
// custom classes; a name may shadow a built-in).
ClassRegistry<Metric>& registry();

// The per-sample metric functions keras.metrics exports, by name, with default arguments:
// accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
// top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, mean_squared_error,
// mean_absolute_error, binary_crossentropy, categorical_crossentropy,
// sparse_categorical_crossentropy. ValueError for other names.
MetricFunction metric_function(const std::string& name);
std::vector<std::string> metric_function_names();

}  // namespace keras::metrics
