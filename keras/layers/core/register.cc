#include "keras/layers/core/core_layers.h"
#include "keras/layers/detail/builtin_layers.h"

namespace keras::layers::detail {

void register_core_layers(ClassRegistry<Layer>& r) {
  add_layer_class<InputLayerImpl>(r, "InputLayer");
  add_layer_class<DenseImpl>(r, "Dense");
  add_layer_class<EinsumDenseImpl>(r, "EinsumDense");
  add_layer_class<EmbeddingImpl>(r, "Embedding");
  add_layer_class<IdentityImpl>(r, "Identity");
  add_layer_class<LambdaImpl>(r, "Lambda");
  add_layer_class<MaskingImpl>(r, "Masking");
}

}  // namespace keras::layers::detail
