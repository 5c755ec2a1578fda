// Every metric against Keras 3 itself, batch by batch: tests/golden/data/keras3_metrics.json
// (tests/golden/keras3/make_metrics.py, Keras 3.15 on JAX) holds each metric kerascpp has with
// its arguments (thresholds, top_k, class_id, AUC's curves and summation methods, from_logits,
// label smoothing, ignore_class...), its Keras config, two to four batches with sample weights
// and masks, and result() after each batch and after reset_state() and the first batch again.
// The metric is built from Keras's own config. Each case is run three ways: eagerly, again after
// reset_state(), and as graph programs (the symbolic update handles run by a Program whose
// inputs are placeholders with an unknown batch size, the result read by a second program).
//
// Tolerance: |got - want| <= 1e-6·|want| + 4e-6 per element (float32). The accumulators are
// float32 variables on both sides, updated by the same sums in other orders (8 ulps of the
// result); the absolute part covers Keras's cancellations: with evenly spaced thresholds it
// counts false negatives as sum(weighted positives) - true positives (and true negatives
// likewise), each a float32 sum of weights near 10 (ulp 1e-6) summed in Keras's bucket order,
// which leaves 2e-6 on a count of 1.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/metrics/metrics.h"
#include "tests/layers/layer_test.h"
#include "tests/support/golden.h"
#include "tests/support/paths.h"

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
  EXPECT_EQ(got.dtype(), want.dtype()) << where;
  EXPECT_EQ(got.shape(), want.shape()) << where;
  testing::expect_near(got.astype(DType::float64), want.astype(DType::float64), 1e-6, 4e-6, where);
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
  ASSERT_EQ(c.outputs.size(), batches.size() + 1) << c.name;
  expect_result(m->result(), c.outputs.back(), str(c.name, " after reset_state and batch 0"));
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

std::set<std::string> run_file(const std::string& file) {
  std::set<std::string> classes;
  for (const testing::GoldenCase& c : testing::load_golden(file)) {
    SCOPED_TRACE(c.name);
    classes.insert(c.extra.at("class").get<std::string>());
    run_eagerly(c);
    run_as_programs(c);
  }
  return classes;
}

TEST(MetricsGolden, Keras3) {
  EXPECT_EQ(run_file("keras3_metrics.json").size(), 22u);
}

// Every class in the registry has Keras 3 cases; the classes Keras has and kerascpp lacks are
// recorded (for the README) and really are missing here.
TEST(MetricsGolden, EveryClassHasKeras3Cases) {
  std::set<std::string> covered;
  for (const testing::GoldenCase& c : testing::load_golden("keras3_metrics.json"))
    covered.insert(c.extra.at("class").get<std::string>());
  int classes = 0;
  for (const std::string& name : metrics::registry().names()) {
    if (name.find('>') != std::string::npos) continue;  // a user class
    if (name != "MeanMetricWrapper") {
      MetricPtr probe;
      try {
        probe = metrics::get(name);
      } catch (const Error&) {
        continue;  // mean_metric_wrapper: the wrapper needs a function
      }
      if (probe->class_name() != name) continue;  // an alias or a snake_case name
    }
    ++classes;
    EXPECT_TRUE(covered.count(name))
        << name << " has no Keras 3 case (add it to tests/golden/keras3/make_metrics.py)";
  }
  EXPECT_EQ(classes, 22);
  std::ifstream in(testing::source_dir() / "tests/golden/data/keras3_metrics.json");
  Json data = Json::parse(in);
  for (const Json& name : data.at("not_in_kerascpp"))
    EXPECT_FALSE(metrics::registry().contains(name.get<std::string>()))
        << name << " is in kerascpp now: make its Keras 3 cases";
}

}  // namespace
}  // namespace keras
