#include "keras/core/warnings.h"

#include <cstdio>
#include <mutex>
#include <set>

namespace keras {

void warn(const std::string& message) {
  static std::mutex mutex;
  static auto* seen = new std::set<std::string>;
  std::lock_guard lock(mutex);
  if (!seen->insert(message).second) return;
  std::fprintf(stderr, "UserWarning: %s\n", message.c_str());
}

}  // namespace keras
