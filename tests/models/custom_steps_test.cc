// Keras 3's extension points of fit() (model.h "Customizing fit()"): overridden train_step,
// test_step, predict_step, compute_loss and compute_metrics, the metrics property, and what the
// trace makes of a step: updates collected without plumbing and run in the order made, returned
// values read before (batch values) or after (variables alone) the step's updates, one trace per
// data signature. Every value is checked against a float64 computation by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "keras/callbacks/callbacks.h"
#include "keras/config/config.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/layers/layers.h"
#include "keras/metrics/metrics.h"
#include "keras/models/functional.h"
#include "keras/models/sequential.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/updates.h"
#include "keras/optimizers/optimizers.h"
#include "keras/utils/naming.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Dense;
using models::MetricResults;
using models::StepData;
using models::Tensors;

// Everything in float64 for the test's lifetime, so that hand computations match to 1e-12.
struct Float64 {
  Float64() { config::set_floatx("float64"); }
  ~Float64() { config::set_floatx("float32"); }
};

Tensor data(Shape shape, uint64_t seed) {
  return testing::uniform(shape, -1, 1, seed);  // float64
}

std::vector<double> values(const Tensor& t) {
  return t.to_vector<double>();
}

// A linear model without bias: x (n, 3) -> (n, 1).
struct Linear {
  Tensor inputs = layers::Input({3});
  Dense dense{Dense(1, {.use_bias = false})};
  Tensor outputs = dense(inputs);
  std::vector<double> kernel() const { return values(dense->kernel().value()); }
};

// y_pred = x @ w, in double.
std::vector<double> predict(const std::vector<double>& x, const std::vector<double>& w) {
  std::vector<double> out(x.size() / w.size(), 0.0);
  for (size_t i = 0; i < out.size(); ++i)
    for (size_t k = 0; k < w.size(); ++k) out[i] += x[i * w.size() + k] * w[k];
  return out;
}

// The default train_step with one more update: a counter incremented by an assign the step makes
// itself, and given to no one.
class CountingModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;
  Variable steps{Tensor::scalar(0.0).astype(DType::float32), "steps", /*trainable=*/false};
  int traced = 0;

  MetricResults train_step(const StepData& data) override {
    ++traced;
    ops::assign_add(graph::as_symbolic(steps), 1.0);
    return FunctionalImpl::train_step(data);
  }
};

TEST(CustomSteps, UpdatesAStepMakesRunWithoutPlumbing) {
  utils::clear_session();
  Linear m;
  auto model = models::make_model<CountingModel>(m.inputs, m.outputs);
  model.compile({.optimizer = "sgd", .loss = "mse"});
  Tensor x = data(Shape{20, 3}, 1).astype(DType::float32),
         y = data(Shape{20, 1}, 2).astype(DType::float32);
  model.fit(x, y, {.batch_size = 6, .epochs = 3, .verbose = 0});
  EXPECT_EQ(model->steps.value().item<double>(), 12);  // 4 batches (the last of 2) x 3 epochs
  EXPECT_EQ(model->traced, 1);  // the partial last batch has the same signature
  EXPECT_EQ(model.optimizer()->iterations().value().item<int64_t>(), 12);
  // A new signature (float64 data) traces again.
  model.fit(x.astype(DType::float64), y, {.batch_size = 20, .epochs = 1, .verbose = 0});
  EXPECT_EQ(model->traced, 2);
  EXPECT_EQ(model->steps.value().item<double>(), 13);
}

// A step of assignments only: updates run in the order made; a returned value of variables alone
// is read after them, a value that depends on the batch before them.
class OrderModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;
  Variable v{Tensor::scalar(0.0), "v", /*trainable=*/false};

  MetricResults train_step(const StepData& data) override {
    Tensor read = graph::as_symbolic(v);
    ops::assign(read, 5.0);
    ops::assign_add(read, ops::add(ops::sum(data.x.single()), 2.0));
    return {{"after", read},
            {"before", ops::add(read, ops::multiply(ops::sum(data.x.single()), 0.0))},
            {"constant", Tensor::scalar(4.0)}};
  }
};

TEST(CustomSteps, UpdatesRunInOrderAndValuesAreReadWhereTheyBelong) {
  Float64 f64;
  utils::clear_session();
  Linear m;
  auto model = models::make_model<OrderModel>(m.inputs, m.outputs);
  model.compile({.optimizer = "sgd"});
  Tensor x = data(Shape{2, 3}, 3);
  double sum = 0;
  for (double d : values(x)) sum += d;
  std::vector<double> first = model.train_on_batch(x);  // in sorted key order: no metrics_names
  ASSERT_EQ(first.size(), 3u);
  EXPECT_NEAR(first[0], 5 + sum + 2, 1e-12);  // "after": assign, then assign_add
  EXPECT_NEAR(first[1], 0, 1e-12);            // "before": v as the step started
  EXPECT_EQ(first[2], 4);
  std::vector<double> second = model.train_on_batch(x);
  EXPECT_NEAR(second[0], 5 + sum + 2, 1e-12);
  EXPECT_NEAR(second[1], 5 + sum + 2, 1e-12);
}

// compute_loss overridden: the default train_step differentiates what it returns.
class MaeModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;
  Tensor compute_loss(const Tensors&, const Tensors& y, const Tensors& y_pred, const Tensors&,
                      bool) override {
    return ops::mean(ops::abs(ops::subtract(y_pred.single(), y.single())));
  }
};

TEST(CustomSteps, ComputeLossDrivesTheDefaultTrainStep) {
  Float64 f64;
  utils::clear_session();
  Linear m;
  auto model = models::make_model<MaeModel>(m.inputs, m.outputs);
  model.compile({.optimizer = optimizers::SGD(optimizers::SGDOptions{.learning_rate = 0.125})});
  Tensor x = data(Shape{8, 3}, 4), y = data(Shape{8, 1}, 5);
  std::vector<double> w = m.kernel(), xs = values(x), ys = values(y);
  std::vector<double> p = predict(xs, w);
  double loss = 0;
  std::vector<double> grad(3, 0.0);
  for (size_t i = 0; i < 8; ++i) {
    loss += std::abs(p[i] - ys[i]) / 8;
    for (size_t k = 0; k < 3; ++k) grad[k] += (p[i] > ys[i] ? 1.0 : -1.0) * xs[i * 3 + k] / 8;
  }
  std::vector<double> logs = model.train_on_batch(x, y);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_NEAR(logs[0], loss, 1e-12);
  std::vector<double> after = m.kernel();
  for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(after[k], w[k] - 0.125 * grad[k], 1e-12);
}

// compute_metrics overridden as Keras's docstring shows: the compiled metrics, then one more.
class ExtraMetricModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;
  metrics::Sum samples = metrics::Sum({.name = "samples"});

  MetricResults compute_metrics(const Tensors& x, const Tensors& y, const Tensors& y_pred,
                                const Tensors& sample_weight) override {
    MetricResults results = FunctionalImpl::compute_metrics(x, y, y_pred, sample_weight);
    samples->update_state(ops::sum(ops::ones_like(y.single())));
    results["samples"] = samples->result();
    return results;
  }
  std::vector<metrics::MetricPtr> metrics() const override {
    std::vector<metrics::MetricPtr> out = FunctionalImpl::metrics();
    out.push_back(samples);
    return out;
  }
};

TEST(CustomSteps, ComputeMetricsAndTheMetricsProperty) {
  Float64 f64;
  utils::clear_session();
  Linear m;
  auto model = models::make_model<ExtraMetricModel>(m.inputs, m.outputs);
  model.compile({.optimizer = optimizers::SGD(optimizers::SGDOptions{.learning_rate = 0.0}),
                 .loss = "mse",
                 .metrics = {"mae"}});
  Tensor x = data(Shape{10, 3}, 6), y = data(Shape{10, 1}, 7);
  callbacks::History history = model.fit(x, y, {.batch_size = 4, .epochs = 2, .verbose = 0});
  // Reset every epoch: each epoch counts its 10 samples once.
  EXPECT_EQ(history->history.at("samples"), (std::vector<double>{10, 10}));
  std::vector<double> p = predict(values(x), m.kernel()), ys = values(y);
  double mse = 0, mae = 0;
  for (size_t i = 0; i < 10; ++i) {
    mse += (p[i] - ys[i]) * (p[i] - ys[i]) / 10;
    mae += std::abs(p[i] - ys[i]) / 10;
  }
  EXPECT_NEAR(history->history.at("loss").back(), mse, 1e-12);  // learning rate 0: fixed weights
  EXPECT_NEAR(history->history.at("mae").back(), mae, 1e-12);
  EXPECT_EQ(model.metrics_names(), (std::vector<std::string>{"loss", "mae", "samples"}));

  // Keras's metrics property: the loss tracker, compile_metrics (one for all compiled metrics).
  std::vector<std::string> names;
  for (const metrics::MetricPtr& metric : model.metrics()) names.push_back(metric->name());
  EXPECT_EQ(names, (std::vector<std::string>{"loss", "compile_metrics", "samples"}));
  testing::expect_error<ValueError>([&] { model.metrics()[1]->result(); },
                                    "model.get_metrics_result()");
  MetricResults results = model->get_metrics_result();
  EXPECT_NEAR(results.at("mae").item<double>(), mae, 1e-12);
  EXPECT_EQ(results.at("samples").item<double>(), 10);
  model.reset_metrics();
  EXPECT_EQ(model->samples->result().item<double>(), 0);
  EXPECT_EQ(model->get_metrics_result().at("mae").item<double>(), 0);
}

TEST(CustomSteps, MultiOutputMetricsInKerasOrder) {
  utils::clear_session();
  Tensor in = layers::Input({3});
  Tensor a = Dense(1, {.name = "a"})(in), b = Dense(2, {.name = "b"})(in);
  Model model(in, {a, b});
  model.compile({.optimizer = "sgd",
                 .loss = "mse",
                 .metrics = models::MetricSpec::by_name({{"a", {"mae"}}, {"b", {"mae"}}})});
  std::vector<std::string> before;
  for (const metrics::MetricPtr& metric : model.metrics()) before.push_back(metric->name());
  EXPECT_EQ(before, (std::vector<std::string>{"loss", "compile_metrics"}));  // nothing built yet
  model.train_on_batch(
      data(Shape{4, 3}, 8).astype(DType::float32),
      {data(Shape{4, 1}, 9).astype(DType::float32), data(Shape{4, 2}, 10).astype(DType::float32)});
  std::vector<std::string> after;
  for (const metrics::MetricPtr& metric : model.metrics()) after.push_back(metric->name());
  EXPECT_EQ(after, (std::vector<std::string>{"loss", "a_loss", "b_loss", "compile_metrics"}));
  EXPECT_EQ(model.metrics_names(),
            (std::vector<std::string>{"loss", "a_loss", "b_loss", "a_mae", "b_mae"}));
}

// predict_step overridden: predict() returns what it returns, in its structure.
class TwoViewsModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;
  Tensors predict_step(const StepData& data) override {
    Tensor y = FunctionalImpl::predict_step(data);
    return {y, ops::multiply(y, 2.0)};
  }
};

TEST(CustomSteps, PredictStepShapesWhatPredictReturns) {
  Float64 f64;
  utils::clear_session();
  Linear m;
  auto model = models::make_model<TwoViewsModel>(m.inputs, m.outputs);
  Tensor x = data(Shape{7, 3}, 11);
  Tensors out = model.predict(x, {.batch_size = 3, .verbose = 0});
  ASSERT_EQ(out.size(), 2u);
  std::vector<double> p = predict(values(x), m.kernel());
  std::vector<double> one = values(out[0]), two = values(out[1]);
  ASSERT_EQ(one.size(), 7u);
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_NEAR(one[i], p[i], 1e-12);
    EXPECT_NEAR(two[i], 2 * p[i], 1e-12);
  }
  EXPECT_FALSE(model.compiled());
}

class HandleReturningModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;
  Variable v{Tensor::scalar(0.0).astype(DType::float32), "v", false};
  MetricResults train_step(const StepData&) override {
    return {{"oops", ops::assign(graph::as_symbolic(v), 1.0)}};
  }
};

TEST(CustomSteps, ReturningAnUpdateHandleIsAnError) {
  utils::clear_session();
  Linear m;
  auto model = models::make_model<HandleReturningModel>(m.inputs, m.outputs);
  model.compile({.optimizer = "sgd"});
  testing::expect_error<ValueError>(
      [&] {
        model.train_on_batch(data(Shape{2, 3}, 12).astype(DType::float32));
      },
      "returned an update handle as 'oops'");
}

// A subclassed model around a Sequential without an Input: the Sequential is built on its first
// call, inside the traced train_step and in training mode, by tracing its layers on stand-ins for
// their shapes, BatchNormalization's update included.
class WrapperModel : public models::ModelImpl {
 public:
  WrapperModel() : ModelImpl("WrapperModel"), inner_(track(Sequential({Dense(4), bn, Dense(1)}))) {}
  layers::BatchNormalization bn;

 protected:
  Tensors call(const Tensors& inputs, const layers::CallContext&) override {
    return inner_(inputs);
  }

 private:
  Sequential inner_;
};

TEST(CustomSteps, ShapeTracesInsideAStepLeaveNoUpdates) {
  // The stand-ins' updates must not reach the step's program (it could not bind their
  // placeholders); the real call's update must.
  utils::clear_session();
  auto model = models::make_model<WrapperModel>();
  model.compile({.optimizer = "sgd", .loss = "mse"});
  Tensor x = data(Shape{16, 3}, 13).astype(DType::float32);
  model.fit(x, data(Shape{16, 1}, 14).astype(DType::float32),
            {.batch_size = 16, .epochs = 1, .verbose = 0});
  bool moved = false;  // 0.99 * 0 + 0.01 * the batch mean of the first Dense's outputs
  for (double v : values(model->bn->moving_mean().value())) moved = moved || v != 0;
  EXPECT_TRUE(moved);
}

TEST(CustomSteps, TheDefaultStepScalesTheLossAsKerasDoes) {
  // Keras's train_step multiplies the loss by the optimizer's loss_scale_factor before the
  // gradients, and apply() divides them again: the step is the unscaled one.
  Float64 f64;
  auto step = [](std::optional<double> factor) {
    utils::clear_session();
    Linear m;
    Model model(m.inputs, m.outputs);
    m.dense->set_weights({Tensor::from_vector<double>({0.5, -0.25, 1.0}, Shape{3, 1})});
    model.compile({.optimizer = optimizers::SGD(
                       optimizers::SGDOptions{.learning_rate = 0.125, .loss_scale_factor = factor}),
                   .loss = "mse"});
    model.train_on_batch(data(Shape{5, 3}, 15), data(Shape{5, 1}, 16));
    return m.kernel();
  };
  std::vector<double> plain = step(std::nullopt), scaled = step(4.0);
  for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(scaled[k], plain[k], 1e-12);
  EXPECT_NE(plain, (std::vector<double>{0.5, -0.25, 1.0}));
}

}  // namespace
}  // namespace keras
