// What the torch backend's kernel files share: ATen views of kerascpp device memory, a Kernel
// built from a function of those views, and one registration function per kernel family.
//
// Kernels compute with ATen operators on views; where an op may run in place (the output is the
// very pointer of an input, see OpDef::inplace_input) they either use pointwise `_out` operators,
// which read element i before writing it, or build the result first and copy it in.
#pragma once

#include <ATen/ATen.h>

#include <functional>
#include <vector>

#include "keras/backend/kernel.h"

namespace keras::backend::torch {

at::ScalarType scalar_type(DType dtype);
std::vector<int64_t> sizes_of(const Shape& shape);

// A tensor over `data` (no copy, no ownership) with `meta`'s dtype and shape, row-major.
at::Tensor view(const void* data, const TensorMeta& meta);
// The same memory seen with another shape (same element count).
at::Tensor view(const void* data, DType dtype, const std::vector<int64_t>& sizes);

using Views = std::vector<at::Tensor>;
// The work of one kernel run: views of the inputs (mutable: ops that update inputs write through
// them) and of the outputs, shaped as the KernelSpec says.
using Body = std::function<void(Views& in, Views& out)>;
std::unique_ptr<Kernel> aten_kernel(const KernelSpec& spec, Body body);

// Registers `make` for op × dtypes: make(spec) prepares what it can and returns the body.
void add(KernelTable& table, const std::string& op, std::vector<DType> dtypes,
         std::function<Body(const KernelSpec&)> make);

// Writes `value` converted to `dtype` (exactly as the cpu backend converts it: bit for bit) into
// every element of `out`, which holds elements of `dtype`.
void fill_converted(const at::Tensor& out, DType dtype, double value);

// Dimensions 0..rank-1 when `axes` is empty (Keras: every axis), else `axes`.
std::vector<int64_t> reduction_axes(const std::vector<int64_t>& axes, int rank);

inline const std::vector<DType> kFloatDtypes = {DType::float32, DType::float64};
inline const std::vector<DType> kAllDtypes = {DType::float16, DType::bfloat16, DType::float32,
                                              DType::float64, DType::int32,    DType::int64,
                                              DType::uint8,   DType::bool_};

void register_math_kernels(KernelTable& table);   // math_kernels.cc: elementwise, reductions
void register_nn_kernels(KernelTable& table);     // nn_kernels.cc: matmul, dense, softmax, losses
void register_shape_kernels(KernelTable& table);  // shape_kernels.cc: data movement, gather
void register_state_kernels(KernelTable& table);  // state_kernels.cc: random, dropout, updates

}  // namespace keras::backend::torch
