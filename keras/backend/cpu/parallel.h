// Small helpers shared by the cpu kernels.
#pragma once

#include <omp.h>

#include <cstdint>

namespace keras::backend::cpu {

// Below this many elements a loop runs on one thread: waking the pool costs more than it saves.
inline constexpr int64_t kParallelGrain = 1 << 15;

// Runs f(begin, end) over [0, n) in contiguous chunks, one per thread, when n is large enough.
template <class F>
void parallel_for(int64_t n, F&& f, int64_t grain = kParallelGrain) {
  if (n <= grain || omp_in_parallel() || omp_get_max_threads() == 1) {
    if (n > 0) f(int64_t{0}, n);
    return;
  }
#pragma omp parallel
  {
    int64_t threads = omp_get_num_threads();
    int64_t t = omp_get_thread_num();
    int64_t chunk = (n + threads - 1) / threads;
    int64_t begin = t * chunk;
    int64_t end = begin + chunk < n ? begin + chunk : n;
    if (begin < end) f(begin, end);
  }
}

}  // namespace keras::backend::cpu
