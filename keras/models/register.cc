#include "keras/layers/builtin_layers.h"
#include "keras/models/sequential.h"

namespace keras::layers::detail {

void register_models(ClassRegistry<Layer>& r) {
  add_layer_class<models::SequentialImpl>(r, "Sequential");
  add_layer_class<models::FunctionalImpl>(r, "Functional");
}

}  // namespace keras::layers::detail
