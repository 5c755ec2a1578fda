// TraceScope: the variable updates a traced step makes, collected where they are made.
//
// A training step changes state in many places: the optimizer's update ops, the metrics'
// accumulations, a layer's moving statistics, an ops::assign in a user's own train_step. On
// symbolic tensors each of these adds a graph node without outputs and hands back its control
// handle (node.h), and a graph::Program runs only the update handles it is given. Keras code
// never passes such handles around: in TensorFlow, tf.function adds automatic control
// dependencies on every stateful op it traces, and JAX's trainer threads the state through for
// the user. Here graph::add_node reports every control handle it makes to the innermost
// TraceScope open on the calling thread; the code that traces a step opens one, calls the step,
// and gives what the scope collected to the step's Program as its updates.
//
// Invariants:
//  - per thread: a trace on another thread neither sees nor feeds this one;
//  - creation order: the handles come back in the order the step made them, which is the order
//    the program runs them (after everything else in a run, program.h);
//  - only the innermost scope records: a program traced inside another trace (a step that calls
//    predict()) keeps its own updates, and its caller's program does not run them;
//  - a paused scope (TraceScope::Pause) records nothing: graphs traced on the side, whose
//    placeholders the step's program never binds (a layer's shape inference, the functional
//    API's bookkeeping), leave no updates behind;
//  - eager updates (concrete tensors) run at once and never pass through here.
//
// While a scope records, active() is true: Metric::result() then builds its value as graph
// nodes (as Keras's metric.result() inside a traced train_step), so a step can return it.
#pragma once

#include <vector>

#include "keras/core/tensor.h"

namespace keras::graph {

class TraceScope {
 public:
  TraceScope() : TraceScope(/*recording=*/true) {}
  ~TraceScope();
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;

  // The update handles recorded so far, in creation order; the scope starts over empty.
  std::vector<Tensor> take_updates();

  // Whether the innermost scope open on this thread records (a step is being traced).
  static bool active();
  // Hands a control handle to the innermost open scope, if it records (called by add_node).
  static void record(const Tensor& handle);

  class Pause;

 private:
  explicit TraceScope(bool recording);

  TraceScope* parent_;
  bool recording_;
  std::vector<Tensor> updates_;
};

// Suspends recording on this thread while it lives (scopes opened inside it record again).
class TraceScope::Pause {
 public:
  Pause() : scope_(/*recording=*/false) {}

 private:
  TraceScope scope_;
};

}  // namespace keras::graph
