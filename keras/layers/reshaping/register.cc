#include "keras/layers/builtin_layers.h"
#include "keras/layers/reshaping/reshaping_layers.h"

namespace keras::layers::detail {

void register_reshaping_layers(ClassRegistry<Layer>&) {}

}  // namespace keras::layers::detail
