// The `keras` command-line tool.
//
//   keras info                          the version, the configuration in force (keras.json and
//                                       KERAS_BACKEND, with Keras's rules), the backends this
//                                       build has and the device behind each
//   keras summary FILE                  model.summary() of a .keras or Keras 2 .h5 model file
//   keras convert IN OUT                load IN, save OUT (OUT a .keras file)
//   keras predict FILE INPUT.npy OUTPUT.npy
//                                       the model's predictions for the arrays in INPUT.npy
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "keras/backend/backend.h"
#include "keras/core/json.h"
#include "keras/keras.h"

using namespace keras;

namespace {

int usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s COMMAND\n"
               "commands:\n"
               "  info                              version, configuration, backends, devices\n"
               "  summary FILE                      the model's summary (.keras, .h5)\n"
               "  convert IN OUT                    load IN and save it as OUT (.keras)\n"
               "  predict FILE INPUT.npy OUTPUT.npy  the model's predictions for INPUT\n",
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

int summary(const char* file) {
  models::load_model(file, {.compile = false}).summary();
  return 0;
}

int convert(const char* in, const char* out) {
  models::load_model(in).save(out);
  return 0;
}

int predict(const char* file, const char* input, const char* output) {
  Model model = models::load_model(file, {.compile = false});
  layers::Tensors predictions = model.predict(load_npy(input), {.verbose = 0});
  if (predictions.size() != 1)
    throw ValueError(str("keras predict: the model has ", predictions.size(),
                         " outputs; one .npy file holds one"));
  save_npy(output, predictions[0]);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return usage(argv[0]);
  std::string command = argv[1];
  try {
    if (command == "info" && argc == 2) return info();
    if (command == "summary" && argc == 3) return summary(argv[2]);
    if (command == "convert" && argc == 4) return convert(argv[2], argv[3]);
    if (command == "predict" && argc == 5) return predict(argv[2], argv[3], argv[4]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "keras: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "keras: unknown command or wrong arguments: '%s'\n", argv[1]);
  return usage(argv[0]);
}
