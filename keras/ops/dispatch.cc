// ops::call: records a graph node when any input is symbolic (or is a variable's value while a
// graph::VariableReadScope is open), otherwise runs the op at once with a kernel cached per
// (backend, op, attributes, input metas).
#include <map>
#include <mutex>

#include "keras/backend/backend.h"
#include "keras/core/error.h"
#include "keras/graph/node.h"
#include "keras/ops/op_def.h"

namespace keras::ops {

namespace {

backend::Backend& choose_backend(const OpDef& op, const std::vector<Tensor>& inputs) {
  for (const Tensor& t : inputs)
    if (!t.backend().is_host()) return t.backend();
  return inputs.empty() ? backend::current() : inputs.front().backend();
}

struct EagerCache {
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<backend::Kernel>> kernels;
};

EagerCache& eager_cache() {
  static auto* cache = new EagerCache;
  return *cache;
}

}  // namespace

DType kernel_dtype(const OpDef& op, std::span<const TensorMeta> inputs,
                   std::span<const TensorMeta> outputs) {
  if (op.kernel_dtype_input >= 0 && op.kernel_dtype_input < static_cast<int>(inputs.size()))
    return inputs[static_cast<size_t>(op.kernel_dtype_input)].dtype;
  KERAS_ASSERT(!outputs.empty(), "op ", op.name, " has no input or output to pick a kernel dtype");
  return outputs.front().dtype;
}

Attrs attrs_for(const OpDef& op, Attrs attrs) {
  if (attrs.empty()) return op.attrs;
  KERAS_ASSERT(attrs.same_type(op.attrs), "op '", op.name, "' takes ", op.attrs.type_name(),
               ", got ", attrs);
  return attrs;
}

std::vector<Tensor> call(std::string_view name, std::vector<Tensor> inputs, Attrs attrs) {
  const OpDef& op = get_op(name);
  attrs = attrs_for(op, std::move(attrs));
  bool symbolic = false;
  for (const Tensor& t : inputs) {
    if (!t.defined()) throw ValueError(str("op '", name, "' got an empty tensor as input"));
    symbolic = symbolic || t.is_symbolic();
  }
  if (!symbolic && graph::VariableReadScope::active())
    for (const Tensor& t : inputs) symbolic = symbolic || t.variable() != nullptr;
  if (symbolic) return graph::add_node(op, std::move(inputs), std::move(attrs));

  int n = static_cast<int>(inputs.size());
  if (n < op.min_inputs || (op.max_inputs >= 0 && n > op.max_inputs))
    throw ValueError(str("op '", op.name, "' takes ", op.min_inputs,
                         op.max_inputs == op.min_inputs ? "" : " or more", " inputs, got ", n));
  backend::Backend& device = choose_backend(op, inputs);
  for (int i = 0; i < n; ++i) {
    Tensor& t = inputs[static_cast<size_t>(i)];
    if (&t.backend() == &device) continue;
    for (int m : op.mutates)
      if (m == i)
        throw ValueError(str("op '", name, "' updates input ", i, " in place, but it lives on the ",
                             t.backend().name(), " device and the op runs on ", device.name()));
    t = t.to(device);
  }

  backend::KernelSpec spec;
  spec.op = op.name;
  for (const Tensor& t : inputs) spec.inputs.push_back(t.meta());
  spec.outputs = op.infer(spec.inputs, attrs);
  spec.dtype = kernel_dtype(op, spec.inputs, spec.outputs);
  spec.attrs = std::move(attrs);

  std::vector<Tensor> outputs;
  std::vector<const void*> in_ptrs;
  std::vector<void*> out_ptrs;
  for (const Tensor& t : inputs) in_ptrs.push_back(t.raw_data());
  for (const TensorMeta& m : spec.outputs) {
    outputs.push_back(Tensor::empty(m.shape, m.dtype, &device));
    out_ptrs.push_back(outputs.back().raw_data());
  }

  std::string key = device.name() + "|" + op.name + "|" + spec.attrs.key();
  for (const TensorMeta& m : spec.inputs) key += "|" + m.to_string();
  EagerCache& cache = eager_cache();
  std::lock_guard lock(cache.mutex);
  auto it = cache.kernels.find(key);
  if (it == cache.kernels.end()) {
    if (cache.kernels.size() > 4096) cache.kernels.clear();  // bounded: shapes in eager code vary
    it = cache.kernels.emplace(key, device.make_kernel(spec)).first;
  }
  it->second->run(in_ptrs, out_ptrs);
  return outputs;
}

Tensor call1(std::string_view name, std::vector<Tensor> inputs, Attrs attrs) {
  std::vector<Tensor> out = call(name, std::move(inputs), std::move(attrs));
  KERAS_ASSERT(out.size() == 1, "op ", name, " has ", out.size(), " outputs");
  return out.front();
}

}  // namespace keras::ops
