#include "keras/layers/detail/builtin_layers.h"
#include "keras/layers/merging/merging_layers.h"

namespace keras::layers::detail {

void register_merging_layers(ClassRegistry<Layer>& r) {
  add_layer_class<AddImpl>(r, "Add");
  add_layer_class<SubtractImpl>(r, "Subtract");
  add_layer_class<MultiplyImpl>(r, "Multiply");
  add_layer_class<AverageImpl>(r, "Average");
  add_layer_class<MaximumImpl>(r, "Maximum");
  add_layer_class<MinimumImpl>(r, "Minimum");
  add_layer_class<ConcatenateImpl>(r, "Concatenate");
  add_layer_class<DotImpl>(r, "Dot");
}

}  // namespace keras::layers::detail
