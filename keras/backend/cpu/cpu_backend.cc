#include "keras/backend/cpu/cpu_backend.h"
#include "keras/backend/host_backend.h"

#include <omp.h>
#include <sched.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "keras/backend/cpu/kernels.h"
#include "keras/backend/half_promotion.h"
#include "keras/core/error.h"

namespace keras::backend::cpu {

namespace {

int affinity_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  return omp_get_num_procs();
}

int configure_threads() {
  int threads = affinity_cores();
  if (const char* env = std::getenv("OMP_NUM_THREADS"); env && *env) {
    int requested = std::atoi(env);
    if (requested > 0) threads = requested;
  }
  omp_set_num_threads(threads);
  omp_set_max_active_levels(1);  // a kernel called from a parallel region runs serially
  return threads;
}

class CpuBackend final : public HostBackend {
 public:
  CpuBackend() {
    configure_threads();
    register_elementwise_kernels(kernels_);
    register_reduction_kernels(kernels_);
    register_shape_kernels(kernels_);
    register_linalg_kernels(kernels_);
    register_nn_kernels(kernels_);
    register_random_kernels(kernels_);
    register_optimizer_kernels(kernels_);
    add_half_promotions(kernels_);  // float16 / bfloat16 computed in float32
  }

  std::string name() const override { return "cpu"; }
  std::string device_description() const override {
    return str("cpu: ", num_threads(), " OpenMP threads, oneDNN matmul/softmax/eltwise");
  }

 protected:
  void* do_allocate(std::size_t bytes) override {
    // 64-byte alignment suits AVX-512 loads and oneDNN; round the size up as aligned_alloc needs.
    std::size_t rounded = (bytes + 63) / 64 * 64;
    void* p = std::aligned_alloc(64, rounded ? rounded : 64);
    if (!p) throw std::bad_alloc();
    return p;
  }
  void do_deallocate(void* pointer, std::size_t) override { std::free(pointer); }
};

}  // namespace

int num_threads() {
  static int threads = configure_threads();
  return threads;
}

std::unique_ptr<Backend> make_cpu_backend() {
  return std::make_unique<CpuBackend>();
}

}  // namespace keras::backend::cpu
