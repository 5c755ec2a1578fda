#include "keras/layers/reshaping/permute.h"

#include <algorithm>
#include <numeric>

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/shape.h"

namespace keras::layers {

namespace {

struct PermuteArgs {
  std::optional<std::vector<int>> dims;
  PermuteOptions options;
};

args::ArgList permute_args(PermuteArgs& a) {
  return {{"dims", a.dims}};
}

}  // namespace

PermuteImpl::PermuteImpl(std::vector<int> dims, const PermuteOptions& options)
    : Layer("Permute", options.layer_options()), dims_(std::move(dims)), options_(options) {
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
  PermuteArgs a{dims_, options_};
  return config_with(Layer::get_config(), permute_args(a));
}

std::shared_ptr<PermuteImpl> PermuteImpl::from_config(const Json& config) {
  PermuteArgs a;
  read_config(a.options, config, permute_args(a), "Permute");
  return std::make_shared<PermuteImpl>(args::required(a.dims, "Permute", "dims"), a.options);
}

}  // namespace keras::layers
