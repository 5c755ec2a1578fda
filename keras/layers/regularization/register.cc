#include "keras/layers/detail/builtin_layers.h"
#include "keras/layers/regularization/regularization_layers.h"

namespace keras::layers::detail {

void register_regularization_layers(ClassRegistry<Layer>& r) {
  add_layer_class<ActivityRegularizationImpl>(r, "ActivityRegularization");
  add_layer_class<AlphaDropoutImpl>(r, "AlphaDropout");
  add_layer_class<DropoutImpl>(r, "Dropout");
  add_layer_class<GaussianDropoutImpl>(r, "GaussianDropout");
  add_layer_class<GaussianNoiseImpl>(r, "GaussianNoise");
  add_layer_class<SpatialDropout1DImpl>(r, "SpatialDropout1D");
  add_layer_class<SpatialDropout2DImpl>(r, "SpatialDropout2D");
}

}  // namespace keras::layers::detail
