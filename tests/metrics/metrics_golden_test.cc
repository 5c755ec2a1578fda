// Every metric against golden results from other implementations, batch by batch:
// tests/golden/data/metrics.json (TensorFlow.js's per-sample metrics, accumulated as Keras 3's
// Mean does) and metrics_numpy.json (NumPy from Keras 3's algorithms: Mean, Sum, top-k,
// confusion counts, Precision, Recall, AUC). Each case is run three ways: eagerly, again after
// reset_state(), and as graph programs (the symbolic update handles run by a Program whose
// inputs are placeholders with an unknown batch size, the result read by a second program).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/metrics/metrics.h"
#include "tests/layers/layer_test.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

using metrics::Metric;
using metrics::MetricPtr;

struct Batch {
  Tensor values, y_true, y_pred, sample_weight, mask;
};

std::vector<Batch> batches_of(const testing::GoldenCase& c) {
  std::vector<Batch> out;
  for (const Json& entry : c.extra.at("batches")) {
    Batch b;
    auto get = [&](const char* key, Tensor& into) {
      if (entry.contains(key)) into = c.inputs.at(entry.at(key).get<size_t>());
    };
    get("values", b.values);
    get("y_true", b.y_true);
    get("y_pred", b.y_pred);
    get("sample_weight", b.sample_weight);
    get("mask", b.mask);
    if (b.mask.defined()) b.mask = b.mask.astype(DType::bool_);
    out.push_back(b);
  }
  return out;
}

MetricPtr make(const testing::GoldenCase& c) {
  return metrics::deserialize(
      {{"class_name", c.extra.at("class")}, {"config", c.extra.at("config")}});
}

// Through the Metric interface: Mean and Sum take (values, sample_weight) positionally.
std::vector<Tensor> update(Metric& m, const Batch& b) {
  if (b.values.defined()) return m.update_state(b.values, b.sample_weight);
  Tensor y_pred = b.mask.defined() ? b.y_pred.with_keras_mask(b.mask) : b.y_pred;
  return m.update_state(b.y_true, y_pred, b.sample_weight);
}

double sum_abs(const Variable& v) {
  double total = 0;
  for (double x : v.value().to_vector<double>()) total += std::abs(x);
  return total;
}

std::vector<std::vector<double>> values_of(const Metric& m) {
  std::vector<std::vector<double>> out;
  for (const Variable& v : m.variables()) out.push_back(v.value().to_vector<double>());
  return out;
}

void expect_result(const Tensor& got, const Tensor& want, const std::string& where) {
  ASSERT_TRUE(got.is_concrete()) << where;
  EXPECT_EQ(got.shape(), want.shape()) << where;
  testing::expect_near(got.astype(DType::float64), want, 2e-5, 2e-6, where);
}

void run_eagerly(const testing::GoldenCase& c) {
  MetricPtr m = make(c);
  std::vector<Batch> batches = batches_of(c);
  for (size_t i = 0; i < batches.size(); ++i) {
    EXPECT_TRUE(update(*m, batches[i]).empty()) << c.name << ": eager updates return no handles";
    expect_result(m->result(), c.outputs[i], str(c.name, " after batch ", i));
  }
  m->reset_state();
  for (const Variable& v : m->variables())
    EXPECT_EQ(sum_abs(v), 0.0) << c.name << ": " << v.name() << " after reset_state";
  update(*m, batches[0]);
  expect_result(m->result(), c.outputs[0], str(c.name, " after reset_state and batch 0"));
}

// A placeholder for `t` with an unknown batch size.
Tensor placeholder_like(const Tensor& t, const std::string& name) {
  if (!t.defined()) return {};
  Shape shape = t.shape();
  if (shape.rank() > 0) shape[0] = Shape::kUnknown;
  return graph::placeholder({t.dtype(), shape}, name);
}

void run_as_programs(const testing::GoldenCase& c) {
  MetricPtr m = make(c);
  std::vector<Batch> batches = batches_of(c);
  // One update program per kind of batch (ranks and the inputs given); the Program makes one
  // plan per batch size.
  std::map<std::string, std::pair<graph::Program, std::vector<int>>> programs;
  std::unique_ptr<graph::Program> result;
  for (size_t i = 0; i < batches.size(); ++i) {
    const Batch& b = batches[i];
    std::vector<Tensor> concrete = {b.values, b.y_true, b.y_pred, b.sample_weight, b.mask};
    std::string key;
    for (const Tensor& t : concrete)
      key +=
          t.defined() ? str(name(t.dtype()), t.rank(), t.rank() > 1 ? t.shape()[1] : 0, ";") : "-;";
    auto it = programs.find(key);
    if (it == programs.end()) {
      Batch s{placeholder_like(b.values, "values"), placeholder_like(b.y_true, "y_true"),
              placeholder_like(b.y_pred, "y_pred"),
              placeholder_like(b.sample_weight, "sample_weight"), placeholder_like(b.mask, "mask")};
      std::vector<std::vector<double>> before = values_of(*m);
      std::vector<Tensor> handles = update(*m, s);
      EXPECT_FALSE(handles.empty()) << c.name << ": symbolic updates return handles";
      if (m->variables().size() == before.size()) {  // AUC may make its variables now
        EXPECT_EQ(values_of(*m), before) << c.name << ": tracing must not change the variables";
      }
      std::vector<Tensor> inputs;
      std::vector<int> used;
      std::vector<Tensor> symbolic = {s.values, s.y_true, s.y_pred, s.sample_weight, s.mask};
      for (int k = 0; k < 5; ++k)
        if (symbolic[k].defined()) {
          inputs.push_back(symbolic[k]);
          used.push_back(k);
        }
      it = programs.emplace(key, std::make_pair(graph::Program(inputs, {}, handles), used)).first;
    }
    std::vector<Tensor> feed;
    for (int k : it->second.second) feed.push_back(concrete[static_cast<size_t>(k)]);
    it->second.first.run(feed);
    // Built after the first update, so that AUC's lazily made variables exist.
    if (!result)
      result = std::make_unique<graph::Program>(std::vector<Tensor>{},
                                                std::vector<Tensor>{m->result_graph()});
    expect_result(result->run({})[0], c.outputs[i], str(c.name, " (program) after batch ", i));
    expect_result(m->result(), c.outputs[i], str(c.name, " (program, eager read) after batch ", i));
  }
}

void run_file(const std::string& file, std::set<std::string>& classes) {
  for (const testing::GoldenCase& c : testing::load_golden(file)) {
    SCOPED_TRACE(c.name);
    classes.insert(c.extra.at("class").get<std::string>());
    run_eagerly(c);
    run_as_programs(c);
  }
}

TEST(MetricsGolden, TensorFlowJs) {
  std::set<std::string> classes;
  run_file("metrics.json", classes);
  EXPECT_EQ(classes.size(), 10u);
}

TEST(MetricsGolden, NumPy) {
  std::set<std::string> classes;
  run_file("metrics_numpy.json", classes);
  EXPECT_EQ(classes.size(), 11u);
}

// Every class in the registry (but the generic MeanMetricWrapper, covered by its subclasses
// and tests/metrics/metrics_test.cc) has golden cases.
TEST(MetricsGolden, EveryClassHasCases) {
  std::set<std::string> covered;
  for (const char* file : {"metrics.json", "metrics_numpy.json"})
    for (const testing::GoldenCase& c : testing::load_golden(file))
      covered.insert(c.extra.at("class").get<std::string>());
  for (const std::string& name : metrics::registry().names()) {
    MetricPtr probe;
    try {
      probe = metrics::get(name);
    } catch (const Error&) {
      continue;  // MeanMetricWrapper needs a function
    }
    if (probe->class_name() != name) continue;  // an alias or a snake_case name
    EXPECT_TRUE(covered.count(name)) << name << " has no golden case";
  }
}

}  // namespace
}  // namespace keras
