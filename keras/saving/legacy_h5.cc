#include "keras/saving/legacy_h5.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/core/warnings.h"
#include "keras/layers/serialization.h"
#include "keras/optimizers/optimizer.h"
#include "keras/saving/detail/keras2_config.h"
#include "keras/saving/detail/weights_h5.h"
#include "keras/saving/keras_file.h"
#include "keras/utils/python_format.h"

namespace keras::saving {

namespace {

using layers::LayerPtr;

// A weight stored at the path its name gives ("dense_1/kernel:0" is group dense_1, dataset
// kernel:0) below the layer's group.
Tensor read_weight(const h5::Group& layer_group, const std::string& weight_name) {
  h5::Group holder = layer_group;
  std::string rest = weight_name;
  for (size_t slash; (slash = rest.find('/')) != std::string::npos;) {
    std::string part = rest.substr(0, slash);
    rest = rest.substr(slash + 1);
    if (!part.empty()) holder = holder.group(part);
  }
  return holder.read(rest);
}

// Keras's _legacy_weights: trainable weights, then non-trainable ones.
std::vector<Variable> legacy_weights(const layers::Layer& layer) {
  std::vector<Variable> out = layer.trainable_weights();
  for (const Variable& v : layer.non_trainable_weights()) out.push_back(v);
  return out;
}

struct SavedLayer {
  std::string name;
  std::vector<std::string> weight_names;
};

std::vector<SavedLayer> saved_layers(const h5::Group& group) {
  std::vector<SavedLayer> out;
  for (const std::string& name : group.string_list_attr("layer_names")) {
    h5::Group g = group.group(name);
    out.push_back({name, g.has_attr("weight_names") || g.has_attr("weight_names0")
                             ? g.string_list_attr("weight_names")
                             : std::vector<std::string>{}});
  }
  return out;
}

// Reads a saved layer's weights and checks them against the model layer's; returns false (after
// a warning) on a mismatch when skipping, throws ValueError otherwise.
bool assign_layer(const layers::Layer& layer, const h5::Group& group, const SavedLayer& saved,
                  bool skip_mismatch) {
  std::vector<Variable> vars = legacy_weights(layer);
  auto mismatch = [&](const std::string& what) {
    if (!skip_mismatch) throw ValueError(what);
    warn("Skipping loading weights for layer '" + layer.name() + "': " + what);
    return false;
  };
  if (vars.size() != saved.weight_names.size())
    return mismatch(str("Weight count mismatch for layer '", layer.name(),
                        "' in the current model, '", saved.name, "' in the save file (",
                        group.where(saved.name), "). Layer expects ", vars.size(),
                        " weight(s). Received ", saved.weight_names.size(), " saved weight(s)"));
  h5::Group layer_group = group.group(saved.name);
  std::vector<Tensor> values;
  for (size_t i = 0; i < vars.size(); ++i) {
    Tensor value = read_weight(layer_group, saved.weight_names[i]);
    if (value.shape() != vars[i].shape())
      return mismatch(str("Shape mismatch in layer '", layer.name(), "' for weight '",
                          vars[i].name(), "': the model expects ", vars[i].shape(), "; the file (",
                          layer_group.where(saved.weight_names[i]), ") has ", value.shape()));
    values.push_back(value);
  }
  for (size_t i = 0; i < vars.size(); ++i) vars[i].assign(values[i]);  // casts to its dtype
  return true;
}

// Keras 2's training_config optimizer: "decay" has no Keras 3 meaning (a schedule replaced it)
// and is dropped, with a warning only when it was in use (Keras 2 wrote 0.0 by default);
// tf.keras 2.11+ registered names ("Custom>Adam") are the class names, and its bookkeeping keys
// (is_legacy_optimizer, jit_compile) have no Keras 3 argument: they are dropped, where Keras 3
// falls back to a default optimizer of the same name. Keras 2's "lr" is read by the optimizers
// themselves (an old key of learning_rate in base_args()).
Json keras3_optimizer(Json optimizer) {
  if (optimizer.contains("class_name") && optimizer["class_name"].is_string()) {
    std::string name = optimizer["class_name"].get<std::string>();
    if (name.rfind("Custom>", 0) == 0) optimizer["class_name"] = name.substr(7);
  }
  if (optimizer.contains("config") && optimizer["config"].is_object()) {
    Json& c = optimizer["config"];
    if (c.contains("decay") && c["decay"].is_number() && c["decay"].get<double>() != 0.0)
      warn("The saved optimizer's `decay` has no Keras 3 equivalent; it is ignored.");
    c.erase("decay");
    c.erase("is_legacy_optimizer");
    c.erase("jit_compile");
  }
  return optimizer;
}

void compile_from_training_config(models::ModelImpl& model, const Json& training,
                                  const std::string& where) {
  Json compile_config = Json::object();
  if (training.contains("optimizer_config"))
    compile_config["optimizer"] = keras3_optimizer(training["optimizer_config"]);
  for (const char* key : {"loss", "loss_weights", "metrics", "weighted_metrics"})
    if (training.contains(key)) compile_config[key] = training[key];
  // tf.keras writes metrics as [[{"class_name": "MeanMetricWrapper", "config": {"fn": ...}}]];
  // Keras re-resolves those by their function name.
  if (compile_config.contains("metrics") && compile_config["metrics"].is_array()) {
    Json flat = Json::array();
    bool nested = false;
    for (const Json& m : compile_config["metrics"]) {
      if (m.is_array()) {
        nested = true;
        for (const Json& inner : m)
          if (inner.is_object() && inner.value("class_name", "") == "MeanMetricWrapper")
            flat.push_back(inner["config"].value("fn", inner["config"].value("name", "")));
          else
            flat.push_back(inner);
      }
    }
    if (nested && compile_config["metrics"].size() == 1) compile_config["metrics"] = flat;
  }
  try {
    model.compile_from_config(compile_config);
  } catch (const Error& e) {
    warn(str(where, ": the model's training configuration could not be used (", e.what(),
             "); the model is not compiled. Compile it yourself to train it."));
  }
}

// The layers owning each variable of `layer`, as "<owner name>/<variable name>" (Keras 3's
// variable paths), in legacy_weights order.
std::vector<std::string> weight_paths(const layers::Layer& layer,
                                      const std::vector<Variable>& weights) {
  std::map<const void*, std::string> owner;
  for (const layers::Layer* l : layer.flatten_layers())
    for (const Variable& v : l->own_weights()) owner.try_emplace(v.state_ptr().get(), l->name());
  std::vector<std::string> out;
  std::map<std::string, int> used;
  for (const Variable& v : weights) {
    auto it = owner.find(v.state_ptr().get());
    std::string path = (it != owner.end() ? it->second : layer.name()) + "/" + v.name();
    if (int n = used[path]++) path += "_" + std::to_string(n);  // names stay unique in a group
    out.push_back(path);
  }
  return out;
}

// Datasets at the paths their names give (a '/' makes a subgroup), and the weight_names list.
void write_weight_group(h5::Group group, const std::vector<Variable>& weights,
                        const std::vector<std::string>& names) {
  group.set_chunked_attr("weight_names", names);
  for (size_t i = 0; i < weights.size(); ++i) {
    h5::Group holder = group;
    std::string rest = names[i];
    for (size_t slash; (slash = rest.find('/')) != std::string::npos;) {
      holder = holder.require_group(rest.substr(0, slash));
      rest = rest.substr(slash + 1);
    }
    holder.write(rest, weights[i].value());
  }
}

void load_optimizer_weights(models::ModelImpl& model, const h5::Group& root,
                            const std::string& where) {
  optimizers::OptimizerPtr optimizer = model.optimizer();
  if (!optimizer || !root.has_group("optimizer_weights")) return;
  h5::Group group = root.group("optimizer_weights");
  std::vector<std::string> names = group.string_list_attr("weight_names");
  if (!optimizer->built()) optimizer->build(model.trainable_weights());
  std::vector<Variable> vars = optimizer_variables_as_saved(*optimizer, names.size());
  if (names.size() != vars.size()) {
    warn(str(where, ": Error in loading the saved optimizer state: the file holds ", names.size(),
             " optimizer weights, the optimizer has ", vars.size(),
             ". The optimizer starts afresh."));
    return;
  }
  std::vector<Tensor> values;
  for (size_t i = 0; i < vars.size(); ++i) {
    Tensor value = read_weight(group, names[i]);
    if (value.shape() != vars[i].shape()) {
      warn(str(where, ": Error in loading the saved optimizer state: '", names[i], "' has shape ",
               value.shape(), ", the optimizer's variable ", vars[i].shape(),
               ". The optimizer starts afresh."));
      return;
    }
    values.push_back(value);
  }
  for (size_t i = 0; i < vars.size(); ++i) vars[i].assign(values[i]);  // casts to its dtype
}

}  // namespace

void save_legacy_model(const models::ModelImpl& model, const std::filesystem::path& path) {
  if (!model.built())
    throw ValueError(str("Model '", model.name(),
                         "' is not built yet, so it has no weights to save. Build it first."));
  h5::File file = h5::File::create(path.string());
  h5::Group root = file.root();
  root.set_attr("keras_version", std::string(kKerasFormatVersion));
  // The convolution convention of the weights (cross-correlation, as TensorFlow): what a Keras
  // reader checks this attribute for.
  root.set_attr("backend", std::string("tensorflow"));
  root.set_attr("model_config",
                utils::python_json_dumps(keras2_model_config(
                    {{"class_name", model.class_name()}, {"config", model.get_config()}})));
  Json compile_config = model.get_compile_config();
  if (model.compiled()) {
    // As Keras's legacy writers: the optimizer goes under optimizer_config alone.
    compile_config.erase("optimizer");
    optimizers::OptimizerPtr optimizer = model.optimizer();
    compile_config["optimizer_config"] = {{"class_name", optimizer->class_name()},
                                          {"config", optimizer->get_config()}};
    root.set_attr("training_config",
                  utils::python_json_dumps(keras2_training_config(compile_config)));
  }
  h5::Group weights = root.create_group("model_weights");
  std::vector<std::string> layer_names;
  std::vector<LayerPtr> layers = model.layers();
  for (const LayerPtr& layer : layers) layer_names.push_back(layer->name());
  weights.set_chunked_attr("layer_names", layer_names);
  weights.set_attr("backend", std::string("tensorflow"));
  weights.set_attr("keras_version", std::string(kKerasFormatVersion));
  std::vector<LayerPtr> sorted = layers;
  std::sort(sorted.begin(), sorted.end(),
            [](const LayerPtr& a, const LayerPtr& b) { return a->name() < b->name(); });
  for (const LayerPtr& layer : sorted) {
    std::vector<Variable> vars = legacy_weights(*layer);
    write_weight_group(weights.create_group(layer->name()), vars, weight_paths(*layer, vars));
  }
  std::vector<Variable> own = model.own_weights();
  write_weight_group(weights.create_group("top_level_model_weights"), own,
                     weight_paths(model, own));
  optimizers::OptimizerPtr optimizer = model.optimizer();
  if (optimizer && optimizer->built()) {
    // As tf-keras stores them: without the learning rate, which its optimizers keep out of their
    // variables (it stays what optimizer_config says); readers restore the state by position.
    std::vector<Variable> vars = optimizer->variables();
    if (vars.size() >= 2 && vars[1].name() == "learning_rate") vars.erase(vars.begin() + 1);
    std::vector<std::string> names;
    std::map<std::string, int> used;
    for (const Variable& v : vars) {
      std::string name = optimizer->name() + "/" + v.name();
      if (int n = used[name]++) name += "_" + std::to_string(n);
      names.push_back(name);
    }
    write_weight_group(root.create_group("optimizer_weights"), vars, names);
  }
  file.save(path);
}

bool is_legacy_h5(const h5::Group& root) {
  return root.has_attr("layer_names") || root.has_attr("layer_names0") ||
         root.has_group("model_weights");
}

void load_legacy_weights(models::ModelImpl& model, const h5::Group& group,
                         const LegacyWeightsOptions& options) {
  if (!model.built())
    throw ValueError(str("Model '", model.name(),
                         "' is not built yet, so it has no weights to load. Build it first."));
  std::vector<SavedLayer> saved = saved_layers(group);
  if (options.by_name) {
    std::map<std::string, const SavedLayer*> by_name;
    for (const SavedLayer& s : saved) by_name[s.name] = &s;
    for (const LayerPtr& layer : model.layers()) {
      auto it = by_name.find(layer->name());
      if (it == by_name.end()) continue;
      assign_layer(*layer, group, *it->second, options.skip_mismatch);
    }
    return;
  }
  std::vector<LayerPtr> with_weights;
  for (const LayerPtr& layer : model.layers())
    if (!layer->weights().empty()) with_weights.push_back(layer);
  std::vector<const SavedLayer*> stored;
  for (const SavedLayer& s : saved)
    if (!s.weight_names.empty()) stored.push_back(&s);
  if (with_weights.size() != stored.size())
    throw ValueError(str("Layer count mismatch when loading weights from file ", group.where(),
                         ". Model expected ", with_weights.size(), " layers, found ", stored.size(),
                         " saved layers."));
  for (size_t k = 0; k < stored.size(); ++k)
    assign_layer(*with_weights[k], group, *stored[k], /*skip_mismatch=*/false);
}

models::Model load_legacy_model(const std::filesystem::path& path, bool compile) {
  h5::File file = h5::File::open(path);
  h5::Group root = file.root();
  std::string where = path.string();
  if (!root.has_attr("model_config"))
    throw ValueError(str(where,
                         ": no model found in config file (no model_config attribute; "
                         "a weights-only file loads with load_weights)"));
  std::string text = root.string_attr("model_config");
  Json config = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (config.is_discarded() || !config.is_object())
    throw IOError(str(where, ": the model_config attribute is not a JSON object"));
  LayerPtr layer;
  try {
    layers::check_layer_classes(config);
    layer = layers::deserialize(config);
  } catch (const Error& e) {
    throw ValueError(str(where, " (model_config): ", e.what()));
  }
  auto model = std::dynamic_pointer_cast<models::ModelImpl>(layer);
  if (!model) throw ValueError(str(where, ": model_config describes a layer, not a model"));
  if (!root.has_group("model_weights")) throw IOError(str(where, ": no model_weights group"));
  load_legacy_weights(*model, root.group("model_weights"));
  if (compile && root.has_attr("training_config")) {
    Json training = Json::parse(root.string_attr("training_config"), nullptr, false);
    if (training.is_object())
      compile_from_training_config(*model, training, where);
    else
      warn(str(where, ": the training_config attribute is not JSON; the model is not compiled."));
    load_optimizer_weights(*model, root, where);
  }
  return models::Model(model);
}

}  // namespace keras::saving
