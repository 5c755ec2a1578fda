// Keras's configuration, with Keras's rules (KERAS.md §1):
//  - the Keras directory is $KERAS_HOME, else ~/.keras, else /tmp/.keras when home is not
//    writable (the fallback applies only without KERAS_HOME);
//  - <dir>/keras.json is read on first use; a file that is not valid JSON is ignored; each field
//    is validated with Keras 3's error wording; when no file exists one is written with the
//    current values (floatx, epsilon, backend "cpu", image_data_format; 4-space indent, no
//    trailing newline), and write errors are swallowed;
//  - KERAS_BACKEND, when set and not empty, overrides the file's backend (applied after writing);
//  - the first time a backend is chosen, "Using <name> backend." goes to stderr, once.
// Setters change the values for this process only; they never write the file.
#pragma once

#include <string>

#include "keras/core/dtype.h"

namespace keras::config {

std::string keras_home();  // the resolved Keras directory

std::string floatx();                      // "float32" by default
DType floatx_dtype();                      // the same, as a DType: the default dtype of weights
void set_floatx(const std::string& value); // float16, bfloat16, float32, float64

double epsilon();  // 1e-7 by default
void set_epsilon(double value);

std::string image_data_format();  // "channels_last" by default
void set_image_data_format(const std::string& value);  // lower-cased first, as Keras 3

std::string backend();  // the backend's name: KERAS_BACKEND > keras.json > "cpu"

// Forgets everything read so far: the next call reads the environment and keras.json again and
// the banner may print again. For tests, and for programs that change KERAS_HOME.
void reload();

namespace detail {
// Prints "Using <name> backend." to stderr the first time it is called after (re)load.
void announce_backend(const std::string& name);
}  // namespace detail

}  // namespace keras::config
