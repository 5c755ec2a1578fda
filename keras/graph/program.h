// Program: a symbolic graph compiled for one backend.
//
// Built from the graph's input placeholders, the tensors to fetch and the update handles to run
// (variable updates, in the order given, after everything else). For each set of concrete input
// shapes the program makes a plan once — shapes re-inferred, common subexpressions merged, dead
// nodes dropped, buffers planned by liveness into one arena with in-place reuse, one kernel per
// node — and caches it; a smaller last batch therefore costs one more plan, not one per step.
// Running a plan binds the inputs (no copy when they already live on the backend), runs the
// kernels and copies the fetched values out. With caller-provided output tensors a run makes no
// device allocation at all.
//
// Not thread-safe: one thread runs a program at a time.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "keras/core/tensor.h"

namespace keras::backend {
class Backend;
}

namespace keras::graph {

struct PlanStats {
  int nodes = 0;            // kernels run per step
  int merged = 0;           // nodes removed by common-subexpression elimination
  int removed = 0;          // dead nodes dropped
  int in_place = 0;         // outputs that reuse their input's buffer
  int64_t arena_bytes = 0;  // one device allocation holds every intermediate
  int64_t naive_bytes = 0;  // what one buffer per intermediate would need
};

class Program {
 public:
  Program(std::vector<Tensor> inputs, std::vector<Tensor> outputs, std::vector<Tensor> updates = {},
          backend::Backend* device = nullptr);
  ~Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;

  // Runs once and returns fresh copies of the fetched values (on the program's backend).
  std::vector<Tensor> run(const std::vector<Tensor>& inputs);
  // Runs once and writes the fetched values into `outputs` (concrete tensors of the right
  // shapes and dtypes, e.g. from make_outputs()); allocates nothing on the device.
  void run(const std::vector<Tensor>& inputs, std::vector<Tensor>& outputs);
  // Output tensors for run(inputs, outputs), shaped for these inputs; on `on` (default: host).
  std::vector<Tensor> make_outputs(const std::vector<Tensor>& inputs,
                                   backend::Backend* on = nullptr);

  backend::Backend& device() const { return *device_; }
  // Statistics of the plan made for these inputs' shapes (made now if needed).
  PlanStats stats(const std::vector<Tensor>& inputs);
  int plans_built() const { return static_cast<int>(plans_.size()); }

 private:
  class Plan;
  Plan& plan_for(const std::vector<Tensor>& inputs);

  std::vector<Tensor> inputs_, outputs_, updates_;
  backend::Backend* device_;
  std::map<std::vector<Shape>, std::unique_ptr<Plan>> plans_;
  Plan* last_plan_ = nullptr;
  std::vector<Shape> last_shapes_;
};

}  // namespace keras::graph
