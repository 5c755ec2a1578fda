// The registration list of every built-in layer and model class (one line per class).
#pragma once

#include "keras/core/class_registry.h"
#include "keras/layers/layer.h"

namespace keras::layers::detail {

void register_builtin_layers(ClassRegistry<Layer>& registry);

}  // namespace keras::layers::detail
