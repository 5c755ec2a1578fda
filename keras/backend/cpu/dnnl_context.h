// The cpu backend's one oneDNN engine and stream, and a prepared primitive call.
//
// oneDNN primitives are bound to an engine and run on a stream; one of each for the whole process
// keeps primitive creation cheap. The CPU stream is in-order and, with the OpenMP runtime,
// synchronous: a kernel's run() returns with its outputs written.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <vector>

#include "keras/core/dtype.h"

namespace keras::backend::cpu {

const dnnl::engine& dnnl_engine();
const dnnl::stream& dnnl_stream();

// oneDNN's data type for a kernel dtype (oneDNN on CPU has no float64; those kernels are ours).
dnnl::memory::data_type dnnl_type(DType dtype);

// Primitive attributes every kernel starts from: the scratchpad is owned by the DnnlCall (made
// once in the kernel factory), so running a primitive allocates nothing.
dnnl::primitive_attr dnnl_default_attr();

// A primitive with its argument list built once, so that running it only swaps data pointers:
// no std::unordered_map of arguments per call as dnnl::primitive::execute would build.
// Not for concurrent use: one DnnlCall belongs to one kernel, which runs one call at a time.
class DnnlCall {
 public:
  DnnlCall() = default;
  // `scratchpad` is the primitive descriptor's scratchpad_desc() (may be empty).
  DnnlCall(dnnl::primitive primitive, const dnnl::memory::desc& scratchpad);

  // Adds an argument (DNNL_ARG_SRC, ...) with its descriptor; returns its slot for set().
  int add(int arg, const dnnl::memory::desc& desc);
  void set(int slot, const void* data) const;
  void execute() const;  // on dnnl_stream()

 private:
  dnnl::primitive primitive_;
  dnnl::memory scratchpad_;
  std::vector<dnnl::memory> memories_;
  std::vector<dnnl_exec_arg_t> args_;
};

}  // namespace keras::backend::cpu
