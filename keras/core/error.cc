#include "keras/core/error.h"

namespace keras::detail {

void assertion_failed(const char* file, int line, const char* condition,
                      const std::string& message) {
  throw Error(str("internal error at ", file, ":", line, ": ", condition, " failed",
                  message.empty() ? "" : ": ", message));
}

}  // namespace keras::detail
