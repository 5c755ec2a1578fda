#include "keras/layers/reshaping/permute.h"

#include <algorithm>
#include <numeric>

#include "keras/core/config_reading.h"
#include "keras/ops/shape.h"

namespace keras::layers {

PermuteImpl::PermuteImpl(std::vector<int> dims, const PermuteOptions& options)
    : Layer("Permute", options.layer_options()), dims_(std::move(dims)) {
  std::vector<int> sorted = dims_, expected(dims_.size());
  std::sort(sorted.begin(), sorted.end());
  std::iota(expected.begin(), expected.end(), 1);
  if (sorted != expected) {
    std::string shown = "(";  // as Python prints the tuple
    for (size_t i = 0; i < dims_.size(); ++i) shown += (i ? ", " : "") + std::to_string(dims_[i]);
    shown += dims_.size() == 1 ? ",)" : ")";
    throw ValueError(
        str("Invalid permutation argument `dims` for Permute Layer. The set of "
            "indices in `dims` must be consecutive and start from 1. Received dims=",
            shown));
  }
  set_input_spec({InputSpec{.ndim = static_cast<int>(dims_.size()) + 1}});
}

Tensors PermuteImpl::call(const Tensors& inputs, const CallContext&) {
  std::vector<int> perm{0};
  perm.insert(perm.end(), dims_.begin(), dims_.end());
  return ops::transpose(inputs.single(str("Permute '", name(), "'")), perm);
}

Shapes PermuteImpl::compute_output_shape(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("Permute '", name(), "'"));
  if (shape.rank() != static_cast<int>(dims_.size()) + 1)
    throw ValueError(str("Input 0 of layer '", name(),
                         "' is incompatible with the layer: expected ndim=", dims_.size() + 1,
                         ", found ndim=", shape.rank(), ". Full shape received: ", shape));
  std::vector<int64_t> out{shape[0]};
  for (int d : dims_) out.push_back(shape[d]);
  return Shapes(Shape(out));
}

Json PermuteImpl::get_config() const {
  Json config = Layer::get_config();
  config["dims"] = dims_;
  return config;
}

std::shared_ptr<PermuteImpl> PermuteImpl::from_config(const Json& config) {
  const std::string who = "Permute";
  PermuteOptions options;
  read_layer_options(options, config, who);
  if (!config.contains("dims") || !config.at("dims").is_array())
    throw ValueError(str("Permute config: 'dims' must be a list of integers, got ",
                         config.contains("dims") ? config.at("dims").dump() : "nothing"));
  return std::make_shared<PermuteImpl>(config_reading::axes(config, "dims", {}, who), options);
}

}  // namespace keras::layers
