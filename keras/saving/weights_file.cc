#include "keras/saving/weights_file.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "keras/core/error.h"
#include "keras/core/warnings.h"
#include "keras/optimizers/optimizer.h"
#include "keras/saving/detail/weights_h5.h"
#include "keras/saving/keras_file.h"
#include "keras/utils/naming.h"

namespace keras::saving {

namespace {

using layers::Layer;
using layers::LayerPtr;
using models::ModelImpl;

// Keras's _get_unique_name: the first "dense", then "dense_1", "dense_2", ...
std::string unique_key(const std::string& base, std::map<std::string, int>& used) {
  auto [it, fresh] = used.try_emplace(base, 0);
  if (fresh) return base;
  return base + "_" + std::to_string(++it->second);
}

// The children of an object in Keras's walk order: a model's layers under "layers".
std::vector<std::pair<std::string, LayerPtr>> keyed_layers(const Layer& layer) {
  std::vector<std::pair<std::string, LayerPtr>> out;
  const auto* model = dynamic_cast<const ModelImpl*>(&layer);
  if (!model) {
    if (!layer.sublayers().empty())
      throw NotImplementedError(str("Layer '", layer.name(), "' (", layer.class_name(),
                                    ") holds sublayers; saving those is not supported yet"));
    return out;
  }
  std::map<std::string, int> used;
  for (const LayerPtr& child : model->layers())
    out.emplace_back(unique_key(utils::to_snake_case(child->class_name()), used), child);
  return out;
}

std::string names_of(const std::vector<Variable>& vars) {
  std::string out = "[";
  for (size_t i = 0; i < vars.size(); ++i) out += (i ? ", '" : "'") + vars[i].name() + "'";
  return out + "]";
}

void write_vars(h5::Group& parent, const std::string& name, const std::vector<Variable>& vars) {
  h5::Group group = parent.create_group("vars");
  group.set_attr("name", name);
  for (size_t i = 0; i < vars.size(); ++i) group.write(std::to_string(i), vars[i].value());
}

void write_layer(const Layer& layer, h5::Group group, std::set<const Layer*>& visited) {
  if (!visited.insert(&layer).second) return;  // a shared layer is stored once, where first seen
  write_vars(group, layer.name(), layer.own_weights());
  std::vector<std::pair<std::string, LayerPtr>> children = keyed_layers(layer);
  if (children.empty()) return;
  h5::Group list = group.create_group("layers");
  for (const auto& [key, child] : children) write_layer(*child, list.create_group(key), visited);
}

// How many datasets "0", "1", ... a vars group holds (0 when the group is absent).
size_t stored_count(const h5::Group& group) {
  if (!group.has_group("vars")) return 0;
  return group.group("vars").names().size();
}

// Assigns `values` to `vars` after checking count and shapes; false (after a warning) on a
// mismatch with skip_mismatch, ValueError otherwise.
bool assign_checked(std::vector<Variable> vars, const h5::Group* group, const std::string& object,
                    const LoadWeightsOptions& options) {
  size_t stored = group ? stored_count(*group) : 0;
  std::string where = group ? group->where("vars") : "(absent)";
  auto mismatch = [&](const std::string& what) {
    if (!options.skip_mismatch) throw ValueError(what);
    warn("Skipping loading weights for " + object + " due to mismatch: " + what);
    return false;
  };
  if (stored != vars.size())
    return mismatch(str(object, " expected ", vars.size(), " variables, but received ", stored,
                        " variables during loading (", where, "). Expected: ", names_of(vars)));
  if (vars.empty()) return true;
  h5::Group holder = group->group("vars");
  std::vector<Tensor> values;
  for (size_t i = 0; i < vars.size(); ++i) {
    std::string key = std::to_string(i);
    if (!holder.has_dataset(key))
      return mismatch(str(holder.where(key), ": expected a dataset for ", object, "'s variable '",
                          vars[i].name(), "'"));
    TensorMeta meta = holder.dataset_meta(key);
    if (meta.shape != vars[i].shape())
      return mismatch(str(holder.where(key), ": ", object, "'s variable '", vars[i].name(),
                          "' has shape ", vars[i].shape(), "; the file stores shape ", meta.shape));
    values.push_back(holder.read(key));
  }
  for (size_t i = 0; i < vars.size(); ++i) vars[i].assign(values[i]);  // casts to its dtype
  return true;
}

void read_layer(Layer& layer, const h5::Group* group, std::set<const Layer*>& visited,
                const LoadWeightsOptions& options) {
  if (!visited.insert(&layer).second) return;
  assign_checked(layer.own_weights(), group, "Layer '" + layer.name() + "'", options);
  std::vector<std::pair<std::string, LayerPtr>> children = keyed_layers(layer);
  if (children.empty()) return;
  std::optional<h5::Group> list;
  if (group && group->has_group("layers")) list = group->group("layers");
  for (const auto& [key, child] : children) {
    std::optional<h5::Group> child_group;
    if (list && list->has_group(key)) child_group = list->group(key);
    read_layer(*child, child_group ? &*child_group : nullptr, visited, options);
  }
}

void read_optimizer(ModelImpl& model, const h5::Group& root) {
  optimizers::OptimizerPtr optimizer = model.optimizer();
  if (!optimizer || !root.has_group("optimizer")) return;
  if (!optimizer->built()) optimizer->build(model.trainable_weights());
  h5::Group group = root.group("optimizer");
  size_t stored = stored_count(group);
  std::vector<Variable> vars = optimizer_variables_as_saved(*optimizer, stored);
  if (stored != vars.size()) {
    // Keras warns and goes on: the model's weights are what matters most.
    warn(str("Skipping variable loading for optimizer '", optimizer->name(), "', because it has ",
             vars.size(), " variables whereas the saved optimizer has ", stored, " variables."));
    return;
  }
  assign_checked(vars, &group, "Optimizer '" + optimizer->name() + "'", {});
}

void check_built(const ModelImpl& model, const char* action) {
  if (!model.built())
    throw ValueError(str("Model '", model.name(), "' is not built yet, so it has no weights to ",
                         action, ". Build it first: call it on data, or give it an Input."));
}

}  // namespace

std::vector<Variable> optimizer_variables_as_saved(const optimizers::Optimizer& optimizer,
                                                   size_t stored) {
  std::vector<Variable> vars = optimizer.variables();
  if (stored + 1 == vars.size() && vars.size() >= 2 && vars[1].name() == "learning_rate")
    vars.erase(vars.begin() + 1);
  return vars;
}

void write_weights(const ModelImpl& model, h5::Group root) {
  check_built(model, "save");
  std::set<const Layer*> visited;
  write_layer(model, root, visited);
  optimizers::OptimizerPtr optimizer = model.optimizer();
  if (optimizer && optimizer->built()) {
    h5::Group group = root.create_group("optimizer");
    write_vars(group, optimizer->name(), optimizer->variables());
  }
}

void read_weights(ModelImpl& model, const h5::Group& root, const LoadWeightsOptions& options) {
  check_built(model, "load");
  std::set<const Layer*> visited;
  read_layer(model, &root, visited, options);
  read_optimizer(model, root);
}

namespace {

void check_weights_name(const std::filesystem::path& path) {
  if (!has_suffix(path, ".weights.h5"))
    throw ValueError(
        str("The filename must end in `.weights.h5`. Received: filepath=", path.string()));
}

}  // namespace

void save_weights(const ModelImpl& model, const std::filesystem::path& path) {
  check_weights_name(path);
  h5::File file = h5::File::create(path.string());
  write_weights(model, file.root());
  file.save(path);
}

}  // namespace keras::saving
