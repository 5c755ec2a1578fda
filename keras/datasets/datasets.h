// What the keras.datasets loaders share (keras/src/datasets/, KERAS.md §11): the
// ((x_train, y_train), (x_test, y_test)) they return, and where Keras keeps downloaded files.
//
//   auto [train, test] = keras::datasets::mnist::load_data();
//   auto [x_train, y_train] = train;  // uint8 (60000, 28, 28) and (60000,)
//
// kerascpp never downloads anything: a loader reads the file Keras's get_file would have
// cached, and when it is absent throws IOError listing every place it looked, the address Keras
// downloads it from and where to put it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "keras/core/tensor.h"

namespace keras::datasets {

// One split: inputs and targets (Keras's (x, y) tuple).
struct Split {
  Tensor x, y;
};

// Keras's ((x_train, y_train), (x_test, y_test)), in that order.
struct TrainTest {
  Split train, test;
};

// The directories a cached dataset file is looked for in, in order. Keras's get_file keeps
// files in <keras home>/<cache_subdir> (keras::config::keras_home(): $KERAS_HOME, else ~/.keras,
// "~" expanded), or in /tmp/.keras/<cache_subdir> when the Keras directory is not writable; we
// look in the first always and also in the second in that case (a read-only Keras directory may
// still hold the file).
std::vector<std::filesystem::path> cache_dirs(const std::string& cache_subdir = "datasets");

// The address Keras 3 downloads its dataset files from.
inline constexpr const char* kOrigin =
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

namespace detail {
// Checks that a loaded split holds uint8 images (n, 28, 28) and uint8 labels (n,); throws
// IOError naming `source` (the file or files read) otherwise.
void check_image_split(const Split& split, const std::string& x_name, const std::string& y_name,
                       const std::string& source);
}  // namespace detail

}  // namespace keras::datasets
