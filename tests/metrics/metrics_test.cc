// keras.metrics beyond the golden values: the Metric base (names, variables, reset_state,
// results that own their storage), graph programs built from symbolic update_state handles and
// result_graph(), Keras 3's configs in Keras's key order and their round trips, get / serialize /
// deserialize by Keras's names, and Keras's errors for bad arguments and inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/layers.h"
#include "keras/losses/losses.h"
#include "keras/metrics/metrics.h"
#include "keras/models/sequential.h"
#include "keras/ops/math.h"
#include "keras/utils/naming.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using namespace keras::metrics;
using testing::expect_error;

Tensor f32(std::vector<float> values, Shape shape) {
  return Tensor::from_vector(values, shape);
}

double value(const MetricPtr& m) {
  return m->result().item<double>();
}

// ----- The Metric base --------------------------------------------------------------------------

TEST(Metric, DefaultNamesAsKeras) {
  utils::clear_session();
  EXPECT_EQ(Mean()->name(), "mean");
  EXPECT_EQ(Sum()->name(), "sum");
  EXPECT_EQ(Accuracy()->name(), "accuracy");
  EXPECT_EQ(BinaryAccuracy()->name(), "binary_accuracy");
  EXPECT_EQ(CategoricalAccuracy()->name(), "categorical_accuracy");
  EXPECT_EQ(SparseCategoricalAccuracy()->name(), "sparse_categorical_accuracy");
  EXPECT_EQ(TopKCategoricalAccuracy()->name(), "top_k_categorical_accuracy");
  EXPECT_EQ(SparseTopKCategoricalAccuracy()->name(), "sparse_top_k_categorical_accuracy");
  EXPECT_EQ(BinaryCrossentropy()->name(), "binary_crossentropy");
  EXPECT_EQ(CategoricalCrossentropy()->name(), "categorical_crossentropy");
  EXPECT_EQ(SparseCategoricalCrossentropy()->name(), "sparse_categorical_crossentropy");
  EXPECT_EQ(MeanSquaredError()->name(), "mean_squared_error");
  EXPECT_EQ(MeanAbsoluteError()->name(), "mean_absolute_error");
  EXPECT_EQ(RootMeanSquaredError()->name(), "root_mean_squared_error");
  // Classes whose name defaults to None get Keras's auto_name, made unique.
  EXPECT_EQ(AUC()->name(), "auc");
  EXPECT_EQ(AUC()->name(), "auc_1");
  EXPECT_EQ(Precision()->name(), "precision");
  EXPECT_EQ(Recall()->name(), "recall");
  EXPECT_EQ(TruePositives()->name(), "true_positives");
  EXPECT_EQ(FalsePositives()->name(), "false_positives");
  EXPECT_EQ(TrueNegatives()->name(), "true_negatives");
  EXPECT_EQ(FalseNegatives()->name(), "false_negatives");
  EXPECT_EQ(Precision()->name(), "precision_1");
  MeanMetricWrapper wrapper(mean_squared_error);
  EXPECT_EQ(wrapper->name(), "mean_metric_wrapper");
  EXPECT_EQ(AUC({.name = "my_auc"})->name(), "my_auc");
  BinaryAccuracy renamed;
  renamed->set_name("acc");  // what the trainer does for compile(metrics=["acc"])
  EXPECT_EQ(renamed->name(), "acc");
  EXPECT_EQ(renamed->get_config()["name"], "acc");
}

TEST(Metric, VariablesDtypesAndReset) {
  Mean mean;
  ASSERT_EQ(mean->variables().size(), 2u);
  EXPECT_EQ(mean->variables()[0].name(), "total");
  EXPECT_EQ(mean->variables()[1].name(), "count");
  EXPECT_FALSE(mean->variables()[0].trainable());
  EXPECT_EQ(mean->dtype(), DType::float32);
  EXPECT_EQ(mean->result().dtype(), DType::float32);
  EXPECT_EQ(value(mean), 0.0);  // divide_no_nan: nothing seen yet
  mean->update_state(f32({1, 3, 5, 7}, {4}));
  EXPECT_EQ(value(mean), 4.0);
  mean->reset_state();
  EXPECT_EQ(mean->variables()[1].value().item<double>(), 0.0);
  mean->update_state(f32({1, 3, 5, 7}, {4}), f32({1, 1, 0, 0}, {4}));
  EXPECT_EQ(value(mean), 2.0);  // Keras's docstring examples

  Mean wide({.dtype = DType::float64});
  wide->update_state(Tensor::from_vector<double>({0.1, 0.2}));
  EXPECT_EQ(wide->result().dtype(), DType::float64);
  EXPECT_EQ(wide->variables()[0].dtype(), DType::float64);
  EXPECT_DOUBLE_EQ(value(wide), 0.15000000000000002);

  AUC auc;
  std::vector<std::string> names;
  for (const Variable& v : auc->variables()) names.push_back(v.name());
  EXPECT_EQ(names, (std::vector<std::string>{"true_positives", "false_positives", "true_negatives",
                                             "false_negatives"}));
  EXPECT_EQ(auc->variables()[0].shape(), Shape{200});
  EXPECT_EQ(Precision({.thresholds = {0.2, 0.8}})->variables()[1].name(), "false_positives");
  EXPECT_EQ(Recall()->variables()[1].name(), "false_negatives");
  EXPECT_EQ(TruePositives({.thresholds = {0.1, 0.2, 0.3}})->variables()[0].shape(), Shape{3});
  EXPECT_EQ(TruePositives()->variables()[0].name(), "accumulator");
}

TEST(Metric, ResultsOwnTheirStorage) {
  Sum sum;
  sum->update_state(f32({1, 3, 5, 7}, {4}));
  Tensor first = sum->result();
  sum->update_state(f32({1, 3, 5, 7}, {4}), f32({1, 1, 0, 0}, {4}));
  EXPECT_EQ(first.item<double>(), 16.0);
  EXPECT_EQ(value(sum), 20.0);
  TruePositives tp;
  tp->update_state(f32({1, 1, 0}, {3}), f32({0.9f, 0.2f, 0.8f}, {3}));
  Tensor count = tp->result();
  EXPECT_EQ(count.shape(), Shape{});  // one threshold: a scalar
  tp->update_state(f32({1}, {1}), f32({0.7f}, {1}));
  EXPECT_EQ(count.item<double>(), 1.0);
  EXPECT_EQ(value(tp), 2.0);
}

TEST(Metric, MeanAndSumTakeValuesPositionally) {
  Mean direct, through_base;
  Tensor values = f32({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor weights = f32({0.5f, 2.0f}, {2});
  direct->update_state(values, weights);
  Metric& base = *through_base;
  base.update_state(values, weights);  // Keras: Mean.update_state(values, sample_weight)
  EXPECT_EQ(value(direct), value(through_base));
  EXPECT_FLOAT_EQ(value(direct), (0.5f * 2 + 2 * 5) / 2.5f);
  expect_error<TypeError>([&] { base.update_state(values, weights, weights); },
                          "Mean.update_state() takes `values` and `sample_weight`");
  Sum sum;
  expect_error<TypeError>(
      [&] { static_cast<Metric&>(*sum).update_state(values, weights, weights); },
      "Sum.update_state()");
}

TEST(Metric, MeanMetricWrapperFoldsMasksIntoWeights) {
  auto squared = [](const Tensor& y, const Tensor& p) { return ops::square(ops::subtract(y, p)); };
  MeanMetricWrapper m(squared);
  Tensor y_true = f32({0, 0, 0, 0}, {2, 2});
  Tensor y_pred = f32({1, 2, 3, 4}, {2, 2});
  Tensor mask = Tensor::from_vector<bool>({true, false, true, true}, Shape{2, 2});
  m->update_state(y_true, y_pred.with_keras_mask(mask));
  // Per sample: mean(v·m) / mean(m) summed over samples: (1/2 + (9+16)/2) / (1/2 + 1).
  EXPECT_FLOAT_EQ(value(m), (0.5f + 12.5f) / 1.5f);
  m->reset_state();
  m->update_state(y_true, y_pred.with_keras_mask(mask), f32({2, 1}, {2, 1}));
  // Weights [2, 1] times the mask [2, 2]: ((2·1)/2 + (9+16)/2) / (2/2 + 2/2).
  EXPECT_FLOAT_EQ(value(m), (1.0f + 12.5f) / 2.0f);
  expect_error<NotImplementedError>([&] { m->get_config(); }, "cannot be serialized");

  MeanMetricWrapper named(metric_function("mean_absolute_error"), {.name = "mae"},
                          "mean_absolute_error");
  Json config = named->get_config();
  EXPECT_EQ(config.dump(),
            R"({"name":"mae","dtype":"float32","fn":{"module":"keras.metrics","class_name":)"
            R"("function","config":"mean_absolute_error","registered_name":)"
            R"("mean_absolute_error"}})");
  MetricPtr back = deserialize(serialize(*named));
  EXPECT_EQ(back->get_config(), config);
  back->update_state(y_true, y_pred);
  EXPECT_FLOAT_EQ(value(back), 2.5f);
  EXPECT_EQ(metric_function_names().size(), 11u);
  expect_error<ValueError>([] { metric_function("huber"); }, "Unknown metric function: 'huber'");
}

// ----- Handles ----------------------------------------------------------------------------------

TEST(MetricHandles, CopiesShareOneMetric) {
  AUC auc({.curve = "PR"});
  AUC copy = auc;
  MetricPtr base = auc;
  EXPECT_EQ(copy.get(), auc.get());
  EXPECT_EQ(base.get(), auc.get());
  EXPECT_EQ(get(MetricArg(auc)).get(), auc.get());
  copy->update_state(f32({1, 0, 1}, {3}), f32({0.8f, 0.3f, 0.6f}, {3}));
  EXPECT_EQ(value(auc), value(copy));
  EXPECT_GT(value(auc), 0.0);
  // A handle made from nothing holds nothing, and says so.
  AUC empty(std::shared_ptr<AUCImpl>{});
  EXPECT_FALSE(empty);
  expect_error<ValueError>([&] { empty->name(); }, "handle is empty");
}

// Keras's compile(loss=keras.losses.Huber(delta=0.5), metrics=[keras.metrics.MeanAbsoluteError()]):
// the metric handle given to compile() is the metric the model updates, and the loss object is
// copied in.
TEST(MetricHandles, CompileUpdatesTheMetricItWasGiven) {
  models::Sequential model({layers::Input({2}), layers::Dense(1)});
  MeanAbsoluteError mae({.name = "abs_err"});
  losses::Huber huber({.delta = 0.5});
  model.compile({.optimizer = "sgd", .loss = huber, .metrics = {mae, "mse"}});
  Tensor x = testing::uniform(Shape{8, 2}, -1, 1, 31).astype(DType::float32);
  Tensor y = testing::uniform(Shape{8, 1}, -1, 1, 32).astype(DType::float32);
  std::vector<double> scores = model.evaluate(x, y, {.verbose = 0});
  ASSERT_EQ(scores.size(), 3u);
  // References in float64 from the predictions: Huber's and the mean absolute error's formulas.
  Tensor predictions = model.predict(x, {.verbose = 0});
  std::vector<double> p = predictions.to_vector<double>();
  std::vector<double> t = y.to_vector<double>();
  double huber_sum = 0, abs_sum = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    double e = std::abs(p[i] - t[i]);
    huber_sum += e <= 0.5 ? 0.5 * e * e : 0.5 * e - 0.5 * 0.25;
    abs_sum += e;
  }
  EXPECT_NEAR(scores[0], huber_sum / 8, 1e-6);
  EXPECT_NEAR(scores[1], abs_sum / 8, 1e-6);
  EXPECT_NEAR(value(mae), scores[1], 1e-7);  // the handle's own metric holds the result
  EXPECT_EQ(mae->name(), "abs_err");
}

// ----- Graph programs
// -----------------------------------------------------------------------------

struct ProgramCase {
  std::string name;
  std::function<MetricPtr()> make;
  std::function<std::vector<Tensor>(int64_t batch, uint64_t seed)> data;  // y_true, y_pred, sw
};

std::vector<ProgramCase> program_cases() {
  auto labels = [](int64_t n, int64_t classes, uint64_t seed) {
    return testing::integers(Shape{n}, 0, classes, DType::int32, seed);
  };
  auto probs = [](Shape s, uint64_t seed) {
    return testing::uniform(s, 0, 1, seed).astype(DType::float32);
  };
  auto binary = [](Shape s, uint64_t seed) {
    return testing::integers(s, 0, 2, DType::int64, seed).astype(DType::float32);
  };
  return {
      {"SparseCategoricalAccuracy", [] { return get("sparse_categorical_accuracy"); },
       [=](int64_t n, uint64_t s) {
         return std::vector<Tensor>{labels(n, 4, s), probs({n, 4}, s + 1), probs({n}, s + 2)};
       }},
      {"SparseTopKCategoricalAccuracy",
       [] {
         return get(Json::parse(
             R"({"class_name": "SparseTopKCategoricalAccuracy",
                                                    "config": {"k": 2}})"));
       },
       [=](int64_t n, uint64_t s) {
         return std::vector<Tensor>{labels(n, 5, s), probs({n, 5}, s + 1), Tensor()};
       }},
      {"RootMeanSquaredError", [] { return get("RootMeanSquaredError"); },
       [=](int64_t n, uint64_t s) {
         return std::vector<Tensor>{probs({n, 3}, s), probs({n, 3}, s + 1), probs({n, 1}, s + 2)};
       }},
      {"AUC", [] { return get("auc"); },
       [=](int64_t n, uint64_t s) {
         return std::vector<Tensor>{binary({n, 2}, s), probs({n, 2}, s + 1), probs({n}, s + 2)};
       }},
      {"AUC_PR_multi_label", [] { return MetricPtr(AUC({.curve = "PR", .multi_label = true})); },
       [=](int64_t n, uint64_t s) {
         return std::vector<Tensor>{binary({n, 3}, s), probs({n, 3}, s + 1), Tensor()};
       }},
      {"Precision_top_k", [] { return MetricPtr(Precision({.top_k = 2})); },
       [=](int64_t n, uint64_t s) {
         return std::vector<Tensor>{binary({n, 4}, s), probs({n, 4}, s + 1), probs({n}, s + 2)};
       }},
      {"Recall_thresholds",
       [] {
         return MetricPtr(Recall({.thresholds = {0.0, 0.5, 1.0}}));
       },
       [=](int64_t n, uint64_t s) {
         return std::vector<Tensor>{binary({n}, s), probs({n}, s + 1), Tensor()};
       }},
      {"CategoricalCrossentropy",
       [] { return MetricPtr(CategoricalCrossentropy({.label_smoothing = 0.1})); },
       [=](int64_t n, uint64_t s) {
         return std::vector<Tensor>{binary({n, 3}, s), probs({n, 3}, s + 1), probs({n}, s + 2)};
       }},
  };
}

// The brief of a metric in a training program: update handles traced once on placeholders, run
// by a Program step after step, and result_graph() read by a second program, give exactly what
// eager update_state calls give.
TEST(MetricPrograms, AccumulateExactlyAsEagerCalls) {
  for (const ProgramCase& c : program_cases()) {
    SCOPED_TRACE(c.name);
    MetricPtr eager = c.make(), traced = c.make();
    std::vector<Tensor> first = c.data(4, 1);
    std::vector<Tensor> inputs;
    for (const Tensor& t : first) {
      if (!t.defined()) {
        inputs.emplace_back();
        continue;
      }
      Shape shape = t.shape();
      shape[0] = Shape::kUnknown;
      inputs.push_back(graph::placeholder({t.dtype(), shape}));
    }
    std::vector<Tensor> handles = traced->update_state(inputs[0], inputs[1], inputs[2]);
    ASSERT_FALSE(handles.empty());
    std::vector<Tensor> fed;
    for (const Tensor& t : inputs)
      if (t.defined()) fed.push_back(t);
    graph::Program step(fed, {}, handles);
    graph::Program read({}, {traced->result_graph()});
    for (int64_t i = 0; i < 5; ++i) {
      std::vector<Tensor> batch = c.data(3 + 2 * i, 10 * static_cast<uint64_t>(i) + 7);
      eager->update_state(batch[0], batch[1], batch[2]);
      std::vector<Tensor> feed;
      for (const Tensor& t : batch)
        if (t.defined()) feed.push_back(t);
      step.run(feed);
      std::vector<double> want = eager->result().to_vector<double>();
      EXPECT_EQ(read.run({})[0].to_vector<double>(), want) << "step " << i;
      EXPECT_EQ(traced->result().to_vector<double>(), want) << "step " << i;
      for (size_t v = 0; v < eager->variables().size(); ++v)
        EXPECT_EQ(traced->variables()[v].value().to_vector<double>(),
                  eager->variables()[v].value().to_vector<double>())
            << eager->variables()[v].name() << " at step " << i;
    }
    traced->reset_state();
    eager->reset_state();
    EXPECT_EQ(read.run({})[0].to_vector<double>(), eager->result().to_vector<double>());
  }
}

TEST(MetricPrograms, ResultInTheUpdateProgramIsReadBeforeTheUpdates) {
  Sum sum;
  Tensor x = graph::placeholder({DType::float32, Shape{Shape::kUnknown}});
  std::vector<Tensor> handles = sum->update_state(x);
  EXPECT_EQ(value(sum), 0.0);  // tracing changed nothing
  graph::Program step({x}, {sum->result_graph()}, handles);
  EXPECT_EQ(step.run({f32({1, 2}, {2})})[0].item<double>(), 0.0);
  EXPECT_EQ(step.run({f32({4}, {1})})[0].item<double>(), 3.0);
  EXPECT_EQ(value(sum), 7.0);
}

TEST(MetricPrograms, OneSymbolicInputMakesEveryUpdateSymbolic) {
  Mean mean;
  Tensor w = graph::placeholder({DType::float32, Shape{}});
  // Concrete values, symbolic weight: the total and the count both wait for the program.
  std::vector<Tensor> handles = mean->update_state(Tensor::scalar(3.0f), w);
  EXPECT_EQ(handles.size(), 2u);
  EXPECT_EQ(mean->variables()[0].value().item<double>(), 0.0);
  graph::Program step({w}, {}, handles);
  step.run({Tensor::scalar(2.0f)});
  EXPECT_EQ(mean->variables()[0].value().item<double>(), 6.0);
  EXPECT_EQ(mean->variables()[1].value().item<double>(), 2.0);
  Mean counted;
  Tensor v = graph::placeholder({DType::float32, Shape{}});
  handles = counted->update_state(v);  // count += 1, a constant, still in the program
  EXPECT_EQ(handles.size(), 2u);
  graph::Program add({v}, {}, handles);
  add.run({Tensor::scalar(5.0f)});
  add.run({Tensor::scalar(1.0f)});
  EXPECT_EQ(value(counted), 3.0);
}

// ----- Configs
// ------------------------------------------------------------------------------------

void expect_config(const MetricPtr& m, const std::string& want) {
  Json config = m->get_config();
  EXPECT_EQ(config.dump(), Json::parse(want).dump()) << m->class_name();
  MetricPtr back = deserialize(serialize(*m));
  EXPECT_EQ(back->class_name(), m->class_name());
  EXPECT_EQ(back->get_config(), config) << m->class_name();
}

TEST(MetricConfigs, KerasKeysInKerasOrder) {
  utils::clear_session();
  expect_config(Mean(), R"({"name": "mean", "dtype": "float32"})");
  expect_config(Sum({.name = "s", .dtype = DType::float64}),
                R"({"name": "s", "dtype": "float64"})");
  expect_config(Accuracy(), R"({"name": "accuracy", "dtype": "float32"})");
  expect_config(BinaryAccuracy({.threshold = 0.7}),
                R"({"name": "binary_accuracy", "dtype": "float32", "threshold": 0.7})");
  expect_config(CategoricalAccuracy(), R"({"name": "categorical_accuracy", "dtype": "float32"})");
  expect_config(SparseCategoricalAccuracy(),
                R"({"name": "sparse_categorical_accuracy", "dtype": "float32"})");
  expect_config(TopKCategoricalAccuracy({.k = 3}),
                R"({"name": "top_k_categorical_accuracy", "dtype": "float32", "k": 3})");
  expect_config(SparseTopKCategoricalAccuracy(),
                R"({"name": "sparse_top_k_categorical_accuracy", "dtype": "float32", "k": 5})");
  expect_config(SparseTopKCategoricalAccuracy({.k = 2, .from_sorted_ids = true}),
                R"({"name": "sparse_top_k_categorical_accuracy", "dtype": "float32", "k": 2,
                    "from_sorted_ids": true})");
  expect_config(BinaryCrossentropy(),
                R"({"name": "binary_crossentropy", "dtype": "float32", "from_logits": false,
                    "label_smoothing": 0})");
  expect_config(CategoricalCrossentropy({.from_logits = true, .label_smoothing = 0.2, .axis = 1}),
                R"({"name": "categorical_crossentropy", "dtype": "float32", "from_logits": true,
                    "label_smoothing": 0.2, "axis": 1})");
  expect_config(SparseCategoricalCrossentropy({.ignore_class = 0}),
                R"({"name": "sparse_categorical_crossentropy", "dtype": "float32",
                    "from_logits": false, "ignore_class": 0, "axis": -1})");
  expect_config(MeanSquaredError(), R"({"name": "mean_squared_error", "dtype": "float32"})");
  expect_config(MeanAbsoluteError(), R"({"name": "mean_absolute_error", "dtype": "float32"})");
  expect_config(RootMeanSquaredError(),
                R"({"name": "root_mean_squared_error", "dtype": "float32"})");
  expect_config(TruePositives(), R"({"name": "true_positives", "dtype": "float32",
                                     "thresholds": null})");
  expect_config(FalseNegatives({.thresholds = 0.3}),
                R"({"name": "false_negatives", "dtype": "float32", "thresholds": 0.3})");
  expect_config(TrueNegatives({.thresholds = {0.3}}),
                R"({"name": "true_negatives", "dtype": "float32", "thresholds": [0.3]})");
  expect_config(Precision(), R"({"name": "precision", "dtype": "float32", "thresholds": null,
                                 "top_k": null, "class_id": null})");
  expect_config(Recall({.thresholds = {0.2, 0.6}, .top_k = 2, .class_id = 1}),
                R"({"name": "recall", "dtype": "float32", "thresholds": [0.2, 0.6],
                    "top_k": 2, "class_id": 1})");
  expect_config(AUC(), R"({"name": "auc", "dtype": "float32", "num_thresholds": 200,
                           "curve": "ROC", "summation_method": "interpolation",
                           "multi_label": false, "num_labels": null, "label_weights": null,
                           "from_logits": false})");
  // Given thresholds are written sorted; num_thresholds counts the two ends.
  expect_config(AUC({.curve = "pr",
                     .summation_method = "Majoring",
                     .thresholds = std::vector<double>{0.8, 0.2},
                     .multi_label = true,
                     .num_labels = 3,
                     .label_weights = std::vector<double>{1, 2, 3},
                     .from_logits = true}),
                R"({"name": "auc_1", "dtype": "float32", "num_thresholds": 4, "curve": "PR",
                    "summation_method": "majoring", "multi_label": true, "num_labels": 3,
                    "label_weights": [1.0, 2.0, 3.0], "from_logits": true,
                    "thresholds": [0.2, 0.8]})");
  AUC given({.thresholds = std::vector<double>{0.5, 0.25}});
  EXPECT_EQ(given->thresholds().size(), 4u);
  EXPECT_DOUBLE_EQ(given->thresholds()[0], -1e-7);
  EXPECT_DOUBLE_EQ(given->thresholds()[3], 1 + 1e-7);
  EXPECT_DOUBLE_EQ(AUC()->thresholds()[1], 1.0 / 199);
}

TEST(MetricConfigs, ReadKerasConfigs) {
  // A config as Keras 3 writes it, with a DTypePolicy.
  MetricPtr m = deserialize(Json::parse(R"({
      "module": "keras.metrics", "class_name": "BinaryAccuracy", "registered_name": null,
      "config": {"name": "acc", "dtype": {"module": "keras", "class_name": "DTypePolicy",
                 "config": {"name": "float64"}, "registered_name": null}, "threshold": 0.3}})"));
  EXPECT_EQ(m->name(), "acc");
  EXPECT_EQ(m->dtype(), DType::float64);
  EXPECT_EQ(m->get_config()["threshold"], 0.3);
  // AUC's label_weights as a serialized tensor.
  MetricPtr auc = deserialize(Json::parse(R"({"class_name": "AUC", "config": {
      "label_weights": {"class_name": "__tensor__", "config": {"value": [1, 2],
                        "dtype": "float32"}}}})"));
  EXPECT_EQ(auc->get_config()["label_weights"], Json::parse("[1.0, 2.0]"));
  expect_error<TypeError>(
      [] { deserialize(Json::parse(R"({"class_name": "AUC", "config": {"curves": "PR"}})")); },
      "AUC.__init__() got an unexpected keyword argument 'curves'");
  expect_error<TypeError>(
      [] {
        deserialize(Json::parse(R"({"class_name": "Precision", "config": {"thresholds": "x"}})"));
      },
      "'thresholds' must be a number or a list of numbers");
}

// ----- get / serialize / deserialize ------------------------------------------------------------

TEST(MetricRegistry, KerasNamesAndAliases) {
  struct Want {
    const char* identifier;
    const char* class_name;
    const char* name;
  };
  for (const Want& w : std::vector<Want>{
           {"categorical_accuracy", "CategoricalAccuracy", "categorical_accuracy"},
           {"CategoricalAccuracy", "CategoricalAccuracy", "categorical_accuracy"},
           {"accuracy", "Accuracy", "accuracy"},
           {"binary_accuracy", "BinaryAccuracy", "binary_accuracy"},
           {"sparse_categorical_accuracy", "SparseCategoricalAccuracy",
            "sparse_categorical_accuracy"},
           {"top_k_categorical_accuracy", "TopKCategoricalAccuracy", "top_k_categorical_accuracy"},
           {"sparse_top_k_categorical_accuracy", "SparseTopKCategoricalAccuracy",
            "sparse_top_k_categorical_accuracy"},
           {"mse", "MeanSquaredError", "mean_squared_error"},
           {"MSE", "MeanSquaredError", "mean_squared_error"},
           {"mean_squared_error", "MeanSquaredError", "mean_squared_error"},
           {"mae", "MeanAbsoluteError", "mean_absolute_error"},
           {"MAE", "MeanAbsoluteError", "mean_absolute_error"},
           {"root_mean_squared_error", "RootMeanSquaredError", "root_mean_squared_error"},
           {"bce", "BinaryCrossentropy", "binary_crossentropy"},
           {"BCE", "BinaryCrossentropy", "binary_crossentropy"},
           {"categorical_crossentropy", "CategoricalCrossentropy", "categorical_crossentropy"},
           {"sparse_categorical_crossentropy", "SparseCategoricalCrossentropy",
            "sparse_categorical_crossentropy"},
           {"mean", "Mean", "mean"},
           {"sum", "Sum", "sum"},
           {"AUC", "AUC", ""},
           {"auc", "AUC", ""},
           {"precision", "Precision", ""},
           {"recall", "Recall", ""},
           {"true_positives", "TruePositives", ""},
           {"false_negatives", "FalseNegatives", ""},
       }) {
    MetricPtr m = get(w.identifier);
    ASSERT_TRUE(m) << w.identifier;
    EXPECT_EQ(m->class_name(), w.class_name) << w.identifier;
    if (*w.name) {
      EXPECT_EQ(m->name(), w.name) << w.identifier;
    }
  }
  EXPECT_EQ(get(MetricArg()), nullptr);
  EXPECT_EQ(get(Json(nullptr)), nullptr);
  MetricPtr object = Recall();
  EXPECT_EQ(get(MetricArg(object)), object);
  EXPECT_EQ(get(Json("mse"))->class_name(), "MeanSquaredError");
  MetricPtr pr = get(Json::parse(R"({"class_name": "AUC", "config": {"curve": "PR"}})"));
  EXPECT_EQ(pr->get_config()["curve"], "PR");
  Json serialized = serialize(*pr);
  EXPECT_EQ(serialized["module"], "keras.metrics");
  EXPECT_EQ(serialized["class_name"], "AUC");
  EXPECT_TRUE(serialized["registered_name"].is_null());
}

TEST(MetricRegistry, UnknownIdentifiers) {
  // "acc" is compile()'s shortcut, resolved by the trainer; keras.metrics.get does not know it.
  expect_error<ValueError>([] { get("acc"); }, "Could not interpret metric identifier: acc");
  expect_error<ValueError>([] { get("f1_scoree"); },
                           "Could not interpret metric identifier: f1_scoree");
  expect_error<TypeError>([] { get(Json::parse(R"({"class_name": "Foo", "config": {}})")); },
                          {"Could not locate class 'Foo'", "register_keras_serializable",
                           R"(Full object config: {"class_name":"Foo","config":{}})"});
  expect_error<ValueError>([] { deserialize(Json(3)); },
                           "Could not interpret metric identifier: 3");
  expect_error<TypeError>([] { get("MeanMetricWrapper"); }, "missing 1 required positional");
}

TEST(MetricRegistry, CustomClasses) {
  registry().add("MyMetric", [](const Json& config) -> MetricPtr {
    return std::make_shared<SumImpl>(options_from_config(config, "MyMetric"));
  });
  EXPECT_EQ(get("MyMetric")->class_name(), "Sum");
}

// ----- Bad arguments and inputs -----------------------------------------------------------------

TEST(MetricErrors, Arguments) {
  expect_error<ValueError>(
      [] {
        Precision({.thresholds = {0.5, 1.5, -0.25}});
      },
      "Threshold values must be in [0, 1]. Received: [1.5, -0.25]");
  expect_error<ValueError>([] { TruePositives({.thresholds = 2.0}); },
                           "Threshold values must be in [0, 1]. Received: [2.0]");
  expect_error<ValueError>([] { Recall({.thresholds = std::nan("")}); }, "Received: [nan]");
  expect_error<ValueError>([] { FalsePositives({.thresholds = std::vector<double>{}}); },
                           "Received: thresholds=[]");
  expect_error<ValueError>(
      [] { TopKCategoricalAccuracy({.k = 0}); },
      "Invalid value for argument `k`. Expected an integer >= 1. Received: k=0");
  expect_error<ValueError>([] { SparseTopKCategoricalAccuracy({.k = -2}); }, "Received: k=-2");
  expect_error<ValueError>(
      [] {
        top_k_categorical_accuracy(Tensor::zeros({2, 3}, DType::float32),
                                   Tensor::zeros({2, 3}, DType::float32), 0);
      },
      "Received: k=0");
  expect_error<ValueError>([] { Precision({.top_k = 0}); },
                           "Invalid value for argument `top_k`. Expected an integer >= 1. "
                           "Received: top_k=0");
  expect_error<ValueError>([] { Recall({.class_id = -1}); },
                           "Invalid value for argument `class_id`. Expected an integer >= 0. "
                           "Received: class_id=-1");
  expect_error<ValueError>([] { AUC({.num_thresholds = 1}); },
                           "Argument `num_thresholds` must be an integer > 1. Received: "
                           "num_thresholds=1");
  expect_error<ValueError>(
      [] { AUC({.curve = "ROCC"}); },
      R"(Invalid AUC curve value: "ROCC". Expected values are ["PR", "ROC", "PRGAIN"])");
  expect_error<ValueError>(
      [] { AUC({.summation_method = "trapezoid"}); },
      R"(Invalid AUC summation method value: "trapezoid". Expected values are ["interpolation", "majoring", "minoring"])");
  expect_error<ValueError>([] { AUC({.num_labels = 3}); },
                           "`num_labels` is needed only when `multi_label` is True.");
}

TEST(MetricErrors, Inputs) {
  Tensor a = Tensor::zeros({4, 3}, DType::float32), b = Tensor::zeros({4, 2}, DType::float32);
  expect_error<ValueError>([&] { MeanSquaredError()->update_state(a, b); },
                           "y_true.shape=(4, 3), y_pred.shape=(4, 2)");
  expect_error<ValueError>([&] { RootMeanSquaredError()->update_state(a, b); },
                           "y_true.shape=(4, 3), y_pred.shape=(4, 2)");
  expect_error<ValueError>([&] { Precision()->update_state(a, b); },
                           "`y_true` and `y_pred` must have the same shape. Received: "
                           "y_true.shape=(4, 3), y_pred.shape=(4, 2)");
  expect_error<ValueError>([&] { AUC()->update_state(a, b); }, "y_pred.shape=(4, 2)");
  expect_error<ValueError>([&] { BinaryCrossentropy()->update_state(a, b); },
                           "target.shape=(4, 3), output.shape=(4, 2)");
  expect_error<ValueError>(
      [&] {
        Mean()->update_state(a, Tensor::ones({4, 2}, DType::float32));
      },
      "Cannot broadcast `sample_weight` of shape (4, 2) to shape (4, 3)");
  expect_error<ValueError>([&] { Precision({.class_id = 3})->update_state(a, a); },
                           "Received: class_id=3, y_pred.shape=(4, 3)");
  Tensor flat = Tensor::zeros({4}, DType::float32);
  expect_error<ValueError>([&] { Recall({.class_id = 0})->update_state(flat, flat); },
                           "When class_id is provided, y_pred must be a 2D array with shape "
                           "(num_samples, num_classes), found shape: (4,)");
  expect_error<ValueError>([&] { Precision({.top_k = 4})->update_state(a, a); },
                           "top_k=4 is larger than the number of classes: y_pred.shape=(4, 3)");
  expect_error<ValueError>([&] { AUC({.multi_label = true})->update_state(flat, flat); },
                           "`y_pred` must have rank 2 when `multi_label=True`. Found rank 1.");
  expect_error<ValueError>(
      [&] { SparseTopKCategoricalAccuracy()->update_state(Tensor::zeros({3}, DType::int32), a); },
      "targets.shape=(3,), predictions.shape=(4, 3)");
  expect_error<ValueError>([&] { TopKCategoricalAccuracy()->update_state(flat, flat); },
                           "`y_pred` must have rank >= 2");
}

// ----- Pieces -----------------------------------------------------------------------------------

// The floats themselves are utils::python_float's, checked against CPython in
// tests/utils/python_format_test.cc.
TEST(MetricsUtils, PythonFloatLists) {
  using metrics_utils::python_float_list;
  EXPECT_EQ(python_float_list({0.5, 3}), "[0.5, 3.0]");
  EXPECT_EQ(python_float_list({2.0, -0.25, 1e-10, 0.0001, 1e-5, 1e16, 123.456, 0.1 + 0.2}),
            "[2.0, -0.25, 1e-10, 0.0001, 1e-05, 1e+16, 123.456, 0.30000000000000004]");
  EXPECT_EQ(python_float_list({}), "[]");
}

TEST(MetricsUtils, EvenThresholdsAsNumPyDecides) {
  using metrics_utils::is_evenly_distributed_thresholds;
  EXPECT_TRUE(is_evenly_distributed_thresholds({0.0, 0.5, 1.0}));
  EXPECT_TRUE(is_evenly_distributed_thresholds({0.0, 0.25, 0.5, 0.75, 1.0}));
  EXPECT_FALSE(is_evenly_distributed_thresholds({0.0, 1.0}));
  EXPECT_FALSE(is_evenly_distributed_thresholds({0.1, 0.5, 0.9}));
  EXPECT_TRUE(is_evenly_distributed_thresholds({0.0, 0.5 + 4e-6, 1.0}));  // rtol 1e-5
  EXPECT_FALSE(is_evenly_distributed_thresholds({0.0, 0.5 + 1e-4, 1.0}));
}

TEST(MetricsUtils, TopKTiesAsKeras) {
  // in_top_k: the label is in when fewer than k scores are strictly greater.
  Tensor scores = f32({0.5f, 0.5f, 0.5f, 0.1f, 0.9f, 0.2f, 0.9f, 0.1f}, {2, 4});
  Tensor labels = Tensor::from_vector<int32_t>({2, 1});
  EXPECT_EQ(metrics_utils::in_top_k(labels, scores, 1).to_vector<uint8_t>(),
            (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(metrics_utils::in_top_k(labels, scores, 2).to_vector<uint8_t>(),
            (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(metrics_utils::in_top_k(labels, scores, 3).to_vector<uint8_t>(),
            (std::vector<uint8_t>{1, 1}));
  // Out-of-range labels are never in (unless k covers every class and more).
  EXPECT_EQ(metrics_utils::in_top_k(Tensor::from_vector<int32_t>({7, -1}), scores, 4)
                .to_vector<uint8_t>(),
            (std::vector<uint8_t>{0, 0}));
  // filter_top_k keeps exactly k per row, ties to the lower index (ops.top_k).
  std::vector<float> kept = metrics_utils::filter_top_k(scores, 2).to_vector<float>();
  EXPECT_EQ(kept, (std::vector<float>{0.5f, 0.5f, -1e10f, -1e10f, 0.9f, -1e10f, 0.9f, -1e10f}));
}

// Both compositions of filter_top_k (pairwise up to 64 classes, rounds of argmax above) keep
// what a stable sort by decreasing score keeps, ties and -inf scores included.
TEST(MetricsUtils, FilterTopKMatchesAStableSort) {
  for (int64_t classes : {int64_t{10}, int64_t{80}}) {
    for (int64_t k : {int64_t{1}, int64_t{3}, classes - 1}) {
      Tensor x = testing::integers(Shape{6, classes}, 0, 5, DType::int64, 3).astype(DType::float32);
      std::vector<float> v = x.to_vector<float>();
      for (int64_t j = 0; j < classes; ++j) v[static_cast<size_t>(5 * classes + j)] = -INFINITY;
      v[static_cast<size_t>(5 * classes + 2)] = 1.0f;
      x = Tensor::from_vector(v, Shape{6, classes});
      std::vector<float> want(v.size(), -1e10f);
      for (int64_t r = 0; r < 6; ++r) {
        std::vector<int64_t> order(static_cast<size_t>(classes));
        for (int64_t j = 0; j < classes; ++j) order[static_cast<size_t>(j)] = j;
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
          return v[static_cast<size_t>(r * classes + a)] > v[static_cast<size_t>(r * classes + b)];
        });
        for (int64_t i = 0; i < k; ++i) {
          size_t at = static_cast<size_t>(r * classes + order[static_cast<size_t>(i)]);
          want[at] = v[at];
        }
      }
      // Dropped entries are x·0 + NEG_INF, as in Keras: NaN for a dropped -inf.
      for (size_t i = 0; i < want.size(); ++i)
        if (want[i] == -1e10f && std::isinf(v[i])) want[i] = NAN;
      std::vector<float> got = metrics_utils::filter_top_k(x, k).to_vector<float>();
      for (size_t i = 0; i < got.size(); ++i) {
        bool same = got[i] == want[i] || (std::isnan(got[i]) && std::isnan(want[i]));
        ASSERT_TRUE(same) << classes << " classes, k=" << k << ", element " << i << ": " << got[i]
                          << " vs " << want[i];
      }
    }
  }
}

TEST(MetricsUtils, ConfusionCountsAtThresholdsAndInBuckets) {
  // Predictions exactly on evenly spaced thresholds: y_pred > t is false at t itself.
  Tensor y_true = f32({1, 1, 0, 1, 0}, {5});
  Tensor y_pred = f32({0.0f, 0.5f, 0.5f, 1.0f, 0.75f}, {5});
  TruePositives even({.thresholds = {0.0, 0.25, 0.5, 0.75, 1.0}});
  even->update_state(y_true, y_pred);
  EXPECT_EQ(even->result().to_vector<double>(), (std::vector<double>{2, 2, 1, 1, 0}));
  FalsePositives uneven({.thresholds = {0.0, 0.5, 0.7}});
  uneven->update_state(y_true, y_pred);
  EXPECT_EQ(uneven->result().to_vector<double>(), (std::vector<double>{2, 1, 1}));
}

// The exact ROC AUC of a sample is the Mann-Whitney statistic: the fraction of (positive,
// negative) pairs that the scores order correctly, ties counting half. AUC's Riemann sum over
// evenly spaced thresholds must approach it as the thresholds grow dense.
TEST(MetricsUtils, ManyThresholdsApproachTheExactRocAuc) {
  const int64_t n = 600;
  std::vector<double> noise = testing::uniform(Shape{n}, -0.35, 0.35, 41).to_vector<double>();
  std::vector<double> spread = testing::uniform(Shape{n}, 0, 0.8, 42).to_vector<double>();
  std::vector<double> coin = testing::uniform(Shape{n}, 0, 1, 43).to_vector<double>();
  std::vector<float> labels(n), scores(n);
  for (int64_t i = 0; i < n; ++i) {
    labels[i] = coin[i] < 0.5 ? 0.0f : 1.0f;
    double p = 0.5 + 0.6 * (labels[i] - 0.5) * spread[i] + noise[i];
    scores[i] = i % 50 == 0 ? 0.5f : static_cast<float>(std::clamp(p, 0.0, 1.0));  // some ties
  }
  double ordered = 0, pairs = 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      if (labels[i] == 1 && labels[j] == 0) {
        pairs += 1;
        ordered += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
      }
  const double exact = ordered / pairs;
  Tensor y_true = f32(labels, {n}), y_pred = f32(scores, {n});
  double previous_error = 1.0;
  for (int64_t thresholds : {20, 200, 10000}) {
    AUC auc({.num_thresholds = thresholds});
    auc->update_state(y_true, y_pred);
    double error = std::abs(value(auc) - exact);
    EXPECT_LE(error, previous_error + 1e-6) << thresholds << " thresholds";
    previous_error = error;
  }
  EXPECT_LT(previous_error, 1e-4);
}

}  // namespace
}  // namespace keras
