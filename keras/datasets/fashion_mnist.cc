#include "keras/datasets/fashion_mnist.h"

#include <array>
#include <system_error>

#include "keras/core/error.h"
#include "keras/datasets/idx.h"

namespace keras::datasets::fashion_mnist {

namespace {

// In Keras's order: labels before images, train before test.
const std::array<const char*, 4> kFiles{"train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                                        "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"};
const char* const kDebianDir = "/usr/share/datasets/fashion-mnist";

}  // namespace

TrainTest load_data() {
  std::vector<std::filesystem::path> dirs = cache_dirs("datasets/fashion-mnist");
  dirs.emplace_back(kDebianDir);
  return detail::load_from(dirs, dirs.front());
}

namespace detail {

TrainTest load_from(const std::vector<std::filesystem::path>& dirs,
                    const std::filesystem::path& cache) {
  std::string report;
  for (const std::filesystem::path& dir : dirs) {
    std::vector<std::string> missing;
    for (const char* file : kFiles) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(dir / file, ec)) missing.emplace_back(file);
    }
    if (missing.empty()) {
      TrainTest data{{read_idx_gz(dir / kFiles[1]), read_idx_gz(dir / kFiles[0])},
                     {read_idx_gz(dir / kFiles[3]), read_idx_gz(dir / kFiles[2])}};
      std::string where = (dir / "").string();
      datasets::detail::check_image_split(data.train, kFiles[1], kFiles[0], where);
      datasets::detail::check_image_split(data.test, kFiles[3], kFiles[2], where);
      return data;
    }
    report += "\n  " + dir.string() + "/ (";
    if (missing.size() == kFiles.size()) {
      report += "none of the files";
    } else {
      report += "missing ";
      for (std::size_t i = 0; i < missing.size(); ++i) report += (i ? ", " : "") + missing[i];
    }
    report += ")";
  }
  std::string names;
  for (const char* file : kFiles) names += std::string(names.empty() ? "" : ", ") + file;
  throw IOError(str("fashion_mnist.load_data: the Fashion-MNIST files (", names,
                    ") were not found together in any of these directories:", report,
                    "\nkerascpp never downloads datasets. Install Debian's dataset-fashion-mnist "
                    "package (it fills ",
                    kDebianDir, "/), or download the four files from ", kOrigin, " (", kOrigin,
                    kFiles[0], " and so on, where Keras 3 gets them) into ", cache.string(), "/."));
}

}  // namespace detail

}  // namespace keras::datasets::fashion_mnist
