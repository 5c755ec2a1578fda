#include "keras/layers/builtin_layers.h"
#include "keras/layers/regularization/regularization_layers.h"

namespace keras::layers::detail {

void register_regularization_layers(ClassRegistry<Layer>&) {}

}  // namespace keras::layers::detail
