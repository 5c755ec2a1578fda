#include "keras/core/npz.h"

#include <memory>
#include <system_error>

#include "keras/core/error.h"
#include "keras/core/npy.h"
#include "keras/core/zip_archive.h"

namespace keras {

std::vector<std::pair<std::string, Tensor>> load_npz(const std::filesystem::path& path) {
  ZipReader archive(path, "an .npz archive");
  std::vector<std::pair<std::string, Tensor>> arrays;
  for (const std::string& name : archive.names()) {
    // np.load keys only "<key>.npy" members as arrays; other members (folders, text) are not
    // arrays, and Keras never reads them.
    if (name.size() <= 4 || !name.ends_with(".npy")) continue;
    std::vector<uint8_t> bytes = archive.read(name);
    arrays.emplace_back(name.substr(0, name.size() - 4),
                        parse_npy(bytes.data(), bytes.size(), path.string() + " member " + name));
  }
  return arrays;
}

}  // namespace keras
