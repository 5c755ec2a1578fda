// NumPy .npy files: the format Keras users exchange arrays in (np.save / np.load).
//
// Reads format versions 1.0, 2.0 and 3.0; writes 1.0 (2.0 only when a header would not fit),
// byte for byte as NumPy 1.24+ writes it. Supported element types, by their NumPy descr:
//   '<f2' float16, '<f4' float32, '<f8' float64, '<i4' int32, '<i8' int64, '|u1' uint8,
//   '|b1' bool, and '<V2' bfloat16 (see below); big-endian forms ('>f4', ...) are read and
//   byte-swapped. Only C order is supported (a Fortran-order header is accepted only when the
//   layout is the same as C order, i.e. at most one dimension is larger than 1).
//
// bfloat16: NumPy has no bfloat16. ml_dtypes (the bfloat16 of JAX, TensorFlow and Keras 3)
// registers it as a 2-byte type of kind 'V', so np.save writes its descr as '<V2' and np.load
// gives back raw 2-byte voids; jax.numpy.load restores bfloat16 by viewing any 'V2' array as
// bfloat16, and Keras 3 treats 2-byte voids from HDF5 the same way. We follow that convention:
// bfloat16 is written as '<V2' and every 2-byte void ('<V2', '|V2', '>V2' byte-swapped) is read
// as bfloat16.
//
// Every malformed file throws keras::IOError naming the file, what was expected and what came;
// nothing is allocated for the data before its size is checked against the file's length.
// Writes go to a temporary file beside the target and are renamed into place, so a failed
// write never leaves a partial file (and never damages the file it was replacing).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "keras/core/tensor.h"

namespace keras {

// Reads a .npy file into a host tensor.
Tensor load_npy(const std::filesystem::path& path);

// Writes `tensor` (copied to the host first when it lives on a device) as a .npy file.
// Throws ValueError for a symbolic tensor and IOError when the file cannot be written.
void save_npy(const std::filesystem::path& path, const Tensor& tensor);

// The same from and to memory (e.g. a member of an .npz archive); `source` names the bytes in
// error messages.
Tensor parse_npy(const void* data, std::size_t size, const std::string& source = "<memory>");
std::vector<uint8_t> serialize_npy(const Tensor& tensor);

}  // namespace keras
