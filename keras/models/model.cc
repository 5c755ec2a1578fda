#include "keras/models/model.h"

#include <iostream>

#include "keras/utils/summary_utils.h"

namespace keras::models {

ModelImpl::ModelImpl(std::string class_name, const ModelOptions& options)
    : Layer(std::move(class_name), [&] {
        layers::LayerOptions base;
        base.name = options.name;
        base.trainable = options.trainable;
        base.dtype = options.dtype;
        return base;
      }()) {}

std::vector<LayerPtr> ModelImpl::layers() const {
  // A subclassed model's layers: what it tracked, in order (Keras:
  // _flatten_layers(recursive=False)).
  return sublayers();
}

LayerPtr ModelImpl::get_layer(const std::string& name) const {
  std::vector<LayerPtr> all = layers();
  for (const LayerPtr& layer : all)
    if (layer->name() == name) return layer;
  std::string names;
  for (const LayerPtr& layer : all) names += (names.empty() ? "'" : ", '") + layer->name() + "'";
  throw ValueError(str("No such layer: ", name, ". Existing layers are: [", names, "]."));
}

LayerPtr ModelImpl::get_layer(int index) const {
  std::vector<LayerPtr> all = layers();
  if (index < 0 || static_cast<size_t>(index) >= all.size())
    throw ValueError(str("Was asked to retrieve layer at index ", index, " but model only has ",
                         all.size(), " layers."));
  return all[static_cast<size_t>(index)];
}

Tensors ModelImpl::inputs() const {
  throw ValueError(str("Model '", name(), "' has no defined inputs (it has no layer graph)"));
}

Tensors ModelImpl::outputs() const {
  throw ValueError(str("Model '", name(), "' has no defined outputs (it has no layer graph)"));
}

std::vector<std::string> ModelImpl::output_names() const {
  throw ValueError(str("Model '", name(), "' has no defined outputs (it has no layer graph)"));
}

void ModelImpl::summary(const SummaryOptions& options) const {
  if (options.print_fn) {
    options.print_fn(utils::summary_text(*this, options, utils::rich::capture_console()));
    return;
  }
  std::cout << utils::summary_text(*this, options, utils::rich::stdout_console()) << std::flush;
}

std::string ModelImpl::summary_text(const SummaryOptions& options) const {
  return utils::summary_text(*this, options, utils::rich::capture_console());
}

}  // namespace keras::models
