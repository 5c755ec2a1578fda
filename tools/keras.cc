// The `keras` command-line tool.
//
//   keras info     the version, the configuration in force (keras.json and KERAS_BACKEND, with
//                  Keras's rules), the backends this build has and the device behind each
//
// Further commands (summary, convert, predict) come with Keras file loading.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "keras/keras.h"

using namespace keras;

namespace {

int usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s COMMAND\n"
               "commands:\n"
               "  info    version, configuration, backends and devices\n",
               argv0);
  return 2;
}

int info() {
  std::cout << "kerascpp " << version() << "\n";
  std::cout << "Keras directory: " << config::keras_home() << "\n";
  std::cout << "config: backend " << config::backend() << ", floatx " << config::floatx()
            << ", epsilon " << config::epsilon() << ", image_data_format "
            << config::image_data_format() << "\n";
  std::vector<std::string> names = backend::available();
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  std::cout << "backends built: " << list << "\n";
  for (const std::string& name : names) {
    try {
      std::cout << "  " << backend::get(name).device_description() << "\n";
    } catch (const std::exception& e) {  // e.g. libtorch missing at run time
      std::cout << "  " << name << ": unavailable (" << e.what() << ")\n";
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return usage(argv[0]);
  try {
    if (!std::strcmp(argv[1], "info")) return info();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "keras: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "keras: unknown command '%s'\n", argv[1]);
  return usage(argv[0]);
}
