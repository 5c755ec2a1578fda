#include "keras/core/random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <numbers>
#include <random>
#include <type_traits>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace keras::random {

namespace {

constexpr uint32_t lo32(uint64_t v) {
  return static_cast<uint32_t>(v);
}
constexpr uint32_t hi32(uint64_t v) {
  return static_cast<uint32_t>(v >> 32);
}

// Blocks computed per call of philox_blocks by the fill functions: 4 KiB of words on the stack.
constexpr int64_t kChunkBlocks = 256;
// Retry blocks sit at block index {lo(i), hi(i) | r << 24}; element indices stay below 2^56.
constexpr int kMaxRetries = 255;

inline float u24(uint32_t w) {
  return static_cast<float>(w >> 8) * 0x1p-24f;
}
inline double u53(uint32_t a, uint32_t b) {
  return static_cast<double>(((uint64_t{a} << 32) | b) >> 11) * 0x1p-53;
}

// Runs body(words, first_element, lo, hi) over the blocks that hold elements [begin, end) at
// kPerBlock elements a block, a chunk at a time: `words` are the chunk's blocks, whose first
// element is first_element, and [lo, hi) are the elements of the chunk that were asked for.
template <int kPerBlock, class Body>
void for_chunks(int64_t begin, int64_t end, uint64_t seed, uint64_t counter, Body&& body) {
  if (begin >= end) return;
  alignas(64) uint32_t words[4 * kChunkBlocks];
  int64_t first = begin / kPerBlock, last = (end - 1) / kPerBlock + 1;
  for (int64_t b = first; b < last; b += kChunkBlocks) {
    int64_t n = std::min(kChunkBlocks, last - b);
    philox_blocks(seed, counter, static_cast<uint64_t>(b), n, words);
    int64_t e0 = b * kPerBlock;
    body(static_cast<const uint32_t*>(words), e0, std::max(begin, e0),
         std::min(end, (b + n) * kPerBlock));
  }
}

// Keeps scaled uniforms below maxval (rounding of minval + range·u can reach it).
template <class T>
void fill_uniform_impl(T* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                       double minval, double maxval) {
  const T lo = static_cast<T>(minval), hi = static_cast<T>(maxval);
  const T range = hi - lo;
  const T top = hi > lo ? std::nextafter(hi, lo) : lo;
  constexpr int kPerBlock = std::is_same_v<T, float> ? 4 : 2;
  for_chunks<kPerBlock>(begin, end, seed, counter,
                        [&](const uint32_t* w, int64_t e0, int64_t from, int64_t to) {
                          for (int64_t i = from; i < to; ++i) {
                            int64_t j = i - e0;
                            T u;
                            if constexpr (std::is_same_v<T, float>)
                              u = u24(w[j]);
                            else
                              u = u53(w[2 * j], w[2 * j + 1]);
                            out[i - begin] = std::min(lo + range * u, top);
                          }
                        });
}

// The two Box-Muller normals of one pair of uniform draws, in double.
struct NormalPair {
  double cos_part, sin_part;
};
inline NormalPair box_muller(double u1, double u2) {
  double r = std::sqrt(-2.0 * std::log(u1));
  double theta = 2.0 * std::numbers::pi * u2;
  return {r * std::cos(theta), r * std::sin(theta)};
}
inline NormalPair pair_f32(uint32_t a, uint32_t b) {
  return box_muller(1.0 - static_cast<double>(u24(a)), static_cast<double>(u24(b)));
}
inline NormalPair pair_f64(const uint32_t* w) {
  return box_muller(1.0 - u53(w[0], w[1]), u53(w[2], w[3]));
}

// A truncated-normal value for element i whose first draw fell beyond 2: the first candidate
// within [-2, 2] from the retry blocks (see the header).
template <class T>
double redraw_truncated(int64_t i, uint64_t seed, uint64_t counter) {
  auto index = static_cast<uint64_t>(i);
  for (uint32_t r = 1; r <= kMaxRetries; ++r) {
    PhiloxCounter w =
        philox4x32_10({lo32(counter), hi32(counter), lo32(index), hi32(index) | r << 24},
                      {lo32(seed), hi32(seed)});
    NormalPair pairs[2];
    int count;
    if constexpr (std::is_same_v<T, float>) {
      pairs[0] = pair_f32(w[0], w[1]);
      pairs[1] = pair_f32(w[2], w[3]);
      count = 2;
    } else {
      pairs[0] = pair_f64(w.data());
      count = 1;
    }
    for (int p = 0; p < count; ++p) {
      if (std::fabs(pairs[p].cos_part) <= 2.0) return pairs[p].cos_part;
      if (std::fabs(pairs[p].sin_part) <= 2.0) return pairs[p].sin_part;
    }
  }
  return 0.0;  // after 1020 rejections in a row (probability below 1e-1300): the mean
}

template <class T, bool kTruncated>
void fill_normal_impl(T* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                      double mean, double stddev) {
  constexpr int kPerBlock = std::is_same_v<T, float> ? 4 : 2;
  for_chunks<kPerBlock>(
      begin, end, seed, counter, [&](const uint32_t* w, int64_t e0, int64_t from, int64_t to) {
        // Elements come in pairs (2q, 2q+1) sharing one Box-Muller draw.
        for (int64_t q = from / 2; q * 2 < to; ++q) {
          int64_t j = q * 2 - e0;  // chunk-relative index of the pair's first element
          NormalPair z;
          if constexpr (std::is_same_v<T, float>)
            z = pair_f32(w[j], w[j + 1]);
          else
            z = pair_f64(w + 2 * j);
          double values[2] = {z.cos_part, z.sin_part};
          for (int k = 0; k < 2; ++k) {
            int64_t i = q * 2 + k;
            if (i < from || i >= to) continue;
            double v = values[k];
            if constexpr (kTruncated) {
              if (std::fabs(v) > 2.0) v = redraw_truncated<T>(i, seed, counter);
            }
            out[i - begin] = static_cast<T>(mean + stddev * v);
          }
        }
      });
}

struct GlobalState {
  std::mutex mutex;
  std::mt19937_64 engine;
  bool engine_seeded = false;
  std::optional<uint64_t> seed;
  SeedGenerator* generator = nullptr;  // never destroyed, like the backends its state lives on
};

GlobalState& global() {
  static auto* state = new GlobalState;
  return *state;
}

// The caller holds the lock.
int64_t default_seed_locked(GlobalState& g) {
  if (!g.engine_seeded) {
    std::random_device device;
    g.engine.seed((uint64_t{device()} << 32) ^ device());
    g.engine_seeded = true;
  }
  return static_cast<int64_t>(g.engine() % 1000000000u) + 1;  // [1, 1e9] as Keras
}

}  // namespace

#if defined(__AVX512F__)
// 16 blocks at once. GCC vectorizes the portable loop below with 64-bit multiplies and many
// permutes (about 3x slower); here each 32x32->64 multiply is two vpmuludq on the even and odd
// lanes. The masked-zero forms of the intrinsics avoid GCC 12's -Wmaybe-uninitialized false
// positives on the unmasked ones.
namespace {

struct MulHiLo {
  __m512i hi, lo;
};
inline MulHiLo mulhilo(__m512i x, __m512i m) {
  const __mmask16 odd = 0xAAAA;
  __m512i even_products = _mm512_maskz_mul_epu32(0xFF, x, m);
  __m512i odd_products = _mm512_maskz_mul_epu32(0xFF, _mm512_maskz_srli_epi64(0xFF, x, 32), m);
  return {
      _mm512_mask_blend_epi32(odd, _mm512_maskz_srli_epi64(0xFF, even_products, 32), odd_products),
      _mm512_mask_blend_epi32(odd, even_products, _mm512_maskz_slli_epi64(0xFF, odd_products, 32))};
}

// Blocks first, first+1, ..., first+15 written block after block to `words`.
inline void philox16(uint64_t seed, uint64_t counter, uint64_t first, uint32_t* words) {
  const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i base = _mm512_set1_epi32(static_cast<int>(lo32(first)));
  __m512i x2 = _mm512_add_epi32(base, iota);
  // The high word carries where the low word wrapped.
  __m512i x3 = _mm512_mask_add_epi32(
      _mm512_set1_epi32(static_cast<int>(hi32(first))), _mm512_cmplt_epu32_mask(x2, base),
      _mm512_set1_epi32(static_cast<int>(hi32(first))), _mm512_set1_epi32(1));
  __m512i x0 = _mm512_set1_epi32(static_cast<int>(lo32(counter)));
  __m512i x1 = _mm512_set1_epi32(static_cast<int>(hi32(counter)));
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kPhiloxM0));
  const __m512i m1 = _mm512_set1_epi32(static_cast<int>(kPhiloxM1));
  uint32_t k0 = lo32(seed), k1 = hi32(seed);
  for (int round = 0; round < 10; ++round) {
    MulHiLo p0 = mulhilo(x0, m0), p1 = mulhilo(x2, m1);
    // 0x96: a ^ b ^ c.
    x0 = _mm512_ternarylogic_epi32(p1.hi, x1, _mm512_set1_epi32(static_cast<int>(k0)), 0x96);
    x2 = _mm512_ternarylogic_epi32(p0.hi, x3, _mm512_set1_epi32(static_cast<int>(k1)), 0x96);
    x1 = p1.lo;
    x3 = p0.lo;
    k0 += kPhiloxW0;
    k1 += kPhiloxW1;
  }
  // 4x16 transpose: within each 128-bit lane L, u_j holds block 4L + j; then gather the lanes.
  const __mmask16 all = 0xFFFF;
  __m512i t0 = _mm512_maskz_unpacklo_epi32(all, x0, x1),
          t1 = _mm512_maskz_unpackhi_epi32(all, x0, x1);
  __m512i t2 = _mm512_maskz_unpacklo_epi32(all, x2, x3),
          t3 = _mm512_maskz_unpackhi_epi32(all, x2, x3);
  __m512i u0 = _mm512_maskz_unpacklo_epi64(0xFF, t0, t2),
          u1 = _mm512_maskz_unpackhi_epi64(0xFF, t0, t2);
  __m512i u2 = _mm512_maskz_unpacklo_epi64(0xFF, t1, t3),
          u3 = _mm512_maskz_unpackhi_epi64(0xFF, t1, t3);
  __m512i v0 = _mm512_maskz_shuffle_i32x4(all, u0, u1, _MM_SHUFFLE(1, 0, 1, 0));
  __m512i v1 = _mm512_maskz_shuffle_i32x4(all, u2, u3, _MM_SHUFFLE(1, 0, 1, 0));
  __m512i v2 = _mm512_maskz_shuffle_i32x4(all, u0, u1, _MM_SHUFFLE(3, 2, 3, 2));
  __m512i v3 = _mm512_maskz_shuffle_i32x4(all, u2, u3, _MM_SHUFFLE(3, 2, 3, 2));
  _mm512_storeu_si512(words, _mm512_maskz_shuffle_i32x4(all, v0, v1, _MM_SHUFFLE(2, 0, 2, 0)));
  _mm512_storeu_si512(words + 16, _mm512_maskz_shuffle_i32x4(all, v0, v1, _MM_SHUFFLE(3, 1, 3, 1)));
  _mm512_storeu_si512(words + 32, _mm512_maskz_shuffle_i32x4(all, v2, v3, _MM_SHUFFLE(2, 0, 2, 0)));
  _mm512_storeu_si512(words + 48, _mm512_maskz_shuffle_i32x4(all, v2, v3, _MM_SHUFFLE(3, 1, 3, 1)));
}

}  // namespace
#endif

void philox_blocks(uint64_t seed, uint64_t counter, uint64_t first_block, int64_t n,
                   uint32_t* words) {
  int64_t j = 0;
#if defined(__AVX512F__)
  for (; j + 16 <= n; j += 16)
    philox16(seed, counter, first_block + static_cast<uint64_t>(j), words + 4 * j);
#else
  // Portable form: one block per iteration, rounds unrolled, so that GCC vectorizes across
  // blocks.
  const uint32_t c0 = lo32(counter), c1 = hi32(counter), s0 = lo32(seed), s1 = hi32(seed);
  for (; j < n; ++j) {
    uint64_t b = first_block + static_cast<uint64_t>(j);
    uint32_t x0 = c0, x1 = c1, x2 = lo32(b), x3 = hi32(b), k0 = s0, k1 = s1;
#pragma GCC unroll 10
    for (int round = 0; round < 10; ++round) {
      uint64_t p0 = uint64_t{kPhiloxM0} * x0, p1 = uint64_t{kPhiloxM1} * x2;
      uint32_t y0 = static_cast<uint32_t>(p1 >> 32) ^ x1 ^ k0;
      uint32_t y2 = static_cast<uint32_t>(p0 >> 32) ^ x3 ^ k1;
      x1 = static_cast<uint32_t>(p1);
      x3 = static_cast<uint32_t>(p0);
      x0 = y0;
      x2 = y2;
      k0 += kPhiloxW0;
      k1 += kPhiloxW1;
    }
    words[4 * j] = x0;
    words[4 * j + 1] = x1;
    words[4 * j + 2] = x2;
    words[4 * j + 3] = x3;
  }
#endif
  for (; j < n; ++j) {  // the tail
    uint64_t b = first_block + static_cast<uint64_t>(j);
    PhiloxCounter w =
        philox4x32_10({lo32(counter), hi32(counter), lo32(b), hi32(b)}, {lo32(seed), hi32(seed)});
    std::copy(w.begin(), w.end(), words + 4 * j);
  }
}

void fill_bits(uint32_t* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter) {
  for_chunks<4>(begin, end, seed, counter,
                [&](const uint32_t* w, int64_t e0, int64_t from, int64_t to) {
                  std::copy(w + (from - e0), w + (to - e0), out + (from - begin));
                });
}

void fill_uniform(float* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                  double minval, double maxval) {
  fill_uniform_impl(out, begin, end, seed, counter, minval, maxval);
}
void fill_uniform(double* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                  double minval, double maxval) {
  fill_uniform_impl(out, begin, end, seed, counter, minval, maxval);
}
void fill_normal(float* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                 double mean, double stddev) {
  fill_normal_impl<float, false>(out, begin, end, seed, counter, mean, stddev);
}
void fill_normal(double* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                 double mean, double stddev) {
  fill_normal_impl<double, false>(out, begin, end, seed, counter, mean, stddev);
}
void fill_truncated_normal(float* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                           double mean, double stddev) {
  fill_normal_impl<float, true>(out, begin, end, seed, counter, mean, stddev);
}
void fill_truncated_normal(double* out, int64_t begin, int64_t end, uint64_t seed, uint64_t counter,
                           double mean, double stddev) {
  fill_normal_impl<double, true>(out, begin, end, seed, counter, mean, stddev);
}

uint32_t dropout_threshold(double rate) {
  if (!(rate > 0.0)) return 0;
  if (rate >= 1.0) return uint32_t{1} << 24;  // nothing kept
  return static_cast<uint32_t>(std::ceil(rate * 0x1p24));
}

// --- Seeding ------------------------------------------------------------------------------------

SeedGenerator::SeedGenerator(std::optional<int64_t> seed, std::string name, backend::Backend* on)
    : name_(std::move(name)), initial_seed_(seed) {
  int64_t value = seed ? *seed : make_default_seed();
  state_ = Variable(Tensor::from_vector<int64_t>({value, 0}), "seed_generator_state",
                    /*trainable=*/false, on);
}

Tensor SeedGenerator::next() {
  std::vector<int64_t> current = state_.value().to_vector<int64_t>();
  state_.assign(Tensor::from_vector<int64_t>({current[0], current[1] + 1}));
  return Tensor::from_vector(current);
}

void set_global_seed(uint64_t seed) {
  GlobalState& g = global();
  std::lock_guard lock(g.mutex);
  g.engine.seed(seed);
  g.engine_seeded = true;
  g.seed = seed;
  // Reset in place: graphs that already read the global generator's state keep seeing it.
  if (g.generator) {
    Variable state = g.generator->state();  // a handle sharing the generator's state
    state.assign(Tensor::from_vector<int64_t>({static_cast<int64_t>(seed), 0}));
  }
}

std::optional<uint64_t> global_seed() {
  GlobalState& g = global();
  std::lock_guard lock(g.mutex);
  return g.seed;
}

int64_t make_default_seed() {
  GlobalState& g = global();
  std::lock_guard lock(g.mutex);
  return default_seed_locked(g);
}

SeedGenerator& global_seed_generator() {
  GlobalState& g = global();
  std::lock_guard lock(g.mutex);
  if (!g.generator) {
    int64_t seed = g.seed ? static_cast<int64_t>(*g.seed) : default_seed_locked(g);
    g.generator = new SeedGenerator(seed, "global_seed_generator");
  }
  return *g.generator;
}

}  // namespace keras::random
