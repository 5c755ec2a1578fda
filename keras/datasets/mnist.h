// keras.datasets.mnist: the MNIST handwritten digits, as Keras 3 loads them
// (keras/src/datasets/mnist.py): 60,000 training and 10,000 test images of 28x28 grey levels
// (0-255) with their digit labels (0-9), from the NumPy archive Keras caches as
// <keras home>/datasets/mnist.npz (arrays x_train, y_train, x_test, y_test).
#pragma once

#include <string>

#include "keras/datasets/datasets.h"

namespace keras::datasets::mnist {

// ((x_train, y_train), (x_test, y_test)): uint8 tensors of shapes (60000, 28, 28), (60000,),
// (10000, 28, 28), (10000,). `path` is the file's name in the Keras cache (datasets/); as in
// Keras 3's get_file it may not contain a directory (ValueError).
//
// Throws IOError when the file is in none of the cache directories (the message lists them and
// says where to get the file: kerascpp never downloads), when it is not a valid .npz archive,
// or when an array is missing, not uint8, or not shaped as above (images (n, 28, 28) and labels
// (n,) with the same n; Keras itself returns whatever the archive holds). Keras re-downloads a
// cached file whose SHA-256 differs from the published one; without downloads we read the file
// as it is.
TrainTest load_data(const std::string& path = "mnist.npz");

}  // namespace keras::datasets::mnist
