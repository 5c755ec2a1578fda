#include "keras/layers/builtin_layers.h"
#include "keras/layers/activations/activations_layers.h"

namespace keras::layers::detail {

void register_activation_layers(ClassRegistry<Layer>&) {}

}  // namespace keras::layers::detail
