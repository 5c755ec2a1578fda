// NumPy .npz archives (np.savez / np.savez_compressed; read by np.load): a zip file whose
// members are .npy files, one array each, named "<key>.npy". Keras ships mnist.npz, imdb.npz,
// boston_housing.npz and others in this form (keras/src/datasets/).
//
// Members stored or deflated, zip64 included, are read through libzip; each member is parsed by
// parse_npy (keras/core/npy.h), so the same element types are supported (no object arrays: Keras
// too loads these files with allow_pickle=False, except for its ragged IMDB/Reuters lists).
// Every malformed archive throws keras::IOError naming the file and, where it applies, the
// member; a member's declared size is checked against what its compression can produce before
// anything is allocated for it.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "keras/core/tensor.h"

namespace keras {

// Every array of the archive, in archive order, keyed as np.load keys them: the member name
// without its ".npy" suffix ("x_train"). Throws IOError when the file cannot be opened, is not a
// zip archive, or a member is not a valid .npy file.
std::vector<std::pair<std::string, Tensor>> load_npz(const std::filesystem::path& path);

}  // namespace keras
