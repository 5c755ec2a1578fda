// Keras 2's HDF5 files (KERAS.md §4.2, §4.3; keras/src/legacy/saving/): full-model files written
// by model.save("m.h5") (root attributes model_config, training_config, keras_version, backend;
// the weights under model_weights/) and weights-only files written by save_weights("w.h5") (the
// same weight groups at the root).
//
// Weights are matched as Keras matches them: in order, the model's layers that have weights
// against the file's layers (layer_names) whose weight_names is not empty, or by layer name with
// by_name. Within a layer the file's weight_names order is the layer's weights order (trainable
// ones, then non-trainable ones). The per-layer conversions Keras applies to Keras 1 files concern
// convolution and recurrent layers, which kerascpp does not have yet.
#pragma once

#include <filesystem>

#include "keras/models/model.h"
#include "keras/saving/detail/hdf5.h"

namespace keras::saving {

struct LegacyWeightsOptions {
  bool by_name = false;        // match layers by name instead of by position
  bool skip_mismatch = false;  // with by_name: warn and skip a layer whose weights differ
};

// Loads Keras 2 weight groups (a group with the layer_names attribute) into the model.
void load_legacy_weights(models::ModelImpl& model, const h5::Group& group,
                         const LegacyWeightsOptions& options = {});

// True when the file is a Keras 2 HDF5 file (layer_names at the root or a model_weights group).
bool is_legacy_h5(const h5::Group& root);

// model.save("m.h5"): the legacy full-model file in Keras 2's dialect, which tf-keras 2.x and
// Keras 3 both load as a whole model (detail/keras2_config.h says how it differs from Keras 3's
// own legacy writer, whose files tf-keras cannot read): root attributes keras_version, backend,
// model_config and, when compiled, training_config (tf-keras's optimizer_config); model_weights
// with layer_names and one group per layer (sorted by name, weight_names =
// "<layer>/<variable>"); optimizer_weights in the optimizer's variable order without the
// learning rate, as tf-keras keeps them. Crash-safe (temporary file, rename).
void save_legacy_model(const models::ModelImpl& model, const std::filesystem::path& path);

// A model from a Keras 2 full-model file: built from model_config, weights loaded, compiled from
// training_config when `compile` and the file has one (a warning, not an error, when that
// configuration cannot be used).
models::Model load_legacy_model(const std::filesystem::path& path, bool compile);

}  // namespace keras::saving
