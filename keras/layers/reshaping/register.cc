#include "keras/layers/detail/builtin_layers.h"
#include "keras/layers/reshaping/reshaping_layers.h"

namespace keras::layers::detail {

void register_reshaping_layers(ClassRegistry<Layer>& r) {
  add_layer_class<FlattenImpl>(r, "Flatten");
  add_layer_class<PermuteImpl>(r, "Permute");
  add_layer_class<RepeatVectorImpl>(r, "RepeatVector");
  add_layer_class<ReshapeImpl>(r, "Reshape");
}

}  // namespace keras::layers::detail
