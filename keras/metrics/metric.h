// keras.metrics.Metric (keras/src/metrics/metric.py): a stateful accumulator.
//
// A metric owns variables (totals, counts, confusion-matrix cells), accumulates batches with
// update_state(), reports result() and starts over with reset_state(). update_state() is built
// from keras::ops: on concrete tensors it updates the variables at once; on symbolic tensors
// (inside a training or test program being traced) it returns the control handles of the
// variable updates, which the program must run (graph::Program's `updates`). result() reads the
// variables (result_graph() builds the same computation as graph nodes, for programs).
//
//   metrics::SparseCategoricalAccuracy accuracy;   // a handle to a new metric
//   accuracy->update_state(labels, probabilities);
//   double value = accuracy->result().item<double>();
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/arg_form.h"
#include "keras/core/handle.h"
#include "keras/core/json_fwd.h"
#include "keras/core/object_arg.h"
#include "keras/core/tensor.h"
#include "keras/core/variable.h"
#include "keras/initializers/initializer.h"

namespace keras::metrics {

// The arguments every Keras metric class takes, last in each metric's options struct.
#define KERAS_METRIC_OPTIONS                                                            \
  std::string name;                    /* empty: the Keras default name of the class */ \
  std::optional<::keras::DType> dtype; /* floatx when empty */                          \
  ::keras::metrics::MetricOptions metric_options() const {                              \
    return {name, dtype};                                                               \
  }

// The options of the metric classes that take nothing but these.
struct MetricOptions {
  KERAS_METRIC_OPTIONS
};

class Metric {
 public:
  // class_name: "SparseCategoricalAccuracy"; default_name: Keras's default
  // ("sparse_categorical_accuracy") for classes whose `name` argument has a default string.
  // An empty default_name stands for Keras's `name=None`: the name is then
  // utils::auto_name(class_name), made unique per process ("precision", "precision_1", ...).
  Metric(std::string class_name, std::string default_name, const MetricOptions& options);
  virtual ~Metric() = default;
  Metric(const Metric&) = delete;
  Metric& operator=(const Metric&) = delete;

  // Accumulates one batch. Returns the update handles when any input is symbolic (empty when
  // the update ran at once; a step being traced collects them itself, graph/trace_scope.h).
  // y_pred defaults to none so that Mean and Sum take Python's update_state(values) through a
  // MetricPtr too (a custom train_step's loop over model.metrics()).
  virtual std::vector<Tensor> update_state(const Tensor& y_true, const Tensor& y_pred = {},
                                           const Tensor& sample_weight = {}) = 0;
  // The value so far, from the variables' current values (a concrete scalar or tensor that
  // owns its storage: later updates do not change it). While a step is traced
  // (graph::TraceScope::active()) it is result_graph() instead, as Keras's result() inside a
  // traced train_step is a graph value.
  Tensor result() const;
  // The same computation on symbolic reads of the variables, for a program. A program runs its
  // updates after everything else, so a program that both fetches this and runs this metric's
  // update handles fetches the value from before that run's updates; fetch it from a second
  // program (no inputs) to read the value after them.
  Tensor result_graph() const;
  // Puts every variable back to its initial value.
  virtual void reset_state();

  const std::string& class_name() const { return class_name_; }
  const std::string& name() const { return name_; }
  // The trainer names a metric after the string it was given (Keras's compile_utils.get_metric
  // sets metric_obj.name), e.g. "acc".
  void set_name(std::string name) { name_ = std::move(name); }
  DType dtype() const { return dtype_; }
  // Whether the metric should go up (+1: accuracies, AUC, precision, recall) or down (-1:
  // errors, crossentropies, metrics made from a loss) as a model improves; 0 when Keras does not
  // say (its `_direction`). EarlyStopping's mode "auto" uses it.
  int direction() const { return direction_; }
  const std::vector<Variable>& variables() const { return variables_; }
  // {"name", "dtype", then the class's own keys} as Keras writes them.
  virtual Json get_config() const;

 protected:
  // Creates a state variable (not trainable) filled by `initializer` ("zeros" when none).
  Variable add_variable(const Shape& shape, const std::string& name,
                        const std::string& initializer = "zeros",
                        std::optional<DType> dtype = std::nullopt);
  // The result from the given variable values (concrete or symbolic), in variables() order.
  virtual Tensor compute_result(const std::vector<Tensor>& values) const = 0;
  // Adds `value` (cast to the variable's dtype) to `variable`: now for concrete values, else a
  // handle appended to `handles`.
  static void accumulate(const Variable& variable, const Tensor& value,
                         std::vector<Tensor>& handles);
  // The same, but symbolic whenever `symbolic` (the update_state call had a symbolic input), so
  // one call never mixes updates made now with updates left to a program: a value that happens
  // to be constant (a count of 1) becomes a graph constant.
  static void accumulate(const Variable& variable, const Tensor& value, bool symbolic,
                         std::vector<Tensor>& handles);
  // Whether any of the (defined) tensors is symbolic.
  static bool any_symbolic(std::initializer_list<Tensor> tensors);

 protected:
  void set_direction(int direction) { direction_ = direction; }
  // Metric::get_config() followed by the arguments `own` lists (a class's get_config). Defined in
  // keras/metrics/detail/metric_args.h, as is the one below.
  template <class O>
  Json config_with(args::ArgList (*own)(O&), O options) const;
  // A class's from_config: its options (the base arguments and `own`) read from `config`.
  template <class M, class O>
  static std::shared_ptr<M> from_config_with(args::ArgList (*own)(O&), const Json& config,
                                             const std::string& who);
  // The own arguments of a class that has none.
  static args::ArgList no_arguments(MetricOptions&);

 private:
  std::string class_name_, name_;
  DType dtype_;
  int direction_ = 0;
  std::vector<Variable> variables_;
  std::vector<Tensor> initial_values_;
};

// "name" and "dtype" of a config (the dtype as a name or a DTypePolicy), other keys ignored: for
// the from_config of user classes.
MetricOptions options_from_config(const Json& config, const std::string& who);

using MetricPtr = std::shared_ptr<Metric>;
using MetricArg = ObjectArg<Metric>;

// How users hold a built-in metric (keras/core/handle.h): metrics::AUC is
// OptionsHandle<AUCImpl, AUCOptions>, which makes a new AUCImpl from Keras's arguments and shares
// it when copied, converted to a MetricPtr or passed to compile():
//
//   metrics::AUC auc({.curve = "PR"});
//   model.compile({.optimizer = "adam", .loss = "bce", .metrics = {auc}});
//   double area = auc->result().item<double>();
template <class Impl, class Options>
using MetricHandle = OptionsHandle<Impl, Options>;

}  // namespace keras::metrics
