// The Keras 3 `.keras` format (KERAS.md §4.1; keras/src/saving/saving_lib.py): a zip archive of
// three members, stored uncompressed in this order:
//   metadata.json     {"keras_version": ..., "date_saved": "%Y-%m-%d@%H:%M:%S"}
//   config.json       the serialized model (layers::serialize), with compile_config when compiled
//   model.weights.h5  the weights and optimizer state in Keras 3's layout (weights_file.h)
//
// Reading checks every member it uses and names the file and member in each error; a config
// naming a layer class that does not exist is a ValueError naming that class.
#pragma once

#include <filesystem>
#include <string>

#include "keras/models/model.h"

namespace keras::saving {

// The Keras release whose .keras format this writes (metadata.json's keras_version).
inline constexpr const char* kKerasFormatVersion = "3.15.0";

void save_keras_file(const models::ModelImpl& model, const std::filesystem::path& path);

struct LoadModelOptions {
  // Compile the model with its saved compile_config (optimizer state restored), as Keras does.
  bool compile = true;
};
models::Model load_keras_file(const std::filesystem::path& path,
                              const LoadModelOptions& options = {});

// True when the path's name ends with `suffix` (".keras", ".weights.h5").
bool has_suffix(const std::filesystem::path& path, const std::string& suffix);

// Loads weights (and optimizer state) from a .keras archive into an existing model.
void load_weights_from_keras_file(models::ModelImpl& model, const std::filesystem::path& path,
                                  const models::LoadWeightsOptions& options);

}  // namespace keras::saving

namespace keras::models {

// keras.models.load_model: a `.keras` archive or a Keras 2 full-model `.h5` file. compile=false
// leaves the model uncompiled.
Model load_model(const std::filesystem::path& path, const saving::LoadModelOptions& options = {});

// keras.models.model_from_json: a model from Model.to_json()'s text, Keras 3's or Keras 2's
// (then without compile information, as Keras).
Model model_from_json(const std::string& json);

}  // namespace keras::models
