// The IDX format of the MNIST and Fashion-MNIST distributions (LeCun et al.), gzip'd as Keras
// downloads it: a 4-byte magic (0, 0, element type, number of dimensions), then each dimension
// as a big-endian uint32, then the elements in row-major order. Labels are 1-D (8-byte header),
// images 3-D (16-byte header); only unsigned bytes (type 0x08) occur in these datasets.
//
// Keras's fashion_mnist skips the headers unread (np.frombuffer(..., offset=8 or 16)); we parse
// them, so a truncated, padded or wrong file is an IOError that says what is wrong instead of a
// reshape error or wrong data. The gzip stream (several members allowed, as Python's gzip reads
// them) is inflated straight into the tensor once the header has given its size, so nothing is
// allocated from an unchecked count.
#pragma once

#include <filesystem>

#include "keras/core/tensor.h"

namespace keras::datasets {

// A gzip'd IDX file of unsigned bytes as a uint8 host tensor shaped by its header. Throws
// IOError naming the file when it cannot be read, is not gzip, is corrupt or truncated, has a
// magic number that is not IDX of unsigned bytes, or holds fewer or more bytes than its
// dimensions say.
Tensor read_idx_gz(const std::filesystem::path& path);

}  // namespace keras::datasets
