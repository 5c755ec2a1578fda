// The registration of every built-in layer and model class: one function per layer family
// (keras/layers/<family>/register.cc), one line per class inside it.
#pragma once

#include "keras/core/class_registry.h"
#include "keras/layers/layer.h"

namespace keras::layers::detail {

void register_builtin_layers(ClassRegistry<Layer>& registry);

void register_core_layers(ClassRegistry<Layer>& registry);
void register_reshaping_layers(ClassRegistry<Layer>& registry);
void register_regularization_layers(ClassRegistry<Layer>& registry);
void register_activation_layers(ClassRegistry<Layer>& registry);
void register_normalization_layers(ClassRegistry<Layer>& registry);
void register_merging_layers(ClassRegistry<Layer>& registry);
void register_models(ClassRegistry<Layer>& registry);

// Adds Impl under its Keras class name (Impl::from_config(const Json&) rebuilds it).
template <class Impl>
void add_layer_class(ClassRegistry<Layer>& registry, const char* class_name) {
  registry.add(class_name,
               [](const Json& config) -> LayerPtr { return Impl::from_config(config); });
}

}  // namespace keras::layers::detail
