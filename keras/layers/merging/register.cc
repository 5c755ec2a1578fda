#include "keras/layers/builtin_layers.h"
#include "keras/layers/merging/merging_layers.h"

namespace keras::layers::detail {

void register_merging_layers(ClassRegistry<Layer>&) {}

}  // namespace keras::layers::detail
