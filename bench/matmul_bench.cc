// The cpu backend's GEMM throughput next to this machine's measured peak.
//
// Peak: a register-only FMA loop (16 independent accumulators, so latency never stalls the FMA
// ports), AVX-512 when the CPU has it, else AVX2+FMA, one copy per thread on all threads.
// GEMM: the backend's matmul/dense kernels built once for the shape and run on preallocated
// tensors (what a compiled training step does), median of several timed samples after warm-up.
#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "keras/backend/backend.h"
#include "keras/backend/cpu/cpu_backend.h"
#include "keras/ops/op_attrs.h"
#include "keras/ops/op_def.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

constexpr int kAccumulators = 16;

// Returns a value depending on every accumulator so the loop cannot be removed.
__attribute__((target("avx512f"))) float fma_loop_avx512(int64_t iterations) {
  __m512 acc[kAccumulators];
  for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_set1_ps(0.001f * static_cast<float>(i));
  const __m512 mul = _mm512_set1_ps(0.999999f), add = _mm512_set1_ps(1e-7f);
  for (int64_t it = 0; it < iterations; ++it) {
#pragma GCC unroll 16
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm512_fmadd_ps(acc[i], mul, add);
  }
  __m512 sum = acc[0];
  for (int i = 1; i < kAccumulators; ++i) sum = _mm512_add_ps(sum, acc[i]);
  float lanes[16];  // (_mm512_reduce_add_ps trips GCC 12's -Wuninitialized)
  _mm512_storeu_ps(lanes, sum);
  float s = 0;
  for (float x : lanes) s += x;
  return s;
}

__attribute__((target("avx2,fma"))) float fma_loop_avx2(int64_t iterations) {
  __m256 acc[kAccumulators];
  for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm256_set1_ps(0.001f * static_cast<float>(i));
  const __m256 mul = _mm256_set1_ps(0.999999f), add = _mm256_set1_ps(1e-7f);
  for (int64_t it = 0; it < iterations; ++it) {
#pragma GCC unroll 16
    for (int i = 0; i < kAccumulators; ++i) acc[i] = _mm256_fmadd_ps(acc[i], mul, add);
  }
  float lanes[8];
  __m256 sum = acc[0];
  for (int i = 1; i < kAccumulators; ++i) sum = _mm256_add_ps(sum, acc[i]);
  _mm256_storeu_ps(lanes, sum);
  float s = 0;
  for (float x : lanes) s += x;
  return s;
}

// Peak fp32 GFLOP/s on `threads` threads: the best of 5 runs (a peak is what the machine can do;
// on a shared machine other processes only ever lower a run).
double measure_peak(bool avx512, int threads) {
  const int64_t iterations = 20'000'000;
  const double flops_per_thread =
      static_cast<double>(iterations) * kAccumulators * (avx512 ? 16 : 8) * 2;
  std::vector<double> rates;
  volatile float sink = 0;
  for (int run = 0; run < 6; ++run) {
    auto start = Clock::now();
#pragma omp parallel num_threads(threads)
    {
      float r = avx512 ? fma_loop_avx512(iterations) : fma_loop_avx2(iterations);
#pragma omp critical
      sink = sink + r;
    }
    double s = seconds_since(start);
    if (run > 0) rates.push_back(flops_per_thread * threads / s * 1e-9);  // run 0 warms up
  }
  return *std::max_element(rates.begin(), rates.end());
}

struct Case {
  std::string label;
  std::string op;
  std::vector<keras::TensorMeta> inputs;
  keras::ops::Attrs attrs;
  double flops;
};

struct Rate {
  double median, best;
};

// GFLOP/s of a kernel built once and run on preallocated tensors: median and best sample.
Rate measure_kernel(const Case& c) {
  using namespace keras;
  backend::Backend& cpu = backend::get("cpu");
  backend::KernelSpec spec;
  spec.op = c.op;
  spec.inputs = c.inputs;
  spec.attrs = c.attrs;
  spec.outputs = ops::get_op(c.op).infer(spec.inputs, spec.attrs);
  spec.dtype = spec.inputs[0].dtype;
  auto kernel = cpu.make_kernel(spec);
  std::vector<Tensor> in, out;
  std::vector<const void*> in_ptrs;
  std::vector<void*> out_ptrs;
  for (const TensorMeta& m : spec.inputs) {
    in.push_back(Tensor::full(m.shape, 0.01, m.dtype, &cpu));
    in_ptrs.push_back(in.back().raw_data());
  }
  for (const TensorMeta& m : spec.outputs) {
    out.push_back(Tensor::empty(m.shape, m.dtype, &cpu));
    out_ptrs.push_back(out.back().raw_data());
  }
  auto run = [&] { kernel->run(in_ptrs, out_ptrs); };
  // Warm up, then size a sample to about 20 ms so timer noise does not count.
  auto start = Clock::now();
  int warm = 0;
  while (warm < 3 || seconds_since(start) < 0.1) {
    run();
    ++warm;
  }
  double per_call = seconds_since(start) / warm;
  int reps = std::max(1, static_cast<int>(0.02 / per_call));
  std::vector<double> rates;
  for (int sample = 0; sample < 15; ++sample) {
    auto t0 = Clock::now();
    for (int r = 0; r < reps; ++r) run();
    rates.push_back(c.flops * reps / seconds_since(t0) * 1e-9);
  }
  return {median(rates), *std::max_element(rates.begin(), rates.end())};
}

Case matmul_case(const std::string& label, int64_t m, int64_t k, int64_t n, keras::DType dtype,
                 bool ta = false, bool tb = false) {
  using keras::Shape;
  Shape a = ta ? Shape{k, m} : Shape{m, k}, b = tb ? Shape{n, k} : Shape{k, n};
  return {label,
          "matmul",
          {{dtype, a}, {dtype, b}},
          keras::ops::MatmulAttrs{.transpose_a = ta, .transpose_b = tb},
          2.0 * m * n * k};
}

}  // namespace

int main(int argc, char** argv) {
  using keras::DType;
  keras::backend::get("cpu");  // configures the thread count
  int threads = keras::backend::cpu::num_threads();
  bool avx512 = __builtin_cpu_supports("avx512f");
  // --peak: only the measured peaks, as one JSON line (bench/run reports GFLOP/s against it).
  if (argc > 1 && !std::strcmp(argv[1], "--peak")) {
    double one = measure_peak(avx512, 1), all = measure_peak(avx512, threads);
    std::printf(
        "{\"isa\": \"%s\", \"threads\": %d, \"peak_gflops_1_thread\": %.1f, "
        "\"peak_gflops\": %.1f}\n",
        avx512 ? "AVX-512" : "AVX2", threads, one, all);
    return 0;
  }
  std::printf("cpu backend: %d threads (OMP_NUM_THREADS or affinity)\n", threads);
  double peak1 = measure_peak(avx512, 1);
  double peak = measure_peak(avx512, threads);
  std::printf(
      "measured fp32 FMA peak (%s): %.1f GFLOP/s on 1 thread, %.1f GFLOP/s on %d threads\n\n",
      avx512 ? "AVX-512" : "AVX2", peak1, peak, threads);

  std::vector<Case> cases = {
      matmul_case("matmul f32 128x784x512 (mnist_mlp layer 1)", 128, 784, 512, DType::float32),
      matmul_case("matmul f32 128x512x512 (mnist_mlp layer 2)", 128, 512, 512, DType::float32),
      matmul_case("matmul f32 2048x2048x2048", 2048, 2048, 2048, DType::float32),
      matmul_case("matmul f32 784x128x512 ta (layer 1 dW)", 784, 128, 512, DType::float32, true),
      matmul_case("matmul f32 128x512x784 tb (dx)", 128, 512, 784, DType::float32, false, true),
      {"dense f32 128x784x512 +bias relu",
       "dense",
       {{DType::float32, {128, 784}}, {DType::float32, {784, 512}}, {DType::float32, {512}}},
       keras::ops::FusedActivationAttrs{.activation = keras::ops::FusedActivation::relu},
       2.0 * 128 * 784 * 512},
      matmul_case("matmul bf16 128x784x512", 128, 784, 512, DType::bfloat16),
      matmul_case("matmul bf16 784x128x512 ta (dW)", 784, 128, 512, DType::bfloat16, true),
      matmul_case("matmul bf16 2048x2048x2048", 2048, 2048, 2048, DType::bfloat16),
      matmul_case("matmul f16 128x784x512", 128, 784, 512, DType::float16),
      matmul_case("matmul f64 128x784x512", 128, 784, 512, DType::float64),
      matmul_case("matmul f64 1024x1024x1024", 1024, 1024, 1024, DType::float64),
  };
  std::printf("%-46s %16s %16s\n", "kernel", "median GFLOP/s", "best GFLOP/s");
  for (const Case& c : cases) {
    Rate rate = measure_kernel(c);
    std::printf("%-46s %7.1f (%5.1f%%) %7.1f (%5.1f%%)\n", c.label.c_str(), rate.median,
                100.0 * rate.median / peak, rate.best, 100.0 * rate.best / peak);
  }
  std::printf(
      "\n(%% of the measured fp32 peak on all threads; float64's peak is half of it; bf16 and f16\n"
      "products count the same FLOPs, so above 100%% they beat float32's peak.)\n"
      "Target: >= 70%% of peak at 2048^3. A shared machine lowers the median first.\n");
  return 0;
}
