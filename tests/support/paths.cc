#include "tests/support/paths.h"

#include <cstdlib>
#include <string>

namespace keras::testing {

std::filesystem::path source_dir() {
  return KERAS_SOURCE_DIR;
}

std::filesystem::path shared_dir() {
  return KERAS_SHARED_DIR;
}

std::filesystem::path keras_tool() {
  return KERAS_TOOL;
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && (std::string(ci) == "true" || std::string(ci) == "1");
}

}  // namespace keras::testing
