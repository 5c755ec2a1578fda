#include "keras/version.h"

namespace keras {

std::string version() {
  return KERAS_VERSION_STRING;
}

}  // namespace keras
