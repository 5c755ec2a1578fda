#include "keras/saving/keras_file.h"

#include <cstring>
#include <ctime>

#include "keras/core/atomic_file.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/core/warnings.h"
#include "keras/core/zip_archive.h"
#include "keras/layers/serialization.h"
#include "keras/saving/detail/hdf5.h"
#include "keras/saving/detail/weights_h5.h"
#include "keras/saving/legacy_h5.h"
#include "keras/saving/weights_file.h"
#include "keras/utils/python_format.h"

namespace keras::saving {

bool has_suffix(const std::filesystem::path& path, const std::string& suffix) {
  std::string s = path.string();
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

namespace {

constexpr const char* kMetadata = "metadata.json";
constexpr const char* kConfig = "config.json";
constexpr const char* kWeights = "model.weights.h5";
// A config or metadata member larger than this is not a model file.
constexpr uint64_t kMaxJsonBytes = uint64_t{1} << 30;

std::string local_time_now() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d@%H:%M:%S", &local);
  return text;
}

// The model's serialization with its compile_config ({} when not compiled), as Keras's
// serialize_keras_object of a model: config.json and to_json().
Json serialize_model(const models::ModelImpl& model) {
  Json config = layers::serialize(model);
  config["compile_config"] = model.get_compile_config();
  return config;
}

Json parse_member(const ZipReader& archive, const char* member) {
  std::vector<uint8_t> bytes = archive.read(member, kMaxJsonBytes);
  Json j = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw IOError(str(archive.path(), " member ", member, ": not valid JSON"));
  return j;
}

h5::File open_weights(const ZipReader& archive) {
  if (!archive.has(kWeights))
    throw IOError(str(
        archive.path(), ": no ", kWeights, " member (members: ",
        [&] {
          std::string list;
          for (const auto& n : archive.names()) list += (list.empty() ? "" : ", ") + n;
          return list;
        }(),
        ")"));
  return h5::File::open_image(archive.read(kWeights), archive.path() + " member " + kWeights);
}

}  // namespace

void save_keras_file(const models::ModelImpl& model, const std::filesystem::path& path) {
  std::string config_text = utils::python_json_dumps(serialize_model(model));
  std::string metadata_text = utils::python_json_dumps(
      Json{{"keras_version", kKerasFormatVersion}, {"date_saved", local_time_now()}});
  h5::File weights = h5::File::create(path.string() + " member " + kWeights);
  write_weights(model, weights.root());
  std::vector<uint8_t> weights_bytes = weights.image();
  std::vector<uint8_t> archive =
      zip_stored({{kMetadata, metadata_text.data(), metadata_text.size()},
                  {kConfig, config_text.data(), config_text.size()},
                  {kWeights, weights_bytes.data(), weights_bytes.size()}});
  if (int err = write_file_atomically(path, {{archive.data(), archive.size()}}))
    throw IOError(str(path.string(), ": cannot write the file: ", std::strerror(err)));
}

models::Model load_keras_file(const std::filesystem::path& path, const LoadModelOptions& options) {
  ZipReader archive(path, "a .keras file (a zip archive)");
  Json config = parse_member(archive, kConfig);
  if (!config.is_object() || !config.contains("class_name"))
    throw IOError(
        str(path.string(), " member ", kConfig, ": expected a serialized model with a class_name"));
  layers::LayerPtr layer;
  try {
    layers::check_layer_classes(config);
    layer = layers::deserialize(config);
  } catch (const Error& e) {
    throw ValueError(str(path.string(), " member ", kConfig, ": ", e.what()));
  }
  auto model = std::dynamic_pointer_cast<models::ModelImpl>(layer);
  if (!model)
    throw ValueError(str(path.string(), " member ", kConfig, ": the config describes a ",
                         config["class_name"].dump(), " layer, not a model"));
  if (options.compile && config.contains("compile_config") &&
      config["compile_config"].is_object() && !config["compile_config"].empty())
    model->compile_from_config(config["compile_config"]);
  h5::File weights = open_weights(archive);
  read_weights(*model, weights.root());
  return models::Model(model);
}

void load_weights_from_keras_file(models::ModelImpl& model, const std::filesystem::path& path,
                                  const models::LoadWeightsOptions& options) {
  ZipReader archive(path, "a .keras file (a zip archive)");
  h5::File weights = open_weights(archive);
  read_weights(model, weights.root(), options);
}

}  // namespace keras::saving

namespace keras::models {

using saving::has_suffix;

Model load_model(const std::filesystem::path& path, const saving::LoadModelOptions& options) {
  // tf.keras 2.x could write HDF5 content under a .keras name; Keras 3 reads it as legacy H5.
  if (has_suffix(path, ".keras") && !h5::is_hdf5_file(path))
    return saving::load_keras_file(path, options);
  if (has_suffix(path, ".keras") || has_suffix(path, ".h5") || has_suffix(path, ".hdf5"))
    return saving::load_legacy_model(path, options.compile);
  throw ValueError(str("File format not supported: filepath=", path.string(),
                       ". Keras 3 only supports V3 `.keras` files and legacy H5 format files "
                       "(`.h5` extension)."));
}

Model model_from_json(const std::string& json) {
  Json config = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (config.is_discarded() || !config.is_object())
    throw ValueError("model_from_json: the text is not a JSON object");
  layers::check_layer_classes(config);
  auto model = std::dynamic_pointer_cast<ModelImpl>(layers::deserialize(config));
  if (!model)
    throw ValueError(str("model_from_json: the config describes a ", config["class_name"].dump(),
                         " layer, not a model"));
  return Model(model);
}

std::string ModelImpl::to_json() const {
  return utils::python_json_dumps(saving::serialize_model(*this));
}

void ModelImpl::save(const std::filesystem::path& path) const {
  if (has_suffix(path, ".keras")) return saving::save_keras_file(*this, path);
  if (has_suffix(path, ".h5") || has_suffix(path, ".hdf5")) {
    // Keras 3 warns that this format is legacy, and so does kerascpp.
    warn(
        "You are saving your model as an HDF5 file via `model.save()`. This file format is "
        "considered legacy. We recommend using instead the native Keras format, e.g. "
        "`model.save('my_model.keras')`.");
    return saving::save_legacy_model(*this, path);
  }
  throw ValueError(
      str("Invalid filepath extension for saving. Please add either a `.keras` "
          "extension for the native Keras format (recommended) or a `.h5` extension. "
          "Received: filepath=",
          path.string()));
}

void ModelImpl::save_weights(const std::filesystem::path& path) const {
  saving::save_weights(*this, path);
}

void ModelImpl::load_weights(const std::filesystem::path& path, const LoadWeightsOptions& options) {
  if (has_suffix(path, ".keras")) return saving::load_weights_from_keras_file(*this, path, options);
  if (has_suffix(path, ".h5") || has_suffix(path, ".hdf5")) {
    h5::File file = h5::File::open(path);
    h5::Group root = file.root();
    // A Keras 3 weights file (.weights.h5) unless it holds Keras 2's groups: files named so by
    // users of Keras 2 load too.
    if (has_suffix(path, ".weights.h5") && !saving::is_legacy_h5(root))
      return saving::read_weights(*this, root, options);
    saving::LegacyWeightsOptions legacy{options.by_name, options.skip_mismatch};
    if (root.has_attr("layer_names") || root.has_attr("layer_names0"))
      return saving::load_legacy_weights(*this, root, legacy);
    if (root.has_group("model_weights"))
      return saving::load_legacy_weights(*this, root.group("model_weights"), legacy);
    throw IOError(str(path.string(),
                      ": neither Keras 2 weights (no layer_names attribute) nor a "
                      "Keras 2 model (no model_weights group)"));
  }
  throw ValueError(str("File format not supported: filepath=", path.string(),
                       ". Keras 3 only supports V3 `.keras` and `.weights.h5` files, or legacy "
                       "V1/V2 `.h5` files."));
}

}  // namespace keras::models
