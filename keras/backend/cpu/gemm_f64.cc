#include "keras/backend/cpu/gemm_f64.h"

#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace keras::backend::cpu {

namespace {

// Register tile: kMR rows of A (broadcast) times kNR columns of B (three vectors), kMR x 3
// accumulators: 24 of AVX-512's 32 registers, 12 of AVX2's 16.
#if defined(__AVX512F__)
constexpr int kVec = 8;
constexpr int kMR = 8;
#elif defined(__AVX__)
constexpr int kVec = 4;
constexpr int kMR = 4;
#else
constexpr int kVec = 2;
constexpr int kMR = 4;
#endif
constexpr int kNR = 3 * kVec;
using Vec = double __attribute__((vector_size(kVec * sizeof(double))));

// Cache blocks: a kKC x kNR panel of B stays in L1 while kMC x kKC of A streams from L2.
constexpr int64_t kKC = 256;
constexpr int64_t kMC = 96;
constexpr int64_t kNC = 2016;        // a multiple of kNR for every vector width
constexpr int64_t kGroupPanels = 4;  // column panels per parallel work item
// Below this many multiply-adds a product runs on one thread.
constexpr int64_t kSerialWork = int64_t{1} << 15;
// Batches of products up to this size are spread one product per thread.
constexpr int64_t kBatchParallelWork = int64_t{1} << 20;

int64_t ceil_div(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}
int64_t round_up(int64_t a, int64_t b) {
  return ceil_div(a, b) * b;
}

struct AlignedFree {
  void operator()(double* p) const { std::free(p); }
};
using AlignedArray = std::unique_ptr<double[], AlignedFree>;

AlignedArray aligned_doubles(int64_t count) {
  std::size_t bytes = static_cast<std::size_t>(round_up(std::max<int64_t>(count, 1) * 8, 64));
  auto* p = static_cast<double*>(std::aligned_alloc(64, bytes));
  if (!p) throw std::bad_alloc();
  return AlignedArray(p);
}

// Packs rows [i0, i0+mc) x columns [p0, p0+kc) of A into kMR-row panels, k-major inside a panel,
// zero-padding the last panel.
void pack_a(const double* a, GemmLayout la, int64_t i0, int64_t mc, int64_t p0, int64_t kc,
            double* out) {
  for (int64_t ip = 0; ip < mc; ip += kMR) {
    double* dst = out + ip * kc;
    int64_t rows = std::min<int64_t>(kMR, mc - ip);
    if (la.col_stride == 1) {
      for (int64_t i = 0; i < rows; ++i) {
        const double* src = a + (i0 + ip + i) * la.row_stride + p0;
        for (int64_t p = 0; p < kc; ++p) dst[p * kMR + i] = src[p];
      }
    } else {
      for (int64_t p = 0; p < kc; ++p) {
        const double* src = a + (i0 + ip) * la.row_stride + (p0 + p) * la.col_stride;
        for (int64_t i = 0; i < rows; ++i) dst[p * kMR + i] = src[i * la.row_stride];
      }
    }
    for (int64_t i = rows; i < kMR; ++i)
      for (int64_t p = 0; p < kc; ++p) dst[p * kMR + i] = 0.0;
  }
}

// Packs column panel `panel` (kNR columns from j0) of rows [p0, p0+kc) of B, zero-padded.
void pack_b_panel(const double* b, GemmLayout lb, int64_t p0, int64_t kc, int64_t j0, int64_t cols,
                  double* dst) {
  for (int64_t p = 0; p < kc; ++p) {
    const double* src = b + (p0 + p) * lb.row_stride + j0 * lb.col_stride;
    double* row = dst + p * kNR;
    if (lb.col_stride == 1) {
      std::memcpy(row, src, static_cast<std::size_t>(cols) * sizeof(double));
    } else {
      for (int64_t j = 0; j < cols; ++j) row[j] = src[j * lb.col_stride];
    }
    for (int64_t j = cols; j < kNR; ++j) row[j] = 0.0;
  }
}

// C[0:m, 0:n] (= or +=) packed A panel x packed B panel; m <= kMR, n <= kNR.
void micro_kernel(int64_t kc, const double* __restrict ap, const double* __restrict bp, double* c,
                  int64_t ldc, int64_t m, int64_t n, bool accumulate) {
  Vec acc[kMR][3];
#pragma GCC unroll 16
  for (int i = 0; i < kMR; ++i) acc[i][0] = acc[i][1] = acc[i][2] = Vec{};
  for (int64_t p = 0; p < kc; ++p) {
    const Vec* bv = reinterpret_cast<const Vec*>(bp + p * kNR);
    Vec b0 = bv[0], b1 = bv[1], b2 = bv[2];
    const double* a = ap + p * kMR;
#pragma GCC unroll 16
    for (int i = 0; i < kMR; ++i) {
      // scalar * vector broadcasts (an FMA with an embedded broadcast under AVX-512)
      acc[i][0] += a[i] * b0;
      acc[i][1] += a[i] * b1;
      acc[i][2] += a[i] * b2;
    }
  }
  if (m == kMR && n == kNR) {
#pragma GCC unroll 16
    for (int i = 0; i < kMR; ++i) {
      double* row = c + i * ldc;
      for (int v = 0; v < 3; ++v) {
        Vec out = acc[i][v];
        if (accumulate) {
          Vec old;
          std::memcpy(&old, row + v * kVec, sizeof(Vec));
          out += old;
        }
        std::memcpy(row + v * kVec, &out, sizeof(Vec));
      }
    }
    return;
  }
  alignas(64) double tile[kMR][kNR];
  std::memcpy(tile, acc, sizeof tile);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

// [begin, end) of `count` items for thread `t` of `threads`, contiguous chunks.
void thread_range(int64_t count, int t, int threads, int64_t& begin, int64_t& end) {
  int64_t chunk = count / threads, extra = count % threads;
  begin = t * chunk + std::min<int64_t>(t, extra);
  end = begin + chunk + (t < extra ? 1 : 0);
}

}  // namespace

struct GemmF64::Buffers {
  std::vector<AlignedArray> a_pack;  // one per thread
  std::vector<AlignedArray> b_pack;  // one shared, or one per thread when batch_parallel_
};

GemmF64::GemmF64(int64_t m, int64_t n, int64_t k, GemmLayout a, GemmLayout b,
                 std::vector<GemmBatchOffsets> batches)
    : m_(m), n_(n), k_(k), a_(a), b_(b), batches_(std::move(batches)) {
  int64_t m_blocks = std::max<int64_t>(1, ceil_div(m, kMC));
  mc_ = std::max<int64_t>(kMR, round_up(ceil_div(m, m_blocks), kMR));
  int64_t k_blocks = std::max<int64_t>(1, ceil_div(k, kKC));
  kc_ = std::max<int64_t>(1, ceil_div(k, k_blocks));
  nc_ = std::max<int64_t>(kNR, std::min(kNC, round_up(n, kNR)));
  threads_ = std::max(1, omp_get_max_threads());
  int64_t work = m * n * k;
  if (work * static_cast<int64_t>(batches_.size()) < kSerialWork) threads_ = 1;
  batch_parallel_ = threads_ > 1 && static_cast<int64_t>(batches_.size()) >= threads_ &&
                    work <= kBatchParallelWork;
  buffers_ = std::make_unique<Buffers>();
  for (int t = 0; t < threads_; ++t) buffers_->a_pack.push_back(aligned_doubles(mc_ * kc_));
  int b_buffers = batch_parallel_ ? threads_ : 1;
  for (int t = 0; t < b_buffers; ++t) buffers_->b_pack.push_back(aligned_doubles(nc_ * kc_));
}

GemmF64::~GemmF64() = default;

void GemmF64::run_one(const double* a, const double* b, double* c, double* a_pack, double* b_pack,
                      bool team) {
  int tid = team ? omp_get_thread_num() : 0;
  int threads = team ? omp_get_num_threads() : 1;
  int64_t m_blocks = ceil_div(m_, mc_);
  for (int64_t jc = 0; jc < n_; jc += nc_) {
    int64_t nc = std::min(nc_, n_ - jc);
    int64_t panels = ceil_div(nc, kNR);
    int64_t groups = ceil_div(panels, kGroupPanels);
    for (int64_t pc = 0; pc < k_; pc += kc_) {
      int64_t kc = std::min(kc_, k_ - pc);
      int64_t begin, end;
      thread_range(panels, tid, threads, begin, end);
      for (int64_t q = begin; q < end; ++q)
        pack_b_panel(b, b_, pc, kc, jc + q * kNR, std::min<int64_t>(kNR, nc - q * kNR),
                     b_pack + q * kNR * kc);
      if (team) {
#pragma omp barrier
      }
      thread_range(m_blocks * groups, tid, threads, begin, end);
      int64_t packed_block = -1;
      for (int64_t item = begin; item < end; ++item) {
        int64_t block = item / groups, group = item % groups;
        int64_t ic = block * mc_, mc = std::min(mc_, m_ - ic);
        if (block != packed_block) {
          pack_a(a, a_, ic, mc, pc, kc, a_pack);
          packed_block = block;
        }
        int64_t q_end = std::min(panels, (group + 1) * kGroupPanels);
        for (int64_t q = group * kGroupPanels; q < q_end; ++q) {
          int64_t j = jc + q * kNR, cols = std::min<int64_t>(kNR, nc - q * kNR);
          for (int64_t ir = 0; ir < mc; ir += kMR)
            micro_kernel(kc, a_pack + ir * kc, b_pack + q * kNR * kc, c + (ic + ir) * n_ + j, n_,
                         std::min<int64_t>(kMR, mc - ir), cols, pc > 0);
        }
      }
      if (team) {
#pragma omp barrier
      }
    }
  }
}

void GemmF64::run(const double* a, const double* b, double* c) {
  if (m_ == 0 || n_ == 0) return;
  if (k_ == 0) {
    for (const GemmBatchOffsets& off : batches_) std::fill(c + off.c, c + off.c + m_ * n_, 0.0);
    return;
  }
  if (threads_ == 1) {
    for (const GemmBatchOffsets& off : batches_)
      run_one(a + off.a, b + off.b, c + off.c, buffers_->a_pack[0].get(), buffers_->b_pack[0].get(),
              false);
    return;
  }
  int64_t count = static_cast<int64_t>(batches_.size());
#pragma omp parallel num_threads(threads_)
  {
    int tid = omp_get_thread_num();
    double* a_pack = buffers_->a_pack[static_cast<size_t>(tid)].get();
    if (batch_parallel_) {
      int64_t begin, end;
      thread_range(count, tid, omp_get_num_threads(), begin, end);
      double* b_pack = buffers_->b_pack[static_cast<size_t>(tid)].get();
      for (int64_t i = begin; i < end; ++i) {
        const GemmBatchOffsets& off = batches_[static_cast<size_t>(i)];
        run_one(a + off.a, b + off.b, c + off.c, a_pack, b_pack, false);
      }
    } else {
      for (const GemmBatchOffsets& off : batches_)
        run_one(a + off.a, b + off.b, c + off.c, a_pack, buffers_->b_pack[0].get(), true);
    }
  }
}

}  // namespace keras::backend::cpu
