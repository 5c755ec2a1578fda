#include "keras/layers/merging/concatenate.h"

#include <optional>
#include <set>

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/math.h"
#include "keras/ops/shape.h"

namespace keras::layers {

namespace {

args::ArgList concatenate_args(ConcatenateOptions& o) {
  return {{"axis", o.axis}};
}

}  // namespace

ConcatenateImpl::ConcatenateImpl(const ConcatenateOptions& options)
    : MergeImpl("Concatenate", options.layer_options()), options_(options) {
  set_reshape_inputs(false);
}

namespace {

// Python's shape[axis] for a possibly negative axis; nullopt when out of range.
std::optional<int> python_index(int axis, int rank) {
  int a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) return std::nullopt;
  return a;
}

}  // namespace

void ConcatenateImpl::check_shapes(const Shapes& input_shape) {
  if (!input_shape.is_list())
    throw ValueError(str(prefix(),
                         "A `Concatenate` layer should be called on a list of at least 1 input. "
                         "Received: input_shape=",
                         shapes_repr(input_shape)));
  // Keras drops the concatenation axis from each shape (when the shape has it) and compares the
  // rest, ignoring unknown dimensions.
  std::set<std::vector<int64_t>> reduced;
  for (const Shape& shape : input_shape) {
    std::vector<int64_t> dims = shape.dims();
    if (options_.axis >= 0) {
      if (shape.rank() > options_.axis) dims.erase(dims.begin() + options_.axis);
    } else {
      std::optional<int> a = python_index(options_.axis, shape.rank());
      if (!a)
        throw ValueError(str(prefix(), "axis ", options_.axis,
                             " is out of range for the input shape ", shape,
                             ". Received: input_shape=", shapes_repr(input_shape)));
      dims.erase(dims.begin() + *a);
    }
    reduced.insert(dims);
  }
  if (reduced.size() == 1) return;
  std::string message = str(prefix(),
                            "A `Concatenate` layer requires inputs with matching shapes except "
                            "for the concatenation axis. Received: input_shape=",
                            shapes_repr(input_shape));
  std::set<size_t> ranks;
  for (const auto& dims : reduced) ranks.insert(dims.size());
  if (ranks.size() != 1) throw ValueError(message);
  for (size_t d = 0; d < *ranks.begin(); ++d) {
    std::set<int64_t> known;
    for (const auto& dims : reduced)
      if (dims[d] >= 0) known.insert(dims[d]);
    if (known.size() > 1) throw ValueError(message);
  }
}

Tensor ConcatenateImpl::merge_function(const std::vector<Tensor>& inputs,
                                       const std::vector<Tensor>&) {
  return ops::concatenate(inputs, options_.axis);
}

Shapes ConcatenateImpl::compute_output_shape(const Shapes& input_shape) {
  if (!input_shape.is_list())
    throw ValueError(str(prefix(),
                         "A `Concatenate` layer should be called on a list of inputs. Received: "
                         "input_shape=",
                         shapes_repr(input_shape)));
  std::vector<int64_t> out = input_shape[0].dims();
  std::optional<int> a = python_index(options_.axis, input_shape[0].rank());
  if (!a)
    throw ValueError(str(prefix(), "axis ", options_.axis, " is out of range for the input shape ",
                         input_shape[0], ". Received: input_shape=", shapes_repr(input_shape)));
  for (size_t i = 1; i < input_shape.size(); ++i) {
    std::optional<int> b = python_index(options_.axis, input_shape[i].rank());
    if (!b)
      throw ValueError(str(prefix(), "axis ", options_.axis,
                           " is out of range for the input shape ", input_shape[i],
                           ". Received: input_shape=", shapes_repr(input_shape)));
    int64_t size = input_shape[i][*b];
    if (out[*a] < 0 || size < 0) {
      out[*a] = Shape::kUnknown;
      break;
    }
    out[*a] += size;
  }
  return Shapes(Shape(out));
}

Tensors ConcatenateImpl::compute_mask(const Tensors& inputs, const Tensors& previous_mask) {
  if (previous_mask.empty()) return {};
  if (!previous_mask.is_list())
    throw ValueError(
        str(prefix(), "`mask` should be a list. Received mask=", previous_mask.describe()));
  if (!inputs.is_list())
    throw ValueError(
        str(prefix(), "`inputs` should be a list. Received: inputs=", inputs.describe()));
  if (previous_mask.size() != inputs.size())
    throw ValueError(str(prefix(),
                         "The lists `inputs` and `mask` should have the same length. Received: "
                         "inputs of length ",
                         inputs.size(), ", and mask of length ", previous_mask.size()));
  bool any_mask = false;
  for (const Tensor& m : previous_mask) any_mask = any_mask || m.defined();
  if (!any_mask) return {};
  // Each input's mask with the input's rank: all true for an unmasked input, a per-step mask
  // spread over the last axis.
  std::vector<Tensor> masks;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& mask = previous_mask[i];
    if (!mask.defined()) {
      masks.push_back(ops::ones_like(inputs[i], DType::bool_));
    } else if (mask.rank() < inputs[i].rank()) {
      masks.push_back(merging_detail::broadcast_mask(mask, inputs[i]));
    } else {
      masks.push_back(ops::cast(mask, DType::bool_));
    }
  }
  return Tensors(merging_detail::any_last_axis(ops::concatenate(masks, options_.axis)));
}

Json ConcatenateImpl::get_config() const {
  return options_config(*this, options_, concatenate_args);
}

std::shared_ptr<ConcatenateImpl> ConcatenateImpl::from_config(const Json& config) {
  return from_options_config<ConcatenateImpl>(config, concatenate_args, "Concatenate");
}

Tensor concatenate(const std::vector<Tensor>& inputs, int axis, const MergeOptions& options) {
  ConcatenateOptions o{.axis = axis};
  copy_layer_base(options, o);
  return Concatenate(o)(Tensors(inputs)).single("keras.layers.concatenate");
}

}  // namespace keras::layers
