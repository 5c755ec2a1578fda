// The native CPU backend (the default): oneDNN primitives where oneDNN has them (float32 matmul,
// softmax, eltwise, binary, reduction) and our own OpenMP loops elsewhere (float64, integer
// kernels, fused losses and optimizer updates).
#pragma once

#include <memory>

#include "keras/backend/backend.h"

namespace keras::backend::cpu {

std::unique_ptr<Backend> make_cpu_backend();

// Threads our kernels and oneDNN use: OMP_NUM_THREADS when set, else the cores this process may
// run on (sched_getaffinity). Nested parallel regions are disabled, so never oversubscribed.
int num_threads();

}  // namespace keras::backend::cpu
