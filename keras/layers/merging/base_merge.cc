#include "keras/layers/merging/base_merge.h"

#include <numeric>
#include <set>

#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::layers {

std::string shapes_repr(const Shapes& shapes) {
  if (shapes.is_single()) return shapes[0].to_string();
  std::string out;
  for (const Shape& s : shapes) out += (out.empty() ? "" : ", ") + s.to_string();
  if (shapes.is_dict()) {
    std::string dict;
    for (size_t i = 0; i < shapes.size(); ++i)
      dict += str(i ? ", " : "", "'", shapes.keys()[i], "': ", shapes[i].to_string());
    return "{" + dict + "}";
  }
  return "[" + out + "]";
}

namespace merging_detail {

Tensor logical_or(const Tensor& a, const Tensor& b) {
  // On bool tensors add is a logical or (ops/math.h), broadcasting as NumPy's.
  return ops::add(ops::cast(a, DType::bool_), ops::cast(b, DType::bool_));
}

Tensor broadcast_mask(const Tensor& mask, const Tensor& x) {
  return logical_or(ops::expand_dims(mask, -1), ops::zeros_like(x, DType::bool_));
}

Tensor any_last_axis(const Tensor& mask) {
  // max keeps a bool dtype (ops/reduction.h), so it is any().
  return ops::max(ops::cast(mask, DType::bool_), -1);
}

}  // namespace merging_detail

MergeImpl::MergeImpl(std::string class_name, const LayerOptions& options)
    : Layer(std::move(class_name), options) {
  set_supports_masking(true);
}

std::string MergeImpl::prefix() const {
  return str("Layer '", name(), "': ");
}

std::vector<Shape> MergeImpl::list_of_shapes(const Shapes& input_shape) const {
  if (!input_shape.is_list())
    throw ValueError(str(prefix(),
                         "A merge layer should be called on a list of inputs. Received: "
                         "input_shape=",
                         shapes_repr(input_shape), " (not a list of shapes)"));
  return input_shape.flat();
}

Shape MergeImpl::elementwise_output_shape(const Shape& shape1, const Shape& shape2) const {
  if (shape1.rank() < shape2.rank()) return elementwise_output_shape(shape2, shape1);
  if (shape2.rank() == 0) return shape1;
  int lead = shape1.rank() - shape2.rank();
  std::vector<int64_t> out(shape1.begin(), shape1.begin() + lead);
  for (int k = 0; k < shape2.rank(); ++k) {
    int64_t i = shape1[lead + k], j = shape2[k];
    if (i < 0 || j < 0) {
      out.push_back(Shape::kUnknown);
    } else if (i == 1) {
      out.push_back(j);
    } else if (j == 1 || i == j) {
      out.push_back(i);
    } else {
      throw ValueError(str(prefix(), "Inputs have incompatible shapes. Received shapes ", shape1,
                           " and ", shape2));
    }
  }
  return Shape(out);
}

namespace {

Shape without_batch(const Shape& s) {
  if (s.rank() == 0) return s;
  return Shape(std::vector<int64_t>(s.begin() + 1, s.end()));
}

// The known batch sizes of the shapes (Keras skips rank-0 shapes and unknown sizes).
std::set<int64_t> batch_sizes(const std::vector<Shape>& shapes) {
  std::set<int64_t> sizes;
  for (const Shape& s : shapes)
    if (s.rank() > 0 && s[0] >= 0) sizes.insert(s[0]);
  return sizes;
}

}  // namespace

void MergeImpl::check_shapes(const Shapes& input_shape) {
  std::vector<Shape> shapes = list_of_shapes(input_shape);
  if (batch_sizes(shapes).size() > 1)
    throw ValueError(str(prefix(),
                         "Cannot merge tensors with different batch sizes. Received tensors "
                         "with shapes ",
                         shapes_repr(input_shape)));
  Shape out = without_batch(shapes[0]);
  for (size_t i = 1; i < shapes.size(); ++i)
    out = elementwise_output_shape(out, without_batch(shapes[i]));
}

void MergeImpl::build_state(const Shapes& input_shape) {
  check_shapes(input_shape);
}

Shapes MergeImpl::compute_output_shape(const Shapes& input_shape) {
  std::vector<Shape> shapes = list_of_shapes(input_shape);
  Shape out = without_batch(shapes[0]);
  for (size_t i = 1; i < shapes.size(); ++i)
    out = elementwise_output_shape(out, without_batch(shapes[i]));
  std::set<int64_t> sizes = batch_sizes(shapes);
  std::vector<int64_t> dims{sizes.size() == 1 ? *sizes.begin() : Shape::kUnknown};
  dims.insert(dims.end(), out.begin(), out.end());
  return Shapes(Shape(dims));
}

Tensors MergeImpl::call(const Tensors& inputs, const CallContext& context) {
  check_shapes(inputs.map([](const Tensor& t) { return t.shape(); }));
  std::vector<Tensor> xs = inputs.flat();
  std::vector<Tensor> masks = context.mask.flat();
  masks.resize(xs.size());
  int max_rank = 0;
  bool same_rank = true;
  for (const Tensor& x : xs) {
    same_rank = same_rank && x.rank() == xs[0].rank();
    max_rank = std::max(max_rank, x.rank());
  }
  if (reshape_inputs_ && !same_rank) {
    // Size-1 axes after the batch axis until the ranks agree (Keras expands at axis 1). The
    // expanded tensors carry no masks, as in Keras.
    for (Tensor& x : xs) {
      if (x.rank() == max_rank) continue;
      std::vector<int> axes(static_cast<size_t>(max_rank - x.rank()));
      std::iota(axes.begin(), axes.end(), 1);
      x = ops::expand_dims(x, axes);
    }
    masks.assign(xs.size(), Tensor());
  }
  return Tensors(merge_function(xs, masks));
}

Tensors MergeImpl::compute_mask(const Tensors& inputs, const Tensors& previous_mask) {
  if (previous_mask.empty()) return {};
  if (!previous_mask.is_list())
    throw ValueError(
        str(prefix(), "`mask` should be a list. Received: mask=", previous_mask.describe()));
  if (!inputs.is_list())
    throw ValueError(
        str(prefix(), "`inputs` should be a list. Received: inputs=", inputs.describe()));
  if (previous_mask.size() != inputs.size())
    throw ValueError(str(prefix(),
                         "The lists `inputs` and `mask` should have the same length. Received: "
                         "inputs of length ",
                         inputs.size(), ", and mask of length ", previous_mask.size()));
  for (const Tensor& m : previous_mask)
    if (!m.defined()) return {};
  Tensor out = ops::cast(previous_mask[0], DType::bool_);
  for (size_t i = 1; i < previous_mask.size(); ++i)
    out = merging_detail::logical_or(out, previous_mask[i]);
  return Tensors(out);
}

Tensor MergeImpl::apply_merge_op_and_or_mask(const BinaryOp& op, const std::vector<Tensor>& inputs,
                                             const std::vector<Tensor>& masks) const {
  using namespace merging_detail;
  Tensor output, output_mask;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Tensor x = inputs[i];
    Tensor mask = i < masks.size() && masks[i].defined() ? broadcast_mask(masks[i], x) : Tensor();
    if (!output.defined()) {
      output = x;
      output_mask = mask;
      continue;
    }
    if (mask.defined()) x = ops::where(mask, x, output);
    if (output_mask.defined()) output = ops::where(output_mask, output, x);
    output_mask =
        mask.defined() && output_mask.defined() ? logical_or(output_mask, mask) : Tensor();
    output = op(output, x);
  }
  if (output_mask.defined()) return output.with_keras_mask(any_last_axis(output_mask));
  return output;
}

}  // namespace keras::layers
