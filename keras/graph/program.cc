// Program and its per-shape Plan. The plan is where the graph passes happen:
//   1. topological order of everything the fetches and updates need;
//   2. one forward walk that re-infers concrete shapes and merges common subexpressions (same op,
//      attributes and inputs; never random or side-effecting ops);
//   3. dead-node removal: only what the fetches and updates reach is ordered at all, and a
//      backward walk drops nodes whose outputs nothing reads (e.g. made dead by merging);
//   4. scheduling: variable updates (nodes without outputs) last, in the order they were given;
//      a guarded update (graph/node.h UpdateGuard) reads its bool guard and is skipped when false;
//   5. memory planning: each intermediate gets a slot of one arena; a slot is reused once the
//      last reader of its value has run, and an in-place op's output takes over its dying input's
//      slot; slots are sized before the single arena allocation, so reuse may grow a slot.
#include "keras/graph/program.h"
#include "keras/backend/backend.h"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

#include "keras/core/variable.h"
#include "keras/graph/node.h"
#include "keras/graph/topology.h"
#include "keras/ops/op_def.h"

namespace keras::graph {

namespace {
constexpr std::size_t kAlign = 64;
std::size_t aligned(std::size_t n) {
  return (n + kAlign - 1) / kAlign * kAlign;
}
}  // namespace

class Program::Plan {
 public:
  Plan(const Program& program, const std::vector<Shape>& shapes);
  void run(const std::vector<Tensor>& inputs, std::vector<Tensor>& outputs);

  std::vector<TensorMeta> output_metas;
  PlanStats stats;

 private:
  struct Value {
    TensorMeta meta;
    int slot = -1;                // arena slot of an intermediate
    const void* fixed = nullptr;  // variable or constant storage
    int input = -1;               // program input index of a placeholder
    bool constant = false;        // a constant leaf
    bool restored = false;        // a constant an op updates in place: a private copy per run
  };
  struct Step {
    const graph::Node* node;
    std::vector<int> in, out;
    bool update = false;  // a requested node without outputs
    int guard = -1;       // value id of the bool that must be true for the step to run
    std::unique_ptr<backend::Kernel> kernel;
    std::vector<const void*> in_ptrs;
    std::vector<void*> out_ptrs;
  };

  void plan_memory();

  backend::Backend& device_;
  std::vector<Value> values_;
  std::vector<void*> value_ptrs_;
  std::vector<Step> steps_;
  std::vector<int> output_values_;
  std::vector<int> input_values_;  // per program input: its value id (-1: unused)
  std::vector<std::size_t> slot_offset_;
  std::vector<Tensor> keep_alive_;    // constants copied to the device
  std::vector<int> restored_values_;  // constants re-copied into their slot before each run
  std::shared_ptr<Buffer> arena_;
};

Program::Plan::Plan(const Program& program, const std::vector<Shape>& shapes)
    : device_(*program.device_) {
  std::vector<std::shared_ptr<Node>> roots;
  for (const Tensor& t : program.outputs_) roots.push_back(t.node_ptr());
  for (const Tensor& t : program.updates_) roots.push_back(t.node_ptr());
  std::vector<std::shared_ptr<Node>> order = topological_order(roots);

  std::unordered_map<const Node*, int> input_index;
  for (size_t i = 0; i < program.inputs_.size(); ++i)
    input_index[program.inputs_[i].node()] = static_cast<int>(i);
  input_values_.assign(program.inputs_.size(), -1);

  // Forward walk: concrete shapes, leaves bound, common subexpressions merged.
  std::map<std::pair<const Node*, int>, int> value_of;
  std::map<std::string, std::vector<int>> seen;  // CSE key -> output values
  std::map<const Node*, size_t> step_of_node;
  for (const auto& node : order) {
    const ops::OpDef& op = *node->op;
    if (op.is_leaf) {
      Value v;
      std::string key;
      if (op.name == "placeholder") {
        auto it = input_index.find(node.get());
        if (it == input_index.end())
          throw ValueError(str("the graph needs the input '", node->name, "' ",
                               node->outputs[0].to_string(),
                               ", which is not among the program's inputs"));
        const Shape& want = node->outputs[0].shape;
        const Shape& got = shapes[static_cast<size_t>(it->second)];
        bool ok = want.rank() == got.rank();
        for (int d = 0; ok && d < want.rank(); ++d) ok = want[d] < 0 || want[d] == got[d];
        if (!ok)
          throw ValueError(str("input ", it->second, (node->name.empty() ? "" : " '"), node->name,
                               (node->name.empty() ? "" : "'"), ": expected shape ", want, ", got ",
                               got));
        v.meta = {node->outputs[0].dtype, got};
        v.input = it->second;
        key = str("placeholder:", it->second);
      } else if (op.name == "variable") {
        const Tensor& value = node->variable->value;
        // Host backends share memory: a variable made on one runs in place on another.
        bool shared = value.backend().is_host() && device_.is_host();
        if (&value.backend() != &device_ && !shared)
          throw ValueError(str("variable '", node->variable->name, "' lives on the ",
                               value.backend().name(), " backend, the program runs on ",
                               device_.name()));
        v.meta = value.meta();
        v.fixed = value.raw_data();
        key = str("variable:", static_cast<const void*>(node->variable.get()));
      } else {
        Tensor c = node->constant.to(device_);
        keep_alive_.push_back(c);
        v.meta = c.meta();
        v.fixed = c.raw_data();
        v.constant = true;
        key = str("constant:", c.raw_data(), ":", c.meta().to_string());
      }
      if (auto it = seen.find(key); it != seen.end()) {
        value_of[{node.get(), 0}] = it->second[0];
        continue;
      }
      values_.push_back(v);
      int id = static_cast<int>(values_.size()) - 1;
      value_of[{node.get(), 0}] = id;
      seen[key] = {id};
      if (v.input >= 0) input_values_[static_cast<size_t>(v.input)] = id;
      continue;
    }

    Step step;
    step.node = node.get();
    std::vector<TensorMeta> in_metas;
    std::string key = op.name + "(" + node->attrs.key() + ")";
    for (const Tensor& in : node->inputs) {
      int id = value_of.at({in.node(), in.output_index()});
      step.in.push_back(id);
      in_metas.push_back(values_[static_cast<size_t>(id)].meta);
      key += str(",", id);
    }
    if (node->guard.defined())
      step.guard = value_of.at({node->guard.node(), node->guard.output_index()});
    bool mergeable = !op.is_random && !op.has_side_effects;
    if (mergeable) {
      if (auto it = seen.find(key); it != seen.end()) {
        for (size_t i = 0; i < it->second.size(); ++i)
          value_of[{node.get(), static_cast<int>(i)}] = it->second[i];
        ++stats.merged;
        continue;
      }
    }
    std::vector<TensorMeta> out_metas = op.infer(in_metas, node->attrs);
    for (size_t i = 0; i < out_metas.size(); ++i) {
      if (!out_metas[i].shape.is_fully_defined())
        throw ValueError(str("op '", op.name, "' could not infer a concrete shape for output ", i,
                             " (got ", out_metas[i].shape, ")"));
      values_.push_back({out_metas[i]});
      int id = static_cast<int>(values_.size()) - 1;
      step.out.push_back(id);
      value_of[{node.get(), static_cast<int>(i)}] = id;
    }
    if (mergeable) seen[key] = step.out;
    step_of_node[node.get()] = steps_.size();
    steps_.push_back(std::move(step));
  }

  for (const Tensor& t : program.outputs_) {
    int id = value_of.at({t.node(), t.output_index()});
    output_values_.push_back(id);
    output_metas.push_back(values_[static_cast<size_t>(id)].meta);
  }

  // Backward walk: keep what the fetches and the updates need.
  std::vector<bool> needed(values_.size(), false), live(steps_.size(), false);
  for (int id : output_values_) needed[static_cast<size_t>(id)] = true;
  std::vector<size_t> update_steps;
  for (const Tensor& t : program.updates_) {
    auto it = step_of_node.find(t.node());
    if (it == step_of_node.end()) continue;  // e.g. merged away (cannot happen: side effects)
    if (std::find(update_steps.begin(), update_steps.end(), it->second) == update_steps.end())
      update_steps.push_back(it->second);
    steps_[it->second].update = steps_[it->second].out.empty();
    live[it->second] = true;
  }
  for (size_t s = steps_.size(); s-- > 0;) {
    Step& step = steps_[s];
    for (int id : step.out) live[s] = live[s] || needed[static_cast<size_t>(id)];
    if (!live[s]) continue;
    for (int id : step.in) needed[static_cast<size_t>(id)] = true;
    if (step.guard >= 0) needed[static_cast<size_t>(step.guard)] = true;
  }

  // Schedule: live steps in topological order, output-less updates last in the given order.
  std::vector<Step> scheduled;
  for (size_t s = 0; s < steps_.size(); ++s) {
    if (!live[s]) continue;
    if (!steps_[s].update) scheduled.push_back(std::move(steps_[s]));
  }
  for (size_t s : update_steps)
    if (steps_[s].update) scheduled.push_back(std::move(steps_[s]));
  steps_ = std::move(scheduled);
  stats.nodes = static_cast<int>(steps_.size());

  // A constant that an op updates in place (the seed state of `random::uniform(..., seed=42)`)
  // runs on a private copy restored before every run, so each run draws the same numbers, as a
  // Keras function traced with an integer seed does; the constant itself never changes.
  for (const Step& step : steps_)
    for (int m : step.node->op->mutates)
      if (m < static_cast<int>(step.in.size())) {
        int id = step.in[static_cast<size_t>(m)];
        Value& v = values_[static_cast<size_t>(id)];
        if (v.constant && !v.restored) {
          v.restored = true;
          restored_values_.push_back(id);
        }
      }

  plan_memory();

  for (Step& step : steps_) {
    backend::KernelSpec spec;
    spec.op = step.node->op->name;
    spec.attrs = step.node->attrs;
    for (int id : step.in) spec.inputs.push_back(values_[static_cast<size_t>(id)].meta);
    for (int id : step.out) spec.outputs.push_back(values_[static_cast<size_t>(id)].meta);
    spec.dtype = ops::kernel_dtype(*step.node->op, spec.inputs, spec.outputs);
    step.kernel = device_.make_kernel(spec);
    step.in_ptrs.resize(step.in.size());
    step.out_ptrs.resize(step.out.size());
  }
}

void Program::Plan::plan_memory() {
  const int kNever = -1, kForever = std::numeric_limits<int>::max();
  std::vector<int> last_use(values_.size(), kNever);
  for (size_t s = 0; s < steps_.size(); ++s) {
    for (int id : steps_[s].in) last_use[static_cast<size_t>(id)] = static_cast<int>(s);
    if (steps_[s].guard >= 0) last_use[static_cast<size_t>(steps_[s].guard)] = static_cast<int>(s);
  }
  for (int id : output_values_) last_use[static_cast<size_t>(id)] = kForever;

  std::vector<std::size_t> slot_size;
  std::vector<int> free_slots;
  auto take_slot = [&](std::size_t bytes) {
    // Best fit among free slots; else grow the largest free slot; else a new slot.
    int best = -1, largest = -1;
    for (int slot : free_slots) {
      std::size_t size = slot_size[static_cast<size_t>(slot)];
      if (size >= bytes && (best < 0 || size < slot_size[static_cast<size_t>(best)])) best = slot;
      if (largest < 0 || size > slot_size[static_cast<size_t>(largest)]) largest = slot;
    }
    int chosen = best >= 0 ? best : largest;
    if (chosen >= 0) {
      free_slots.erase(std::find(free_slots.begin(), free_slots.end(), chosen));
      slot_size[static_cast<size_t>(chosen)] =
          std::max(slot_size[static_cast<size_t>(chosen)], bytes);
      return chosen;
    }
    slot_size.push_back(bytes);
    return static_cast<int>(slot_size.size()) - 1;
  };

  for (int id : restored_values_)
    values_[static_cast<size_t>(id)].slot =
        take_slot(values_[static_cast<size_t>(id)].meta.bytes());
  bool host = device_.is_host();
  for (size_t i = 0; i < input_values_.size(); ++i) {
    int id = input_values_[i];
    // Inputs are bound in place on host backends; other devices get a staging slot.
    if (id >= 0 && !host)
      values_[static_cast<size_t>(id)].slot =
          take_slot(values_[static_cast<size_t>(id)].meta.bytes());
  }

  std::vector<bool> handed_over(values_.size(), false);
  auto release = [&](int id) {
    const Value& v = values_[static_cast<size_t>(id)];
    if (v.slot >= 0 && v.input < 0 && !v.constant && !handed_over[static_cast<size_t>(id)])
      free_slots.push_back(v.slot);
  };
  for (size_t s = 0; s < steps_.size(); ++s) {
    Step& step = steps_[s];
    const ops::OpDef& op = *step.node->op;
    int now = static_cast<int>(s);
    for (size_t o = 0; o < step.out.size(); ++o) {
      Value& out = values_[static_cast<size_t>(step.out[o])];
      stats.naive_bytes += static_cast<int64_t>(aligned(out.meta.bytes()));
      if (o == 0 && op.inplace_input >= 0 && op.inplace_input < static_cast<int>(step.in.size())) {
        int src = step.in[static_cast<size_t>(op.inplace_input)];
        const Value& in = values_[static_cast<size_t>(src)];
        bool sole_reader = std::count(step.in.begin(), step.in.end(), src) == 1;
        if (in.slot >= 0 && in.input < 0 && !in.constant &&
            !handed_over[static_cast<size_t>(src)] && last_use[static_cast<size_t>(src)] == now &&
            in.meta.bytes() == out.meta.bytes() && sole_reader) {
          out.slot = in.slot;
          handed_over[static_cast<size_t>(src)] = true;
          ++stats.in_place;
          continue;
        }
      }
      out.slot = take_slot(out.meta.bytes());
    }
    // An op may read one value several times (concat of x with x): free its slot once.
    for (size_t k = 0; k < step.in.size(); ++k) {
      int id = step.in[k];
      bool first = std::find(step.in.begin(), step.in.begin() + static_cast<long>(k), id) ==
                   step.in.begin() + static_cast<long>(k);
      if (first && last_use[static_cast<size_t>(id)] == now) release(id);
    }
    if (step.guard >= 0 && last_use[static_cast<size_t>(step.guard)] == now &&
        std::find(step.in.begin(), step.in.end(), step.guard) == step.in.end())
      release(step.guard);
    for (int id : step.out)
      if (last_use[static_cast<size_t>(id)] == kNever) release(id);
  }

  slot_offset_.resize(slot_size.size());
  std::size_t total = 0;
  for (size_t i = 0; i < slot_size.size(); ++i) {
    slot_offset_[i] = total;
    total += aligned(slot_size[i]);
  }
  stats.arena_bytes = static_cast<int64_t>(total);
  if (total) arena_ = std::make_shared<Buffer>(device_, total);
  value_ptrs_.assign(values_.size(), nullptr);
  for (size_t i = 0; i < values_.size(); ++i) {
    const Value& v = values_[i];
    if (v.slot >= 0)
      value_ptrs_[i] =
          static_cast<uint8_t*>(arena_->data()) + slot_offset_[static_cast<size_t>(v.slot)];
    else if (v.fixed)
      value_ptrs_[i] = const_cast<void*>(v.fixed);
  }
}

void Program::Plan::run(const std::vector<Tensor>& inputs, std::vector<Tensor>& outputs) {
  for (int id : restored_values_) {
    const Value& v = values_[static_cast<size_t>(id)];
    device_.copy_on_device(value_ptrs_[static_cast<size_t>(id)], v.fixed, v.meta.bytes());
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    int id = input_values_[i];
    if (id < 0) continue;
    const Tensor& t = inputs[i];
    Value& v = values_[static_cast<size_t>(id)];
    if (v.slot >= 0) {  // staging on a device that is not the host
      if (t.backend().is_host())
        device_.copy_from_host(value_ptrs_[static_cast<size_t>(id)], t.raw_data(), t.nbytes());
      else
        device_.copy_on_device(value_ptrs_[static_cast<size_t>(id)], t.to(device_).raw_data(),
                               t.nbytes());
    } else {
      value_ptrs_[static_cast<size_t>(id)] = t.raw_data();
    }
  }
  for (Step& step : steps_) {
    if (step.guard >= 0) {
      bool run = false;
      const void* flag = value_ptrs_[static_cast<size_t>(step.guard)];
      if (device_.is_host())
        run = *static_cast<const uint8_t*>(flag) != 0;
      else
        device_.copy_to_host(&run, flag, 1);
      if (!run) continue;
    }
    for (size_t k = 0; k < step.in.size(); ++k)
      step.in_ptrs[k] = value_ptrs_[static_cast<size_t>(step.in[k])];
    for (size_t k = 0; k < step.out.size(); ++k)
      step.out_ptrs[k] = value_ptrs_[static_cast<size_t>(step.out[k])];
    step.kernel->run(step.in_ptrs, step.out_ptrs);
  }
  for (size_t i = 0; i < output_values_.size(); ++i) {
    Tensor& out = outputs[i];
    const void* src = value_ptrs_[static_cast<size_t>(output_values_[i])];
    if (out.backend().is_host())
      device_.copy_to_host(out.raw_data(), src, out.nbytes());
    else if (&out.backend() == &device_)
      device_.copy_on_device(out.raw_data(), src, out.nbytes());
    else
      throw ValueError("Program::run: outputs must live on the host or on the program's backend");
  }
}

Program::Program(std::vector<Tensor> inputs, std::vector<Tensor> outputs,
                 std::vector<Tensor> updates, backend::Backend* device)
    : inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      updates_(std::move(updates)),
      device_(device ? device : &backend::current()) {
  for (size_t i = 0; i < inputs_.size(); ++i)
    if (!inputs_[i].is_symbolic() || inputs_[i].node()->op->name != "placeholder")
      throw ValueError(str("Program: input ", i, " must be a placeholder (a symbolic input)"));
  for (Tensor& t : outputs_) {
    if (!t.defined()) throw ValueError("Program: an output is empty");
    t = as_symbolic(t);
    if (t.output_index() == kControlIndex)
      throw ValueError("Program: an update handle was passed as an output; pass it in `updates`");
  }
  for (const Tensor& t : updates_)
    if (!t.is_symbolic())
      throw ValueError("Program: updates must be symbolic handles returned by update ops");
}

Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;

Program::Plan& Program::plan_for(const std::vector<Tensor>& inputs) {
  if (inputs.size() != inputs_.size())
    throw ValueError(str("Program expects ", inputs_.size(), " inputs, got ", inputs.size()));
  bool same = last_plan_ && last_shapes_.size() == inputs.size();
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].is_concrete())
      throw ValueError(str("Program: input ", i, " must be a concrete tensor"));
    same = same && inputs[i].shape() == last_shapes_[i];
  }
  if (same) return *last_plan_;
  std::vector<Shape> shapes;
  for (const Tensor& t : inputs) shapes.push_back(t.shape());
  auto it = plans_.find(shapes);
  if (it == plans_.end()) it = plans_.emplace(shapes, std::make_unique<Plan>(*this, shapes)).first;
  last_plan_ = it->second.get();
  last_shapes_ = std::move(shapes);
  return *last_plan_;
}

namespace {
// Inputs converted to the placeholders' dtypes (Keras converts NumPy float64 data, too).
std::vector<Tensor> converted(const std::vector<Tensor>& inputs,
                              const std::vector<Tensor>& placeholders) {
  std::vector<Tensor> out = inputs;
  for (size_t i = 0; i < out.size() && i < placeholders.size(); ++i)
    if (out[i].is_concrete() && out[i].dtype() != placeholders[i].dtype())
      out[i] = out[i].astype(placeholders[i].dtype());
  return out;
}
}  // namespace

void Program::run(const std::vector<Tensor>& inputs, std::vector<Tensor>& outputs) {
  std::vector<Tensor> in = converted(inputs, inputs_);
  Plan& plan = plan_for(in);
  if (outputs.size() != plan.output_metas.size())
    throw ValueError(str("Program::run: expected ", plan.output_metas.size(),
                         " output tensors, got ", outputs.size()));
  for (size_t i = 0; i < outputs.size(); ++i)
    if (!outputs[i].is_concrete() || outputs[i].meta() != plan.output_metas[i])
      throw ValueError(str("Program::run: output ", i, " must be a ",
                           plan.output_metas[i].to_string(), " tensor, got ",
                           outputs[i].meta().to_string()));
  plan.run(in, outputs);
}

std::vector<Tensor> Program::make_outputs(const std::vector<Tensor>& inputs, backend::Backend* on) {
  Plan& plan = plan_for(converted(inputs, inputs_));
  std::vector<Tensor> outputs;
  for (const TensorMeta& m : plan.output_metas)
    outputs.push_back(Tensor::empty(m.shape, m.dtype, on));
  return outputs;
}

std::vector<Tensor> Program::run(const std::vector<Tensor>& inputs) {
  std::vector<Tensor> outputs = make_outputs(inputs, device_);
  run(inputs, outputs);
  return outputs;
}

PlanStats Program::stats(const std::vector<Tensor>& inputs) {
  return plan_for(converted(inputs, inputs_)).stats;
}

}  // namespace keras::graph
