#include "keras/datasets/datasets.h"

#include <unistd.h>

#include <cstdlib>

#include "keras/config/config.h"
#include "keras/core/error.h"

namespace keras::datasets {

namespace {

// os.path.expanduser, which get_file applies to its cache directory.
std::filesystem::path expand_user(const std::string& path) {
  if (path == "~" || path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    if (home && *home) return std::string(home) + path.substr(1);
  }
  return path;
}

}  // namespace

std::vector<std::filesystem::path> cache_dirs(const std::string& cache_subdir) {
  std::filesystem::path base = expand_user(config::keras_home());
  std::vector<std::filesystem::path> dirs{base / cache_subdir};
  if (::access(base.c_str(), W_OK) != 0) {  // get_file's fallback
    std::filesystem::path fallback = std::filesystem::path("/tmp") / ".keras" / cache_subdir;
    if (fallback != dirs.front()) dirs.push_back(fallback);
  }
  return dirs;
}

namespace detail {

void check_image_split(const Split& split, const std::string& x_name, const std::string& y_name,
                       const std::string& source) {
  for (const auto& [tensor, what] : {std::pair{&split.x, &x_name}, std::pair{&split.y, &y_name}})
    if (tensor->dtype() != DType::uint8)
      throw IOError(
          str(source, ": ", *what, " has dtype ", name(tensor->dtype()), "; expected uint8"));
  const Shape& xs = split.x.shape();
  const Shape& ys = split.y.shape();
  if (xs.rank() != 3 || xs[1] != 28 || xs[2] != 28)
    throw IOError(str(source, ": ", x_name, " has shape ", xs, "; expected (n, 28, 28)"));
  if (ys.rank() != 1 || ys[0] != xs[0])
    throw IOError(str(source, ": ", y_name, " has shape ", ys, "; expected (", xs[0],
                      ",), one label for each of the ", xs[0], " images of ", x_name));
}

}  // namespace detail

}  // namespace keras::datasets
