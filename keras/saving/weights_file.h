// Keras 3's weights layout (KERAS.md §4.1.2; keras/src/saving/saving_lib.py): the content of
// `model.weights.h5` inside a .keras archive and of `.weights.h5` files.
//
//   vars                   the model's own variables (none for Sequential and Functional)
//   layers/<key>/vars/<i>  each layer of model.layers, <key> its class name in snake_case made
//                          unique in the list ("dense", "dropout", "dense_1"), <i> = 0, 1, ...
//                          its own weights, trainable ones first; a nested model continues with
//                          its own layers/ below its key
//   optimizer/vars/<i>     the optimizer's variables in Keras's order (iterations, learning rate,
//                          slots), when the model is compiled and the optimizer built
//
// Every `vars` group carries the attribute name = the object's name, as Keras >= 3.6 writes.
// Layer names never appear in paths, so a file fits any model of the same architecture.
//
// A subclassed model (a C++ ModelImpl subclass) writes its tracked layers under layers/ as
// Sequential does: C++ has no attribute names to build Keras's paths for subclassed Python
// models from.
#pragma once

#include <filesystem>

#include "keras/models/model.h"

namespace keras::saving {

using models::LoadWeightsOptions;  // skip_mismatch applies here; by_name is for Keras 2 files

// model.save_weights(path) for `.weights.h5` files (the name must end so, as in Keras 3); the
// write is crash-safe (a temporary file renamed into place). Model::load_weights reads them
// (keras_file.cc), Keras 2 weights files under that name included.
void save_weights(const models::ModelImpl& model, const std::filesystem::path& path);

}  // namespace keras::saving
