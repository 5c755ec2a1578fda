// keras.datasets.fashion_mnist: Zalando's Fashion-MNIST, as Keras 3 loads it
// (keras/src/datasets/fashion_mnist.py): 60,000 training and 10,000 test images of 28x28 grey
// levels of 10 kinds of clothing (0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat,
// 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot), from the four gzip'd IDX files
// train-labels-idx1-ubyte.gz, train-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz and
// t10k-images-idx3-ubyte.gz.
#pragma once

#include <filesystem>
#include <vector>

#include "keras/datasets/datasets.h"

namespace keras::datasets::fashion_mnist {

// ((x_train, y_train), (x_test, y_test)): uint8 tensors of shapes (60000, 28, 28), (60000,),
// (10000, 28, 28), (10000,).
//
// The files are looked for, all four in one directory, in Keras's cache
// (<keras home>/datasets/fashion-mnist/, see cache_dirs) and then in
// /usr/share/datasets/fashion-mnist/ (Debian's dataset-fashion-mnist package). Throws IOError
// when no directory holds them (the message lists every place looked and what each lacks, and
// says where to get the files: kerascpp never downloads), when a file is not a valid gzip'd IDX
// file of unsigned bytes (see idx.h), or when the shapes disagree: images (n, 28, 28) and labels
// (n,) with the same n.
TrainTest load_data();

namespace detail {
// load_data's search over `dirs` in order (tests leave Debian's directory out); `cache` is the
// directory the not-found message tells users to fill.
TrainTest load_from(const std::vector<std::filesystem::path>& dirs,
                    const std::filesystem::path& cache);
}  // namespace detail

}  // namespace keras::datasets::fashion_mnist
