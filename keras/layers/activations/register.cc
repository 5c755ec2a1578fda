#include "keras/layers/activations/activations_layers.h"
#include "keras/layers/detail/builtin_layers.h"

namespace keras::layers::detail {

void register_activation_layers(ClassRegistry<Layer>& r) {
  add_layer_class<ActivationImpl>(r, "Activation");
  add_layer_class<ELUImpl>(r, "ELU");
  add_layer_class<LeakyReLUImpl>(r, "LeakyReLU");
  add_layer_class<PReLUImpl>(r, "PReLU");
  add_layer_class<ReLUImpl>(r, "ReLU");
  add_layer_class<SoftmaxImpl>(r, "Softmax");
}

}  // namespace keras::layers::detail
