#include "keras/layers/builtin_layers.h"
#include "keras/layers/core/core_layers.h"

namespace keras::layers::detail {

void register_core_layers(ClassRegistry<Layer>& r) {
  add_layer_class<InputLayerImpl>(r, "InputLayer");
  add_layer_class<DenseImpl>(r, "Dense");
}

}  // namespace keras::layers::detail
