#include "keras/config/config.h"

#include <cstdio>
#include <cstdlib>

namespace keras::config {
// Placeholder until the config module lands.
std::string keras_home() { return "/tmp/.keras"; }
std::string floatx() { return "float32"; }
DType floatx_dtype() { return DType::float32; }
void set_floatx(const std::string&) {}
double epsilon() { return 1e-7; }
void set_epsilon(double) {}
std::string image_data_format() { return "channels_last"; }
void set_image_data_format(const std::string&) {}
std::string backend() {
  const char* env = std::getenv("KERAS_BACKEND");
  return env && *env ? env : "cpu";
}
void reload() {}
void detail::announce_backend(const std::string& name) {
  static bool done = false;
  if (!done) std::fprintf(stderr, "Using %s backend.\n", name.c_str());
  done = true;
}
}  // namespace keras::config
