#include "keras/datasets/mnist.h"

#include <system_error>

#include "keras/core/error.h"
#include "keras/core/npz.h"

namespace keras::datasets::mnist {

namespace {

const char* const kSha256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";

Tensor array(const std::vector<std::pair<std::string, Tensor>>& arrays, const std::string& key,
             const std::string& file) {
  for (const auto& [name, tensor] : arrays)
    if (name == key) return tensor;
  std::string present;
  for (const auto& [name, tensor] : arrays) present += (present.empty() ? "" : ", ") + name;
  throw IOError(str(file, ": the archive has no array '", key,
                    "' (it holds: ", present.empty() ? "no arrays" : present,
                    "); the MNIST archive holds x_train, y_train, x_test and y_test"));
}

}  // namespace

TrainTest load_data(const std::string& path) {
  std::string fname = path.empty() ? "mnist.npz" : path;  // get_file: the origin's name
  if (fname.find('/') != std::string::npos)
    throw ValueError(
        str("Paths are no longer accepted as the `fname` argument. To specify the "
            "file's parent directory, use the `cache_dir` argument. Received: fname=",
            fname));
  std::vector<std::filesystem::path> looked;
  for (const std::filesystem::path& dir : cache_dirs()) {
    std::filesystem::path candidate = dir / fname;
    looked.push_back(candidate);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(candidate, ec)) continue;

    const std::string file = candidate.string();
    auto arrays = load_npz(candidate);
    TrainTest data{{array(arrays, "x_train", file), array(arrays, "y_train", file)},
                   {array(arrays, "x_test", file), array(arrays, "y_test", file)}};
    detail::check_image_split(data.train, "x_train", "y_train", file);
    detail::check_image_split(data.test, "x_test", "y_test", file);
    return data;
  }
  std::string places;
  for (const auto& p : looked) places += "\n  " + p.string();
  throw IOError(str("mnist.load_data: ", fname, " was not found. Looked in:", places,
                    "\nkerascpp never downloads datasets. Download ", kOrigin,
                    "mnist.npz (the "
                    "file Keras 3 downloads, sha256 ",
                    kSha256, ") and put it at ", looked.front().string(), "."));
}

}  // namespace keras::datasets::mnist
