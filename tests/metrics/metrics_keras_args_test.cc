// Every metric class's config made from Keras's own arguments against what Keras 3 writes
// (tests/golden/data/keras3_args.json, made by tests/golden/keras3/make_keras_args.py with Keras
// 3.15): from_config() of the "args" Keras was given (nothing else), then get_config(), has
// Keras's keys in Keras's order and Keras's default values. Floats agree to 1e-6 relative;
// integers, booleans, strings and nulls exactly, and a number is an integer where Keras wrote one
// (a metric's label_smoothing is Keras's int 0).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "keras/core/json.h"
#include "keras/metrics/metrics.h"
#include "keras/utils/naming.h"
#include "tests/support/keras3_args.h"

namespace keras {
namespace {

TEST(MetricsKerasArgs, EveryClassWritesKerasDefaults) {
  const Json& classes = testing::keras3_classes("metrics");
  ASSERT_EQ(classes.size(), 22u);  // every class metrics::registry() has built in
  for (const auto& [name, entry] : classes.items()) {
    SCOPED_TRACE(name);
    // Keras made each in a fresh session: AUC, Precision, ... have unsuffixed automatic names.
    utils::clear_session();
    Json args = entry.at("args");
    // Keras's MeanMetricWrapper was given the function keras.metrics.mean_squared_error, which
    // JSON cannot hold ("args_note"); its name is what a config carries.
    if (name == "MeanMetricWrapper") args["fn"] = "mean_squared_error";
    metrics::MetricPtr metric = metrics::deserialize(Json{{"class_name", name}, {"config", args}});
    ASSERT_TRUE(metric);
    EXPECT_EQ(metric->class_name(), name);
    Json config = metric->get_config();
    if (name == "MeanMetricWrapper") {
      // Keras 3.15 serializes a bare function with module "builtins" and registered_name
      // "function"; kerascpp writes the module that exports it and its name, by which Keras's
      // deserialize_keras_object also finds a function.
      EXPECT_EQ(config.at("fn").dump(),
                R"({"module":"keras.metrics","class_name":"function",)"
                R"("config":"mean_squared_error","registered_name":"mean_squared_error"})");
      EXPECT_EQ(config.at("fn").at("config"), entry.at("config").at("fn").at("config"));
      config["fn"] = entry.at("config").at("fn");
    }
    testing::expect_keras_config(config, entry.at("config"), name);
  }
}

}  // namespace
}  // namespace keras
