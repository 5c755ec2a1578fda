#include "keras/layers/builtin_layers.h"
#include "keras/layers/normalization/normalization_layers.h"

namespace keras::layers::detail {

void register_normalization_layers(ClassRegistry<Layer>&) {}

}  // namespace keras::layers::detail
