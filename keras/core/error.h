// The keras:: exception hierarchy and the internal assertion macro.
//
// User mistakes (wrong shapes, unknown names, bad files) throw one of the Keras-named classes
// below with a message that says what was expected, what came, and where. Broken internal
// invariants use KERAS_ASSERT, which names the source file and line.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace keras {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ValueError : public Error {
 public:
  using Error::Error;
};

class TypeError : public Error {
 public:
  using Error::Error;
};

class IOError : public Error {
 public:
  using Error::Error;
};

class NotImplementedError : public Error {
 public:
  using Error::Error;
};

// Concatenates anything streamable: str("expected rank ", 2, ", got ", shape).
template <class... Args>
std::string str(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

namespace detail {
[[noreturn]] void assertion_failed(const char* file, int line, const char* condition,
                                   const std::string& message);
}  // namespace detail

}  // namespace keras

#define KERAS_ASSERT(condition, ...)                                                  \
  do {                                                                                \
    if (!(condition))                                                                 \
      ::keras::detail::assertion_failed(__FILE__, __LINE__, #condition,               \
                                        ::keras::str("" __VA_OPT__(, ) __VA_ARGS__)); \
  } while (0)

// Marks a point the code cannot reach (after an exhaustive switch, say); throws if it is reached.
#define KERAS_UNREACHABLE(...)                                         \
  ::keras::detail::assertion_failed(__FILE__, __LINE__, "unreachable", \
                                    ::keras::str("" __VA_OPT__(, ) __VA_ARGS__))
