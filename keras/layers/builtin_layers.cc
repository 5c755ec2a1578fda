#include "keras/layers/builtin_layers.h"

#include "keras/layers/layers.h"
#include "keras/models/sequential.h"

namespace keras::layers::detail {

namespace {

template <class Impl>
void add(ClassRegistry<Layer>& registry, const char* class_name) {
  registry.add(class_name,
               [](const Json& config) -> LayerPtr { return Impl::from_config(config); });
}

}  // namespace

void register_builtin_layers(ClassRegistry<Layer>& r) {
  add<InputLayerImpl>(r, "InputLayer");
  add<DenseImpl>(r, "Dense");
  add<models::SequentialImpl>(r, "Sequential");
}

}  // namespace keras::layers::detail
