// The library's version: CMake's project version (KERAS_VERSION_STRING, set where keras is built).
#pragma once

#include <string>

namespace keras {

std::string version();

}  // namespace keras
