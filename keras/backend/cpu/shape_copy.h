// Byte-moving helpers for the cpu shape kernels: threaded memcpy and fill, and the copy of a box
// between two row-major tensors (slice, slice_grad and pad are all box copies).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "keras/backend/cpu/parallel.h"
#include "keras/core/error.h"
#include "keras/core/shape.h"

namespace keras::backend::cpu {

// Below this many bytes a copy runs on one thread.
inline constexpr int64_t kCopyGrain = 1 << 18;

inline void parallel_copy(void* dst, const void* src, int64_t bytes) {
  if (bytes <= 0 || dst == src) return;
  auto* d = static_cast<uint8_t*>(dst);
  const auto* s = static_cast<const uint8_t*>(src);
  int64_t blocks = (bytes + 4095) / 4096;  // page-sized pieces keep the threads' chunks aligned
  parallel_for(
      blocks,
      [&](int64_t b0, int64_t b1) {
        int64_t begin = b0 * 4096, end = std::min(bytes, b1 * 4096);
        std::memcpy(d + begin, s + begin, static_cast<size_t>(end - begin));
      },
      kCopyGrain / 4096);
}

// Unsigned integer type with the size of one element of `bytes` bytes.
template <int kBytes>
using Bits = std::conditional_t<
    kBytes == 1, uint8_t,
    std::conditional_t<kBytes == 2, uint16_t, std::conditional_t<kBytes == 4, uint32_t, uint64_t>>>;

// Fills `count` elements of `element_bytes` bytes with the element `pattern` points at.
inline void parallel_fill(void* dst, const void* pattern, int64_t element_bytes, int64_t count) {
  bool zero = true;
  for (int64_t i = 0; i < element_bytes; ++i)
    zero = zero && static_cast<const uint8_t*>(pattern)[i] == 0;
  auto fill = [&](auto bits) {
    using U = decltype(bits);
    U value;
    std::memcpy(&value, pattern, sizeof(U));
    U* out = static_cast<U*>(dst);
    parallel_for(
        count,
        [&](int64_t i0, int64_t i1) {
          if (zero)
            std::memset(out + i0, 0, static_cast<size_t>(i1 - i0) * sizeof(U));
          else
            std::fill(out + i0, out + i1, value);
        },
        kCopyGrain / static_cast<int64_t>(sizeof(U)));
  };
  switch (element_bytes) {
    case 1:
      fill(uint8_t{});
      break;
    case 2:
      fill(uint16_t{});
      break;
    case 4:
      fill(uint32_t{});
      break;
    default:
      fill(uint64_t{});
      break;
  }
}

// Copies the box `size` at `src_begin` in a tensor of shape `src_dims` to `dst_begin` in one of
// shape `dst_dims` (same rank, same element size). Trailing axes that both tensors hold whole
// merge into one contiguous chunk per row; rows are spread over threads.
class BoxCopy {
 public:
  BoxCopy(const Shape& src_dims, const std::vector<int64_t>& src_begin, const Shape& dst_dims,
          const std::vector<int64_t>& dst_begin, const std::vector<int64_t>& size,
          int64_t element_bytes) {
    int rank = src_dims.rank();
    std::vector<int64_t> src_strides = strides_of(src_dims), dst_strides = strides_of(dst_dims);
    src_offset_ = dst_offset_ = 0;
    empty_ = false;
    for (int a = 0; a < rank; ++a) {
      src_offset_ += src_begin[static_cast<size_t>(a)] * src_strides[static_cast<size_t>(a)];
      dst_offset_ += dst_begin[static_cast<size_t>(a)] * dst_strides[static_cast<size_t>(a)];
      empty_ = empty_ || size[static_cast<size_t>(a)] == 0;
    }
    src_offset_ *= element_bytes;
    dst_offset_ *= element_bytes;
    // The chunk: the innermost axis that is not whole in both tensors, and everything inside it.
    int split = rank;  // axes [split, rank) are whole in both
    while (split > 0 && size[static_cast<size_t>(split - 1)] == src_dims[split - 1] &&
           size[static_cast<size_t>(split - 1)] == dst_dims[split - 1])
      --split;
    int chunk_axis = split > 0 ? split - 1 : 0;
    chunk_bytes_ = element_bytes;
    for (int a = chunk_axis; a < rank; ++a) chunk_bytes_ *= size[static_cast<size_t>(a)];
    if (rank == 0) chunk_bytes_ = element_bytes;
    for (int a = 0; a < chunk_axis; ++a) {
      dims_.push_back(size[static_cast<size_t>(a)]);
      src_strides_.push_back(src_strides[static_cast<size_t>(a)] * element_bytes);
      dst_strides_.push_back(dst_strides[static_cast<size_t>(a)] * element_bytes);
    }
    rows_ = 1;
    for (int64_t d : dims_) rows_ *= d;
    KERAS_ASSERT(dims_.size() <= kMaxRank, "box copy of rank ", rank, " is not supported");
  }

  void run(const void* src, void* dst) const {
    if (empty_) return;
    const auto* s = static_cast<const uint8_t*>(src) + src_offset_;
    auto* d = static_cast<uint8_t*>(dst) + dst_offset_;
    size_t chunk = static_cast<size_t>(chunk_bytes_);
    int n = static_cast<int>(dims_.size());
    parallel_for(
        rows_,
        [&](int64_t r0, int64_t r1) {
          // Odometer over the row axes, started at r0.
          int64_t index[kMaxRank] = {};
          int64_t so = 0, dso = 0, rem = r0;
          for (int a = n - 1; a >= 0; --a) {
            index[a] = rem % dims_[static_cast<size_t>(a)];
            rem /= dims_[static_cast<size_t>(a)];
            so += index[a] * src_strides_[static_cast<size_t>(a)];
            dso += index[a] * dst_strides_[static_cast<size_t>(a)];
          }
          for (int64_t row = r0; row < r1; ++row) {
            std::memcpy(d + dso, s + so, chunk);
            for (int a = n - 1; a >= 0; --a) {
              so += src_strides_[static_cast<size_t>(a)];
              dso += dst_strides_[static_cast<size_t>(a)];
              if (++index[a] < dims_[static_cast<size_t>(a)]) break;
              so -= index[a] * src_strides_[static_cast<size_t>(a)];
              dso -= index[a] * dst_strides_[static_cast<size_t>(a)];
              index[a] = 0;
            }
          }
        },
        std::max<int64_t>(1, kCopyGrain / std::max<int64_t>(chunk_bytes_, 1)));
  }

 private:
  static constexpr size_t kMaxRank = 32;
  int64_t src_offset_ = 0, dst_offset_ = 0, chunk_bytes_ = 0, rows_ = 1;
  bool empty_ = false;
  std::vector<int64_t> dims_, src_strides_, dst_strides_;
};

}  // namespace keras::backend::cpu
