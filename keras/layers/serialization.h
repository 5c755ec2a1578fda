// Layers to and from their Keras 3 serialized form (keras/src/saving/serialization_lib.py):
//   {"module": "keras.layers", "class_name": "Dense", "config": {...}, "registered_name": null,
//    "build_config": {"input_shape": [null, 784]}}
// and the registry of layer classes by name, which holds every built-in layer and model class and
// the classes users register:
//
//   layers::register_layer<ScaleImpl>("Scale");   // ScaleImpl::from_config(const Json&)
//   // serialized as {"module": null, "class_name": "Scale", "registered_name": "Custom>Scale"}
#pragma once

#include <string>

#include "keras/core/class_registry.h"
#include "keras/layers/layer.h"

namespace keras::layers {

// Every layer class by its Keras class name (and registered name, for user classes).
ClassRegistry<Layer>& registry();

// Registers a user layer class: `factory` rebuilds it from the config its get_config() wrote.
// Serialized with registered_name "<package>><name>" (Keras's default package is "Custom").
void register_layer(const std::string& name, ClassRegistry<Layer>::Factory factory,
                    const std::string& package = "Custom");
template <class Impl>
void register_layer(const std::string& name, const std::string& package = "Custom") {
  register_layer(
      name, [](const Json& config) -> LayerPtr { return Impl::from_config(config); }, package);
}

// The serialized layer (with build_config when the layer was built with shapes).
Json serialize(const Layer& layer);
// A new layer from serialize()'s output, built from its build_config. An unknown class throws
// ValueError naming it; a Keras 2 config (no "module" key) is read as well.
LayerPtr deserialize(const Json& config);
// Throws the ValueError deserialize() would give for the first layer class in `config` (a model's
// layers, nested models and wrapped layers included) that has no registered class, before
// anything is built; a no-op when every class exists.
void check_layer_classes(const Json& config);

}  // namespace keras::layers
