// Where the tests find what lies outside the test binary: the source tree (golden data), the
// shared folder beside it (../shared/keras-files), and the `keras` command. The paths are fixed
// when CMake configures the build; only paths.cc sees them, so the other test objects do not
// depend on where the checkout lives.
//
// A test that needs something the machine may lack (the shared files, the torch backend, a
// Debian dataset) uses SKIP_OR_FAIL_UNLESS: a developer without it sees the test skipped with the
// reason; under CI (CI=true), where everything is installed, a missing piece fails the test
// instead, so a broken setup never passes as a row of skips.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

namespace keras::testing {

std::filesystem::path source_dir();  // the repository root
std::filesystem::path shared_dir();  // ../shared beside it
std::filesystem::path keras_tool();  // build/tools/keras
// True when the environment says CI=true (as CI services and .ci/run set it).
bool in_ci();

}  // namespace keras::testing

#define SKIP_OR_FAIL_UNLESS(condition, reason)                                      \
  do {                                                                              \
    if (!(condition)) {                                                             \
      if (::keras::testing::in_ci())                                                \
        GTEST_FAIL() << reason << " (CI=true: this test must run, not be skipped)"; \
      else                                                                          \
        GTEST_SKIP() << reason;                                                     \
    }                                                                               \
  } while (false)
