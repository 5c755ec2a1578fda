// Scalar math functions that the compiler can vectorize, for the elementwise kernels.
//
// GCC vectorizes a loop that calls exp or tanh only when the function has a SIMD variant it may
// call instead. glibc's libmvec has them (_ZGVeN16v_expf, ...; libm.so pulls libmvec in), but
// <math.h> declares them only under -ffast-math, which we do not want (it breaks NaN and
// infinity handling). So we declare our own names bound to the glibc symbols with
// `omp declare simd` and `const` (errno is never read): loops over exp, log, tanh, erf, expm1,
// log1p and pow then run 8 or 16 lanes at a time, as fast as oneDNN's JIT eltwise, in float32 and
// float64 alike, with glibc's accuracy (a few ulp). Elsewhere the std:: functions are used.
//
// sqrt cannot go that way (GCC keeps a scalar errno path for it and libmvec has no sqrt), so
// `sqrt_block` uses the ISA's packed square root directly (the AVX-512 form through maskz, which
// avoids a GCC 12 maybe-uninitialized false positive in _mm512_sqrt_ps).
#pragma once

#include <cmath>
#include <cstdint>

#if defined(__AVX512F__) || defined(__AVX__) || defined(__SSE2__)
#include <immintrin.h>
#endif

#if defined(__x86_64__) && defined(__GLIBC__) && defined(_OPENMP) && \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
#define KERAS_CPU_LIBMVEC 1
#define KERAS_VM_DECLARE(ret, name, args, symbol)                         \
  _Pragma("omp declare simd notinbranch") __attribute__((const, nothrow)) \
  ret name args __asm__(symbol);
extern "C" {
KERAS_VM_DECLARE(float, keras_vm_expf, (float), "expf")
KERAS_VM_DECLARE(double, keras_vm_exp, (double), "exp")
KERAS_VM_DECLARE(float, keras_vm_expm1f, (float), "expm1f")
KERAS_VM_DECLARE(double, keras_vm_expm1, (double), "expm1")
KERAS_VM_DECLARE(float, keras_vm_logf, (float), "logf")
KERAS_VM_DECLARE(double, keras_vm_log, (double), "log")
KERAS_VM_DECLARE(float, keras_vm_log1pf, (float), "log1pf")
KERAS_VM_DECLARE(double, keras_vm_log1p, (double), "log1p")
KERAS_VM_DECLARE(float, keras_vm_tanhf, (float), "tanhf")
KERAS_VM_DECLARE(double, keras_vm_tanh, (double), "tanh")
KERAS_VM_DECLARE(float, keras_vm_erff, (float), "erff")
KERAS_VM_DECLARE(double, keras_vm_erf, (double), "erf")
KERAS_VM_DECLARE(float, keras_vm_powf, (float, float), "powf")
KERAS_VM_DECLARE(double, keras_vm_pow, (double, double), "pow")
}
#undef KERAS_VM_DECLARE
#endif

namespace keras::backend::cpu::vm {

#ifdef KERAS_CPU_LIBMVEC
inline float exp(float x) {
  return keras_vm_expf(x);
}
inline double exp(double x) {
  return keras_vm_exp(x);
}
inline float expm1(float x) {
  return keras_vm_expm1f(x);
}
inline double expm1(double x) {
  return keras_vm_expm1(x);
}
inline float log(float x) {
  return keras_vm_logf(x);
}
inline double log(double x) {
  return keras_vm_log(x);
}
inline float log1p(float x) {
  return keras_vm_log1pf(x);
}
inline double log1p(double x) {
  return keras_vm_log1p(x);
}
inline float tanh(float x) {
  return keras_vm_tanhf(x);
}
inline double tanh(double x) {
  return keras_vm_tanh(x);
}
inline float erf(float x) {
  return keras_vm_erff(x);
}
inline double erf(double x) {
  return keras_vm_erf(x);
}
inline float pow(float x, float y) {
  return keras_vm_powf(x, y);
}
inline double pow(double x, double y) {
  return keras_vm_pow(x, y);
}
#else
template <class T>
T exp(T x) {
  return std::exp(x);
}
template <class T>
T expm1(T x) {
  return std::expm1(x);
}
template <class T>
T log(T x) {
  return std::log(x);
}
template <class T>
T log1p(T x) {
  return std::log1p(x);
}
template <class T>
T tanh(T x) {
  return std::tanh(x);
}
template <class T>
T erf(T x) {
  return std::erf(x);
}
template <class T>
T pow(T x, T y) {
  return std::pow(x, y);
}
#endif

// out[i] = sqrt(x[i]) for n elements (out may equal x).
inline void sqrt_block(const float* x, float* out, int64_t n) {
  int64_t i = 0;
#if defined(__AVX512F__)
  for (; i + 16 <= n; i += 16)
    _mm512_storeu_ps(out + i, _mm512_maskz_sqrt_ps(0xFFFF, _mm512_loadu_ps(x + i)));
#elif defined(__AVX__)
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, _mm256_sqrt_ps(_mm256_loadu_ps(x + i)));
#elif defined(__SSE2__)
  for (; i + 4 <= n; i += 4) _mm_storeu_ps(out + i, _mm_sqrt_ps(_mm_loadu_ps(x + i)));
#endif
  for (; i < n; ++i) out[i] = std::sqrt(x[i]);
}

inline void sqrt_block(const double* x, double* out, int64_t n) {
  int64_t i = 0;
#if defined(__AVX512F__)
  for (; i + 8 <= n; i += 8)
    _mm512_storeu_pd(out + i, _mm512_maskz_sqrt_pd(0xFF, _mm512_loadu_pd(x + i)));
#elif defined(__AVX__)
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(out + i, _mm256_sqrt_pd(_mm256_loadu_pd(x + i)));
#elif defined(__SSE2__)
  for (; i + 2 <= n; i += 2) _mm_storeu_pd(out + i, _mm_sqrt_pd(_mm_loadu_pd(x + i)));
#endif
  for (; i < n; ++i) out[i] = std::sqrt(x[i]);
}

}  // namespace keras::backend::cpu::vm
