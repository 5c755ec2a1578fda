#include "keras/layers/reshaping/reshape.h"

#include <algorithm>

#include "keras/layers/detail/layer_config.h"
#include "keras/ops/shape.h"

namespace keras::layers {

namespace {

// A tuple of integers as Python prints it: (3, 4), (-1, 2), (12,).
std::string tuple(const std::vector<int64_t>& dims) {
  std::string out = "(";
  for (size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + (dims.size() == 1 ? ",)" : ")");
}

// target_shape: a list of sizes, -1 (or null) for the one inferred.
struct TargetShapeForm {
  static Json write(const std::optional<std::vector<int64_t>>& dims) { return *dims; }
  static void read(const Json& value, std::optional<std::vector<int64_t>>& out,
                   const args::Site& site) {
    if (!value.is_array()) site.wrong_type("a list of dimensions", value);
    std::vector<int64_t> dims;
    for (const Json& d : value) {
      if (!d.is_null() && !d.is_number_integer()) site.wrong_type("a list of dimensions", value);
      dims.push_back(d.is_null() ? -1 : d.get<int64_t>());
    }
    out = std::move(dims);
  }
};

struct ReshapeArgs {
  std::optional<std::vector<int64_t>> target_shape;
  ReshapeOptions options;
};

args::ArgList reshape_args(ReshapeArgs& a) {
  return {args::Arg::as<TargetShapeForm>("target_shape", a.target_shape)};
}

}  // namespace

ReshapeImpl::ReshapeImpl(std::vector<int64_t> target_shape, const ReshapeOptions& options)
    : Layer("Reshape", options.layer_options()),
      target_shape_(std::move(target_shape)),
      options_(options) {
  // Keras's validate_reshape_shape (keras/src/ops/operation_utils.py).
  int unknown = 0;
  for (int64_t d : target_shape_) {
    if (d < -1)
      throw ValueError(
          str("Each dimension in `target_shape` must be a non-negative integer, or "
              "`-1` for a single unknown dimension. Received: target_shape=",
              tuple(target_shape_), "."));
    unknown += d == -1 ? 1 : 0;
  }
  if (unknown > 1)
    throw ValueError(
        str("There must be at most one unknown dimension (-1) in `target_shape`. "
            "Received: target_shape=",
            tuple(target_shape_), "."));
  built_at_construction();  // Keras sets built = True in the constructor
}

std::vector<int64_t> ReshapeImpl::resolved_target(const Shape& input_shape) const {
  if (input_shape.rank() < 1)
    throw ValueError(
        str("Reshape '", name(), "': inputs need a batch axis, got shape ", input_shape));
  std::vector<int64_t> sample(input_shape.begin() + 1, input_shape.end());
  bool known = std::none_of(sample.begin(), sample.end(), [](int64_t d) { return d < 0; });
  if (!known) return target_shape_;  // the -1 stays unknown
  int64_t input_size = 1, fixed = 1;
  for (int64_t d : sample) input_size *= d;
  auto free = std::find(target_shape_.begin(), target_shape_.end(), int64_t{-1});
  for (int64_t d : target_shape_)
    if (d != -1) fixed *= d;
  if (free == target_shape_.end()) {
    if (input_size != fixed)
      throw ValueError(
          str("The total size of the tensor must be unchanged. Received: "
              "input_shape=",
              tuple(sample), ", target_shape=", tuple(target_shape_)));
    return target_shape_;
  }
  if (fixed == 0 || input_size % fixed != 0)
    throw ValueError(
        str("The total size of the tensor must be unchanged, however, the input size "
            "cannot by divided by the specified dimensions in target_shape. "
            "Received: input_shape=",
            tuple(sample), ", target_shape=", tuple(target_shape_)));
  std::vector<int64_t> out = target_shape_;
  out[static_cast<size_t>(free - target_shape_.begin())] = input_size / fixed;
  return out;
}

Tensors ReshapeImpl::call(const Tensors& inputs, const CallContext&) {
  const Tensor& x = inputs.single(str("Reshape '", name(), "'"));
  std::vector<int64_t> target = resolved_target(x.shape());
  int64_t batch = x.shape()[0];
  bool target_known = std::none_of(target.begin(), target.end(), [](int64_t d) { return d < 0; });
  if (batch < 0 && !target_known)
    throw ValueError(str("Reshape '", name(), "': cannot reshape inputs of shape ", x.shape(),
                         " to target_shape ", tuple(target_shape_),
                         ": the batch size and the -1 of target_shape are both unknown"));
  std::vector<int64_t> dims{batch};
  dims.insert(dims.end(), target.begin(), target.end());
  return ops::reshape(x, Shape(dims));
}

Shapes ReshapeImpl::compute_output_shape(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("Reshape '", name(), "'"));
  std::vector<int64_t> dims{shape.rank() > 0 ? shape[0] : Shape::kUnknown};
  std::vector<int64_t> target = resolved_target(shape);
  dims.insert(dims.end(), target.begin(), target.end());
  return Shapes(Shape(dims));
}

Json ReshapeImpl::get_config() const {
  ReshapeArgs a{target_shape_, options_};
  return config_with(Layer::get_config(), reshape_args(a));
}

std::shared_ptr<ReshapeImpl> ReshapeImpl::from_config(const Json& config) {
  ReshapeArgs a;
  read_config(a.options, config, reshape_args(a), "Reshape");
  return std::make_shared<ReshapeImpl>(args::required(a.target_shape, "Reshape", "target_shape"),
                                       a.options);
}

}  // namespace keras::layers
