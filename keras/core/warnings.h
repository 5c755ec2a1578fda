// Keras's warnings.warn: a one-line UserWarning on stderr, printed once per distinct message
// (Python shows a warning once per place it comes from).
#pragma once

#include <string>

namespace keras {

void warn(const std::string& message);

}  // namespace keras
