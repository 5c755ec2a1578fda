// A float64 GEMM for the cpu backend: C = op(A) · op(B), batched, any operand strides.
//
// oneDNN on CPU has no float64 matmul, and float64 is what gradient checks and float64 models
// run on, so this is our own: BLIS-style blocking (B packed in KC x NC blocks shared by the
// threads, A packed per thread in MC x KC blocks, an MR x NR register micro-kernel written with
// GCC vector extensions so it compiles to AVX-512/AVX2 FMAs under -march=native), OpenMP over
// (row block, column group) tiles, or over whole products when a batch holds many small ones.
// All buffers are allocated when the plan is made; run() allocates nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace keras::backend::cpu {

// Element (i, j) of a matrix operand lives at base[i * row_stride + j * col_stride], so a
// transposed operand is just swapped strides.
struct GemmLayout {
  int64_t row_stride = 0;
  int64_t col_stride = 1;
};

// Element offsets of one product of a batch (A, B and C).
struct GemmBatchOffsets {
  int64_t a = 0, b = 0, c = 0;
};

class GemmF64 {
 public:
  // C[batch] is m x n row-major (leading dimension n); A is m x k, B is k x n as laid out.
  GemmF64(int64_t m, int64_t n, int64_t k, GemmLayout a, GemmLayout b,
          std::vector<GemmBatchOffsets> batches = {GemmBatchOffsets{}});
  ~GemmF64();
  GemmF64(const GemmF64&) = delete;
  GemmF64& operator=(const GemmF64&) = delete;

  // Not for concurrent calls on one object (the packing buffers are the object's).
  void run(const double* a, const double* b, double* c);

 private:
  struct Buffers;
  void run_one(const double* a, const double* b, double* c, double* a_pack, double* b_pack,
               bool team);

  int64_t m_, n_, k_;
  GemmLayout a_, b_;
  std::vector<GemmBatchOffsets> batches_;
  int64_t mc_, nc_, kc_;  // block sizes chosen for these shapes
  int threads_;
  bool batch_parallel_;  // one whole product per thread
  std::unique_ptr<Buffers> buffers_;
};

}  // namespace keras::backend::cpu
