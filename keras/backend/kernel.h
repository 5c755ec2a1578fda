// Kernels: what a backend runs for one op instance.
//
// A backend builds a Kernel once per (op, attributes, concrete input/output metas) — that is where
// oneDNN primitives are created, descriptors chosen and scratch space reserved — and then runs it
// many times on raw device pointers. Building may allocate; running must not.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "keras/core/tensor_meta.h"
#include "keras/ops/attrs.h"

namespace keras::backend {

struct KernelSpec {
  std::string op;                // registry name, e.g. "matmul"
  DType dtype = DType::float32;  // the dtype that selects the kernel (see OpDef::kernel_dtype)
  // The op's attribute struct (keras/ops/op_attrs.h), read typed: attrs.as<MatmulAttrs>().
  ops::Attrs attrs;
  std::vector<TensorMeta> inputs;   // fully defined shapes
  std::vector<TensorMeta> outputs;  // as the op's shape rule inferred them
};

class Kernel {
 public:
  virtual ~Kernel() = default;
  // inputs[i] / outputs[i] point at device memory laid out row-major as the spec says. An output
  // may alias an input only when the op declares `inplace_input` for it.
  virtual void run(std::span<const void* const> inputs, std::span<void* const> outputs) = 0;
};

using KernelFactory = std::function<std::unique_ptr<Kernel>(const KernelSpec&)>;

// Kernels of one backend, by op name and dtype.
class KernelTable {
 public:
  void add(const std::string& op, std::vector<DType> dtypes, KernelFactory factory);
  // nullptr when the op has no kernel for that dtype.
  const KernelFactory* find(std::string_view op, DType dtype) const;
  std::vector<DType> dtypes(std::string_view op) const;
  std::vector<std::string> ops() const;

 private:
  struct Entry {
    std::vector<DType> dtypes;
    KernelFactory factory;
  };
  std::map<std::string, std::vector<Entry>, std::less<>> entries_;
};

// A Kernel from a plain function, for kernels that need no prepared state beyond the spec.
template <class F>
std::unique_ptr<Kernel> make_function_kernel(F function) {
  struct FunctionKernel final : Kernel {
    explicit FunctionKernel(F f) : f_(std::move(f)) {}
    void run(std::span<const void* const> in, std::span<void* const> out) override { f_(in, out); }
    F f_;
  };
  return std::make_unique<FunctionKernel>(std::move(function));
}

}  // namespace keras::backend
