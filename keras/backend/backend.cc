#include "keras/backend/backend.h"

#include <algorithm>

#include "keras/core/error.h"
#include "keras/ops/op_def.h"

namespace keras::backend {

void KernelTable::add(const std::string& op, std::vector<DType> dtypes, KernelFactory factory) {
  entries_[op].push_back({std::move(dtypes), std::move(factory)});
}

const KernelFactory* KernelTable::find(std::string_view op, DType dtype) const {
  auto it = entries_.find(op);
  if (it == entries_.end()) return nullptr;
  for (const Entry& e : it->second)
    if (std::find(e.dtypes.begin(), e.dtypes.end(), dtype) != e.dtypes.end()) return &e.factory;
  return nullptr;
}

std::vector<DType> KernelTable::dtypes(std::string_view op) const {
  std::vector<DType> out;
  auto it = entries_.find(op);
  if (it != entries_.end())
    for (const Entry& e : it->second) out.insert(out.end(), e.dtypes.begin(), e.dtypes.end());
  return out;
}

std::vector<std::string> KernelTable::ops() const {
  std::vector<std::string> out;
  for (const auto& [name, entries] : entries_) out.push_back(name);
  return out;
}

void* Backend::allocate(std::size_t bytes) {
  void* p = do_allocate(bytes);
  allocations_.fetch_add(1, std::memory_order_relaxed);
  int64_t now = bytes_in_use_.fetch_add(static_cast<int64_t>(bytes)) + static_cast<int64_t>(bytes);
  int64_t peak = peak_bytes_.load();
  while (now > peak && !peak_bytes_.compare_exchange_weak(peak, now)) {
  }
  return p;
}

void Backend::deallocate(void* pointer, std::size_t bytes) {
  if (!pointer) return;
  do_deallocate(pointer, bytes);
  deallocations_.fetch_add(1, std::memory_order_relaxed);
  bytes_in_use_.fetch_sub(static_cast<int64_t>(bytes));
}

AllocationStats Backend::allocation_stats() const {
  return {allocations_.load(), deallocations_.load(), bytes_in_use_.load(), peak_bytes_.load()};
}

void Backend::reset_allocation_stats() {
  allocations_ = 0;
  deallocations_ = 0;
  peak_bytes_ = bytes_in_use_.load();
}

bool Backend::supports(std::string_view op, DType dtype) const {
  return kernels_.find(op, dtype) != nullptr;
}

std::unique_ptr<Kernel> Backend::make_kernel(const KernelSpec& spec) const {
  // Kernels read spec.attrs as the op's struct: another one is a bug in whoever built the spec.
  const ops::Attrs& declared = ops::get_op(spec.op).attrs;
  KERAS_ASSERT(spec.attrs.same_type(declared), "op '", spec.op, "' takes ", declared.type_name(),
               ", got ", spec.attrs);
  if (const KernelFactory* factory = kernels_.find(spec.op, spec.dtype)) return (*factory)(spec);
  std::vector<DType> have = kernels_.dtypes(spec.op);
  if (have.empty())
    throw NotImplementedError(str("the ", name(), " backend has no kernel for op '", spec.op, "'"));
  std::string list;
  for (DType d : have) list += str(list.empty() ? "" : ", ", keras::name(d));
  throw NotImplementedError(str("the ", name(), " backend has no ", keras::name(spec.dtype),
                                " kernel for op '", spec.op, "'; it supports: ", list));
}

}  // namespace keras::backend
