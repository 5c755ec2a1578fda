// A model's train_step, test_step or predict_step traced into programs, once per data signature
// (Keras's make_train_function / make_test_function / make_predict_function). Internal to the
// trainer.
//
// Tracing calls the step once, on placeholders shaped like a batch with the batch dimension
// unknown, inside a graph::TraceScope. What the step returns and the updates the scope collected
// become up to three programs:
//   step:        the batch -> the returned values that depend on it (a batch's loss, the
//                predictions), running every collected update after everything else, in the
//                order the step made them;
//   results:     no inputs -> the returned values of variables alone (metric results), run after
//                the step so that they see its updates, as Keras's result() after update_state
//                does (a single program would fetch them before its updates, program.h);
//   constraints: (train) each constrained trainable weight = constraint(weight), after the step.
// Keras's default steps return only metric results, so their step program fetches nothing and
// their results program reads every metric: the programs the trainer built before steps could be
// overridden, and as fast.
//
// A run binds the batch and writes the step's outputs into buffers kept per batch shape; the
// programs cache a plan per input shape, so a partial last batch costs one more plan, once.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "keras/callbacks/callback.h"
#include "keras/core/nested.h"
#include "keras/core/tensor_meta.h"
#include "keras/graph/program.h"
#include "keras/models/model.h"

namespace keras::models {

enum class StepMode { train, test, predict };

// What a step is traced for: the structures of x, y and sample_weight, and every array's dtype
// and shape with the batch dimension unknown.
struct Signature {
  Nested<int> x_structure, y_structure, w_structure;
  std::vector<TensorMeta> x, y, w;
  bool operator==(const Signature& other) const;
};

// The signature of a batch given flat (x..., y..., sample_weight...), the first `nx` arrays being
// x and the next `ny` y.
Signature signature_of(const std::vector<Tensor>& batch, size_t nx, size_t ny,
                       const Nested<int>& x_structure, const Nested<int>& y_structure,
                       const Nested<int>& w_structure);

// A program whose outputs are written into buffers kept per batch shape.
class CompiledStep {
 public:
  explicit CompiledStep(graph::Program program) : program_(std::move(program)) {}
  // Runs on `inputs`; the outputs stay valid until the next run with inputs of the same shapes.
  std::vector<Tensor>& run(const std::vector<Tensor>& inputs);

 private:
  graph::Program program_;
  std::map<std::vector<Shape>, std::vector<Tensor>> buffers_;
};

class TracedStep {
 public:
  // Traces `model`'s step for `mode` on placeholders of `signature`. TypeError when float data
  // would feed an integer input; whatever the step throws passes through.
  TracedStep(ModelImpl& model, StepMode mode, Signature signature);

  const Signature& signature() const { return signature_; }
  // Runs the step on one batch (flat x..., y..., sample_weight...; x only for predict), then the
  // constraints. Returns the step program's outputs: for predict the predictions (flat, in
  // output_structure()), valid until the next run.
  const std::vector<Tensor>& run(const std::vector<Tensor>& batch);
  // The values the step returned, as logs: the batch-dependent ones from the last run, the
  // others read now. Non-scalar values are averaged, as Keras's progress bar does.
  callbacks::Logs logs();
  // predict: the structure of what predict_step returned.
  const Nested<int>& output_structure() const { return output_structure_; }

 private:
  // Where a returned value comes from.
  struct Source {
    std::string name;
    enum { step, results, constant } program;
    size_t index = 0;  // into the step's or the results program's outputs
    double value = 0;  // a constant
  };

  Signature signature_;
  std::unique_ptr<CompiledStep> step_, results_;
  std::unique_ptr<graph::Program> constraints_;
  std::vector<Source> sources_;
  Nested<int> output_structure_;
  const std::vector<Tensor>* last_outputs_ = nullptr;
};

// A tensor's value as one number for the logs: the value of a scalar, else the mean.
double log_value(const Tensor& value);

}  // namespace keras::models
