#include "keras/layers/detail/builtin_layers.h"

namespace keras::layers::detail {

void register_builtin_layers(ClassRegistry<Layer>& registry) {
  register_core_layers(registry);
  register_reshaping_layers(registry);
  register_regularization_layers(registry);
  register_activation_layers(registry);
  register_normalization_layers(registry);
  register_merging_layers(registry);
  register_models(registry);
}

}  // namespace keras::layers::detail
