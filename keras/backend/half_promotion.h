// float16 and bfloat16 kernels by promotion: the op's float32 kernel between conversions.
//
// Keras's backends store half-precision tensors in their narrow type and compute elementwise
// ops, reductions and optimizer steps in float32 (XLA and ATen widen each element, compute and
// round the result once). A host backend gets the same for every op at once from
// add_half_promotions(): each op with a float32 kernel and none for float16 / bfloat16 gets one
// that widens the narrow inputs into float32 buffers, runs the float32 kernel, and rounds its
// narrow outputs (and the narrow inputs the op updates in place, OpDef::mutates) back to nearest
// even. Only ops whose speed matters in the narrow type (matmul and dense: oneDNN's bf16 and f16
// GEMMs with float32 accumulation) get kernels of their own, registered before this runs.
//
// The float32 buffers are the kernel's own, allocated when it is built (running allocates
// nothing), so a promoted kernel, like every kernel, runs one call at a time.
#pragma once

#include <cstdint>

#include "keras/backend/kernel.h"

namespace keras::backend {

// Adds the promoted kernels to `table` for the ops that lack native half kernels.
void add_half_promotions(KernelTable& table);

// One promoted kernel: `float_factory` (the op's float32 kernel factory) between conversions, for
// a native half kernel that cannot serve some spec.
std::unique_ptr<Kernel> make_half_promoted_kernel(const KernelSpec& spec,
                                                  const KernelFactory& float_factory);

// Conversions between float32 and a narrow float type (float16 or bfloat16), n elements; to the
// narrow type rounds to nearest even (NaN stays NaN, overflow gives inf), as DType's float16 and
// bfloat16 do. Vectorized where the CPU has the instructions.
void widen_to_float(const void* narrow, DType dtype, float* out, int64_t n);
void narrow_from_float(const float* wide, DType dtype, void* out, int64_t n);

}  // namespace keras::backend
