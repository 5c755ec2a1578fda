// Keras's guide "Customizing what happens in fit()" (keras.io/guides/custom_train_step_in_
// tensorflow), its first four sections in C++: a custom train_step with the compiled loss and
// metrics, one with its own loss and metrics, one that supports sample_weight, and a custom
// test_step. Each section reads as the Python does; what differs:
//  - A step is traced, not run per batch: fit() calls train_step once per data signature (the
//    batch's structure, dtypes and per-sample shapes) with symbolic tensors and compiles what it
//    built into one program, which every batch then runs. The state changes the step makes
//    (optimizer()->apply, update_state) become that program's updates by themselves, as inside
//    a tf.function; nothing is passed back.
//  - There is no GradientTape: the step is a graph, and graph::gradients(loss, variables) is
//    tape.gradient(loss, variables) (jax.grad in the JAX guide, loss.backward() in torch's).
//  - `{m.name: m.result() for m in self.metrics}` is get_metrics_result(), Keras's own method:
//    self.metrics holds "compile_metrics", whose result is a dict that Keras's logs spread out.
//  - The `metrics` property is a virtual metrics() override; `data` is a StepData whose
//    sample_weight is None (an undefined tensor) when fit() got none.
//
// Not in the guide: after each section the program checks what it printed against a
// computation by hand in double precision, and exits 1 when one fails (a ctest runs it with
// --seed 1; any seed passes). The checks: the loss falls; the loss and metrics a step reports
// are those of the batch it was given (Keras's formulas: sample weights in the loss, not in the
// metrics of compile(metrics=)); the metrics listed in metrics() are reset every epoch; evaluate()
// with the custom test_step reports what the guide's code computes; each step is traced once.
//
//   build/examples/custom_train_step [--seed S]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "keras/graph/gradients.h"
#include "keras/keras.h"

using namespace keras;
using models::MetricResults;
using models::StepData;
using models::Tensors;

namespace {

// --- The checks (not in the guide) ------------------------------------------------------------

int failures = 0;

void check(bool ok, const std::string& what) {
  std::cout << (ok ? "  ok: " : "  FAILED: ") << what << "\n";
  if (!ok) ++failures;
}

bool close(double got, double want) {
  return std::abs(got - want) <= 1e-5 + 1e-4 * std::abs(want);
}

std::string pair(double got, double want) {
  return str(" (", got, " vs ", want, " by hand)");
}

std::vector<double> values(const Tensor& t) {
  return t.to_vector<double>();
}

// Per-sample squared and absolute errors of a one-output model, in double.
struct Errors {
  std::vector<double> squared, absolute;
};
Errors errors(const Tensor& y, const Tensor& y_pred) {
  std::vector<double> truth = values(y), pred = values(y_pred);
  Errors e;
  for (size_t i = 0; i < truth.size(); ++i) {
    e.squared.push_back((pred[i] - truth[i]) * (pred[i] - truth[i]));
    e.absolute.push_back(std::abs(pred[i] - truth[i]));
  }
  return e;
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double d : v) sum += d;
  return sum / static_cast<double>(v.size());
}

// The loss of the first and the last epoch of a fit.
void check_loss_falls(const callbacks::History& history) {
  const std::vector<double>& loss = history->history.at("loss");
  check(loss.back() < loss.front(), str("the loss falls: ", loss.front(), " in the first epoch, ",
                                        loss.back(), " in the last"));
}

// One step on a batch reports that batch's loss and mae before the step's update.
template <class M>
void check_one_step(M& model, const Tensor& x, const Tensor& y, double want_loss, double want_mae,
                    const Tensors& sample_weight = {}) {
  model.reset_metrics();
  std::vector<double> logs = model.train_on_batch(x, y, sample_weight);
  check(logs.size() == 2 && close(logs[0], want_loss),
        "train_on_batch reports the batch's loss" + pair(logs.at(0), want_loss));
  check(logs.size() == 2 && close(logs[1], want_mae),
        "train_on_batch reports the batch's mae" + pair(logs.at(1), want_mae));
}

}  // namespace

// --- A first simple example ---------------------------------------------------------------------

namespace a_first_simple_example {

class CustomModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;
  int traced = 0;  // not in the guide: how often fit() called train_step

  MetricResults train_step(const StepData& data) override {
    ++traced;
    // Unpack the data. Its structure depends on your model and
    // on what you pass to `fit()`.
    const auto& [x, y, sample_weight] = data;

    // (No tape: the step is traced into a graph, differentiated below.)
    Tensors y_pred = (*this)(x, {.training = true});  // Forward pass
    // Compute the loss value
    // (the loss function is configured in `compile()`)
    Tensor loss = compute_loss(x, y, y_pred);

    // Compute gradients
    std::vector<Variable> trainable_vars = trainable_weights();
    std::vector<Tensor> gradients = graph::gradients(loss, trainable_vars);

    // Update weights
    optimizer()->apply(gradients, trainable_vars);

    // Update metrics (includes the metric that tracks the loss)
    for (const metrics::MetricPtr& metric : metrics()) {
      if (metric->name() == "loss")
        metric->update_state(loss);
      else
        metric->update_state(y, y_pred);
    }

    // Return a dict mapping metric names to current value
    return get_metrics_result();  // {m.name: m.result() for m in self.metrics}
  }
};

void run() {
  // Construct and compile an instance of CustomModel
  Tensor inputs = keras::Input({32});
  Tensor outputs = layers::Dense(1)(inputs);
  auto model = models::make_model<CustomModel>(inputs, outputs);
  model.compile({.optimizer = "adam", .loss = "mse", .metrics = {"mae"}});

  // Just use `fit` as usual
  Tensor x = random::uniform(Shape{1000, 32});
  Tensor y = random::uniform(Shape{1000, 1});
  callbacks::History history = model.fit(x, y, {.epochs = 3});

  check_loss_falls(history);
  check(model->traced == 1,
        str("fit traced train_step once for 32 batches (", model->traced, " times)"));
  // The metrics the step logs are those of the batch it ran on, before its update.
  Tensor xb = x.slice(0, 64), yb = y.slice(0, 64);
  Errors e = errors(yb, model.predict(xb, {.verbose = 0}));
  check_one_step(model, xb, yb, mean(e.squared), mean(e.absolute));
  // evaluate() runs Keras's default test_step on the compiled loss and metrics.
  Errors all = errors(y, model.predict(x, {.verbose = 0}));
  std::vector<double> score = model.evaluate(x, y, {.verbose = 0});
  check(close(score.at(0), mean(all.squared)),
        "evaluate's loss is the mean squared error" + pair(score[0], mean(all.squared)));
  check(close(score.at(1), mean(all.absolute)),
        "evaluate's mae is the mean absolute error" + pair(score[1], mean(all.absolute)));
}

}  // namespace a_first_simple_example

// --- Going lower-level
// ----------------------------------------------------------------------------

namespace going_lower_level {

class CustomModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;
  metrics::Mean loss_tracker = metrics::Mean({.name = "loss"});
  metrics::MeanAbsoluteError mae_metric = metrics::MeanAbsoluteError({.name = "mae"});
  losses::MeanSquaredError loss_fn;

  MetricResults train_step(const StepData& data) override {
    const auto& [x, y, sample_weight] = data;

    Tensor y_pred = (*this)(x, {.training = true});  // Forward pass
    // Compute our own loss
    Tensor loss = loss_fn(y, y_pred);

    // Compute gradients
    std::vector<Variable> trainable_vars = trainable_weights();
    std::vector<Tensor> gradients = graph::gradients(loss, trainable_vars);

    // Update weights
    optimizer()->apply(gradients, trainable_vars);

    // Compute our own metrics
    loss_tracker->update_state(loss);
    mae_metric->update_state(y, y_pred);
    return {
        {"loss", loss_tracker->result()},
        {"mae", mae_metric->result()},
    };
  }

  std::vector<metrics::MetricPtr> metrics() const override {
    // We list our `Metric` objects here so that `reset_states()` can be
    // called automatically at the start of each epoch
    // or at the start of `evaluate()`.
    return {loss_tracker, mae_metric};
  }
};

void run() {
  // Construct an instance of CustomModel
  Tensor inputs = keras::Input({32});
  Tensor outputs = layers::Dense(1)(inputs);
  auto model = models::make_model<CustomModel>(inputs, outputs);

  // We don't pass a loss or metrics here.
  model.compile({.optimizer = "adam"});

  // Just use `fit` as usual -- you can use callbacks, etc.
  Tensor x = random::uniform(Shape{1000, 32});
  Tensor y = random::uniform(Shape{1000, 1});
  callbacks::History history = model.fit(x, y, {.epochs = 5});

  check_loss_falls(history);
  // Reset at each epoch's start, the metrics hold the last epoch alone: 32 batch losses and the
  // errors of 1000 samples (five epochs would be 160 and 5000).
  double batches = model->loss_tracker->variables()[1].value().item<double>();
  double samples = model->mae_metric->variables()[1].value().item<double>();
  check(batches == 32 && samples == 1000,
        str("metrics() were reset every epoch: ", batches, " losses and ", samples,
            " errors counted in the last"));
  check(close(history->history.at("loss").back(), model->loss_tracker->result().item<double>()),
        "the last epoch's logged loss is loss_tracker's result");
  Tensor xb = x.slice(100, 164), yb = y.slice(100, 164);
  Errors e = errors(yb, model.predict(xb, {.verbose = 0}));
  check_one_step(model, xb, yb, mean(e.squared), mean(e.absolute));
}

}  // namespace going_lower_level

// --- Supporting sample_weight & class_weight
// ------------------------------------------------------

namespace supporting_sample_weight {

class CustomModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;

  MetricResults train_step(const StepData& data) override {
    // Unpack the data. Its structure depends on your model and
    // on what you pass to `fit()`. (sample_weight is None when fit() got none.)
    const auto& [x, y, sample_weight] = data;

    Tensors y_pred = (*this)(x, {.training = true});  // Forward pass
    // Compute the loss value.
    // The loss function is configured in `compile()`.
    Tensor loss = compute_loss(x, y, y_pred, sample_weight);

    // Compute gradients
    std::vector<Variable> trainable_vars = trainable_weights();
    std::vector<Tensor> gradients = graph::gradients(loss, trainable_vars);

    // Update weights
    optimizer()->apply(gradients, trainable_vars);

    // Update the metrics.
    // Metrics are configured in `compile()`.
    for (const metrics::MetricPtr& metric : metrics()) {
      if (metric->name() == "loss")
        metric->update_state(loss);
      else
        metric->update_state(y, y_pred, sample_weight);
    }

    // Return a dict mapping metric names to current value.
    // Note that it will include the loss (tracked in self.metrics).
    return get_metrics_result();
  }
};

void run() {
  // Construct and compile an instance of CustomModel
  Tensor inputs = keras::Input({32});
  Tensor outputs = layers::Dense(1)(inputs);
  auto model = models::make_model<CustomModel>(inputs, outputs);
  model.compile({.optimizer = "adam", .loss = "mse", .metrics = {"mae"}});

  // You can now use sample_weight argument
  Tensor x = random::uniform(Shape{1000, 32});
  Tensor y = random::uniform(Shape{1000, 1});
  Tensor sw = random::uniform(Shape{1000, 1});
  callbacks::History history = model.fit(x, y, {.epochs = 3, .sample_weight = sw});

  check_loss_falls(history);
  // Keras weights the loss (sum of w * error / batch size); "mae" came in compile(metrics=),
  // not weighted_metrics=, so compile_metrics updates it without the weights.
  Tensor xb = x.slice(0, 64), yb = y.slice(0, 64), swb = sw.slice(0, 64);
  Errors e = errors(yb, model.predict(xb, {.verbose = 0}));
  std::vector<double> w = values(swb), weighted(e.squared.size());
  for (size_t i = 0; i < w.size(); ++i) weighted[i] = w[i] * e.squared[i];
  check(std::abs(mean(weighted) - mean(e.squared)) > 1e-3 * mean(e.squared),
        "the weighted loss differs from the unweighted one on this batch");
  check_one_step(model, xb, yb, mean(weighted), mean(e.absolute), swb);
}

}  // namespace supporting_sample_weight

// --- Providing your own evaluation step
// -----------------------------------------------------------

namespace providing_your_own_evaluation_step {

class CustomModel : public models::FunctionalImpl {
 public:
  using FunctionalImpl::FunctionalImpl;
  int traced = 0;  // not in the guide: how often evaluate() called test_step

  MetricResults test_step(const StepData& data) override {
    ++traced;
    // Unpack the data
    const auto& [x, y, sample_weight] = data;
    // Compute predictions
    Tensors y_pred = (*this)(x, {.training = false});
    // Updates the metrics tracking the loss
    Tensor loss = compute_loss(x, y, y_pred);
    // Update the metrics.
    for (const metrics::MetricPtr& metric : metrics()) {
      if (metric->name() == "loss")
        metric->update_state(loss);
      else
        metric->update_state(y, y_pred);
    }
    // Return a dict mapping metric names to current value.
    // Note that it will include the loss (tracked in self.metrics).
    return get_metrics_result();
  }
};

void run() {
  // Construct an instance of CustomModel
  Tensor inputs = keras::Input({32});
  Tensor outputs = layers::Dense(1)(inputs);
  auto model = models::make_model<CustomModel>(inputs, outputs);
  model.compile({.loss = "mse", .metrics = {"mae"}});

  // Evaluate with our custom test_step
  Tensor x = random::uniform(Shape{1000, 32});
  Tensor y = random::uniform(Shape{1000, 1});
  std::vector<double> score = model.evaluate(x, y);

  // The guide's loss tracker averages the 32 batch losses (the last batch has 8 samples, so this
  // is not the mean over samples); the mae is over the samples.
  Errors e = errors(y, model.predict(x, {.verbose = 0}));
  std::vector<double> batch_losses;
  for (size_t begin = 0; begin < e.squared.size(); begin += 32) {
    size_t end = std::min(begin + 32, e.squared.size());
    batch_losses.push_back(mean(std::vector<double>(e.squared.begin() + static_cast<long>(begin),
                                                    e.squared.begin() + static_cast<long>(end))));
  }
  check(close(score.at(0), mean(batch_losses)),
        "evaluate reports the mean of the batch losses" + pair(score[0], mean(batch_losses)));
  check(close(score.at(1), mean(e.absolute)),
        "evaluate reports the mean absolute error" + pair(score[1], mean(e.absolute)));
  std::vector<double> again = model.evaluate(x, y, {.verbose = 0});
  check(again == score,
        "metrics() are reset when evaluate() starts: a second run reports the same");
  check(model->traced == 1, str("evaluate traced test_step once (", model->traced, " times)"));
}

}  // namespace providing_your_own_evaluation_step

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) {
      utils::set_random_seed(std::atoll(argv[++i]));  // not in the guide: a repeatable run
    } else {
      std::fprintf(stderr, "usage: %s [--seed S]\n", argv[0]);
      return 2;
    }
  }
  try {
    std::cout << "== A first simple example\n";
    a_first_simple_example::run();
    std::cout << "== Going lower-level\n";
    going_lower_level::run();
    std::cout << "== Supporting sample_weight & class_weight\n";
    supporting_sample_weight::run();
    std::cout << "== Providing your own evaluation step\n";
    providing_your_own_evaluation_step::run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "custom_train_step: %s\n", e.what());
    return 1;
  }
  if (failures) std::cout << failures << " check(s) failed\n";
  return failures ? 1 : 0;
}
