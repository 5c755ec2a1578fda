#include "keras/layers/detail/builtin_layers.h"
#include "keras/layers/normalization/normalization_layers.h"

namespace keras::layers::detail {

void register_normalization_layers(ClassRegistry<Layer>& r) {
  add_layer_class<BatchNormalizationImpl>(r, "BatchNormalization");
  add_layer_class<LayerNormalizationImpl>(r, "LayerNormalization");
  add_layer_class<UnitNormalizationImpl>(r, "UnitNormalization");
}

}  // namespace keras::layers::detail
