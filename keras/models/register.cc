#include "keras/layers/detail/builtin_layers.h"
#include "keras/models/sequential.h"

namespace keras::layers::detail {

void register_models(ClassRegistry<Layer>& r) {
  add_layer_class<models::SequentialImpl>(r, "Sequential");
  add_layer_class<models::FunctionalImpl>(r, "Functional");
  // Keras 2 (and tf.keras <= 2.3) wrote functional models as class "Model".
  add_layer_class<models::FunctionalImpl>(r, "Model");
}

}  // namespace keras::layers::detail
