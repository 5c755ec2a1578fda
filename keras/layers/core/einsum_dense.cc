#include "keras/layers/core/einsum_dense.h"

#include <algorithm>
#include <regex>

#include "keras/graph/symbolic.h"
#include "keras/layers/detail/layer_config.h"
#include "keras/ops/einsum.h"
#include "keras/ops/math.h"

namespace keras::layers {

namespace {

bool holds(const std::string& s, char c) {
  return s.find(c) != std::string::npos;
}

// output_shape as Keras prints it: None for -1, other values as they are.
std::string tuple(const Shape& shape) {
  std::string out = "(";
  for (int i = 0; i < shape.rank(); ++i)
    out += (i ? ", " : "") + (shape[i] == Shape::kUnknown ? "None" : std::to_string(shape[i]));
  return out + (shape.rank() == 1 ? ",)" : ")");
}

// Keras's output_shape: a list of dimensions (null for unknown), or one integer.
struct OutputShapeForm {
  static Json write(const Shape& shape) { return args::ArgForm<Shape>::write(shape); }
  static void read(const Json& value, Shape& out, const args::Site& site) {
    if (value.is_number_integer())
      out = Shape{value.get<int64_t>()};
    else if (value.is_array())
      args::ArgForm<Shape>::read(value, out, site);
    else
      throw ValueError(str("EinsumDense config: 'output_shape' must be an integer or a list, got ",
                           value.dump()));
  }
};

struct EinsumDenseArgs {
  Shape output_shape;
  std::string equation;
  EinsumDenseOptions options;
};

// keras/src/layers/core/einsum_dense.py's get_config order (activity_regularizer among its own
// keys, null when none).
args::ArgList einsum_dense_args(EinsumDenseArgs& a) {
  EinsumDenseOptions& o = a.options;
  return {args::Arg::as<OutputShapeForm>("output_shape", a.output_shape),
          {"equation", a.equation},
          {"activation", o.activation},
          {"bias_axes", o.bias_axes},
          {"kernel_initializer", o.kernel_initializer},
          {"bias_initializer", o.bias_initializer},
          {"kernel_regularizer", o.kernel_regularizer},
          {"bias_regularizer", o.bias_regularizer},
          {"activity_regularizer", o.activity_regularizer},
          {"kernel_constraint", o.kernel_constraint},
          {"bias_constraint", o.bias_constraint},
          args::Arg::fixed("quantization_config", nullptr)};
}

}  // namespace

EinsumDenseImpl::EinsumDenseImpl(std::string equation, Shape output_shape,
                                 const EinsumDenseOptions& options)
    : Layer("EinsumDense", options.layer_options()),
      equation_(std::move(equation)),
      partial_output_shape_(std::move(output_shape)),
      options_(options),
      kernel_args_(options.kernel_initializer, options.kernel_regularizer,
                   options.kernel_constraint),
      bias_args_(options.bias_initializer, options.bias_regularizer, options.bias_constraint) {
  // Keras's three forms, matched with "..." written as "0" (keras/src/layers/core/einsum_dense.py,
  // _analyze_einsum_string); the whole equation must match.
  std::string dotted = std::regex_replace(equation_, std::regex("\\.\\.\\."), "0");
  static const std::regex plain("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)");
  static const std::regex left("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)");
  static const std::regex right("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0");
  std::smatch m;
  if (std::regex_match(dotted, m, plain)) {
  } else if (std::regex_match(dotted, m, left)) {
    left_elided_ = true;
  } else if (std::regex_match(dotted, m, right)) {
    right_elided_ = true;
  } else {
    throw ValueError(str("Invalid einsum equation '", equation_,
                         "'. Equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or "
                         "[X]...,[Y]->[Z]...."));
  }
  input_spec_ = m[1];
  weight_spec_ = m[2];
  output_spec_ = m[3];

  // What depends on the equation alone is checked now, with Keras's build-time messages.
  for (char dim : output_spec_)
    if (!holds(input_spec_, dim) && !holds(weight_spec_, dim))
      throw ValueError(str("Dimension '", dim, "' was specified in the output '", output_spec_,
                           "' but has no corresponding dim in the input spec '", input_spec_,
                           "' or weight spec '", weight_spec_, "'"));
  for (char dim : weight_spec_)
    if (!holds(output_spec_, dim) && !holds(input_spec_, dim))
      throw ValueError(str("Weight dimension '", dim,
                           "' did not have a match in either the input spec '", input_spec_,
                           "' or the output spec '", output_spec_,
                           "'. For this layer, the weight must be fully specified."));
  if (options_.bias_axes)
    for (char dim : *options_.bias_axes)
      if (!holds(output_spec_, dim))
        throw ValueError(str("Bias dimension '", dim,
                             "' was requested, but is not part of the output spec '", output_spec_,
                             "'"));
  for (int64_t d : partial_output_shape_)
    if (d < Shape::kUnknown)
      throw ValueError(str("EinsumDense '", name(), "': invalid output_shape ",
                           tuple(partial_output_shape_), "; dimensions are sizes or -1 (None)"));
}

const Variable& EinsumDenseImpl::kernel() const {
  if (!kernel_.defined())
    throw ValueError(
        str("Layer '", name(), "': you must build the layer before accessing `kernel`"));
  return kernel_;
}

EinsumDenseImpl::Analysis EinsumDenseImpl::analyze(const Shape& input_shape) const {
  const std::string who = str("EinsumDense '", name(), "'");
  int rank = input_shape.rank();
  int n_in = static_cast<int>(input_spec_.size());
  int elided = rank - n_in;
  if (!left_elided_ && !right_elided_ && elided != 0)
    throw ValueError(str(who, ": the equation '", equation_, "' expects inputs of rank ", n_in,
                         " (one axis per letter of '", input_spec_, "'), got shape ", input_shape));
  if (left_elided_ && elided < 1)
    throw ValueError(str(who, ": the equation '", equation_, "' expects inputs of rank at least ",
                         n_in + 1, " (the batch axis in '...', then '", input_spec_,
                         "'), got shape ", input_shape));
  if (right_elided_ && elided < 0)
    throw ValueError(str(who, ": the equation '", equation_, "' expects inputs of rank at least ",
                         n_in, " (one axis per letter of '", input_spec_,
                         "', then '...'), got shape ", input_shape));
  int expected = static_cast<int>(output_spec_.size()) - (left_elided_ ? 0 : 1);
  if (partial_output_shape_.rank() != expected)
    throw ValueError(str(who, ": output_shape ", partial_output_shape_, " has ",
                         partial_output_shape_.rank(), " dimensions, but the output '",
                         output_spec_, "' of the equation '", equation_, "' needs ", expected,
                         left_elided_ ? " (one per output letter)"
                                      : " (one per output letter after the batch axis)"));

  // The full output shape: the batch axis (or the elided leading axes), output_shape, the elided
  // trailing axes. Keras inserts several elided leading axes in reverse order; they are kept in
  // order here, as einsum computes them.
  std::vector<int64_t> out;
  if (left_elided_) {
    out.assign(input_shape.begin(), input_shape.begin() + elided);
  } else {
    out.push_back(input_shape[0]);
  }
  out.insert(out.end(), partial_output_shape_.begin(), partial_output_shape_.end());
  if (right_elided_) out.insert(out.end(), input_shape.begin() + n_in, input_shape.end());

  int offset = left_elided_ ? elided : 0;  // input and output letters sit after the ellipsis
  auto input_index = [&](char dim) { return static_cast<int>(input_spec_.find(dim)) + offset; };
  auto output_index = [&](char dim) { return static_cast<int>(output_spec_.find(dim)) + offset; };

  for (char dim : input_spec_) {
    if (!holds(output_spec_, dim)) continue;
    int64_t in = input_shape[input_index(dim)];
    int64_t& o = out[static_cast<size_t>(output_index(dim))];
    if (o != Shape::kUnknown && o != in)
      throw ValueError(str("Input shape and output shape do not match at shared dimension '", dim,
                           "'. Input shape is ", in == Shape::kUnknown ? "None" : str(in),
                           ", and output shape is ", o, "."));
    // A None of output_shape is the input's size (Keras leaves it None in the shape it reports).
    o = in;
  }

  Analysis a;
  std::vector<int64_t> kernel;
  for (size_t i = 0; i < weight_spec_.size(); ++i) {
    char dim = weight_spec_[i];
    int64_t n;
    if (holds(output_spec_, dim)) {
      n = out[static_cast<size_t>(output_index(dim))];
      a.output_axes.push_back(static_cast<int>(i));
    } else {
      n = input_shape[input_index(dim)];
      a.input_axes.push_back(static_cast<int>(i));
    }
    if (n < 0)
      throw ValueError(str(
          who, ": the size of the kernel's axis '", dim, "' of '", weight_spec_, "' is unknown: ",
          holds(output_spec_, dim) ? "give it in output_shape" : "the inputs' axis must be known",
          " (input shape ", input_shape, ", output_shape ", partial_output_shape_, ")"));
    kernel.push_back(n);
  }
  a.kernel_shape = Shape(kernel);

  if (options_.bias_axes) {
    size_t first = output_spec_.size();
    for (char dim : *options_.bias_axes) first = std::min(first, output_spec_.find(dim));
    std::vector<int64_t> bias;
    for (char dim : output_spec_.substr(first)) {
      int64_t n = holds(*options_.bias_axes, dim) ? out[static_cast<size_t>(output_index(dim))] : 1;
      if (n < 0)
        throw ValueError(str(who, ": the size of the bias axis '", dim,
                             "' is unknown; give it in output_shape (input shape ", input_shape,
                             ", output_shape ", partial_output_shape_, ")"));
      bias.push_back(n);
    }
    if (!left_elided_) bias.insert(bias.end(), static_cast<size_t>(elided), 1);
    a.bias_shape = Shape(bias);
  }
  a.output_shape = Shape(out);
  return a;
}

void EinsumDenseImpl::build_state(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("EinsumDense '", name(), "'"));
  Analysis a = analyze(shape);
  set_input_spec({InputSpec{.ndim = shape.rank()}});
  // Keras gives a VarianceScaling initializer the kernel's input and output axes, so its fans
  // are those of the einsum rather than of a convolution kernel.
  WeightOptions kernel = kernel_args_.weight("kernel", a.kernel_shape);
  auto scaling = std::dynamic_pointer_cast<initializers::VarianceScaling>(kernel_args_.initializer);
  if (scaling && (!scaling->input_axes() || !scaling->output_axes())) {
    Json serialized = initializers::serialize(*scaling);
    serialized["config"]["input_axes"] = a.input_axes;
    serialized["config"]["output_axes"] = a.output_axes;
    kernel.initializer = initializers::deserialize(serialized);
  }
  kernel_ = add_weight(kernel);
  if (a.bias_shape) bias_ = add_weight(bias_args_.weight("bias", *a.bias_shape));
}

Tensors EinsumDenseImpl::call(const Tensors& inputs, const CallContext&) {
  const Tensor& x = inputs.single(str("EinsumDense '", name(), "'"));
  // ops::einsum may transpose or reshape the kernel before it meets x: on the variable's value
  // that would run eagerly and put a constant into a traced graph (no gradient, and a training
  // program that never sees the kernel change), so a symbolic call reads the variable.
  Tensor kernel = x.is_symbolic() ? graph::as_symbolic(kernel_.value()) : kernel_.value();
  Tensor y = ops::einsum(equation_, {x, kernel});
  if (bias_.defined()) y = ops::add(y, bias_);
  return options_.activation.function()(y);
}

Shapes EinsumDenseImpl::compute_output_shape(const Shapes& input_shape) {
  return Shapes(analyze(input_shape.single(str("EinsumDense '", name(), "'"))).output_shape);
}

Json EinsumDenseImpl::get_config() const {
  EinsumDenseArgs a{partial_output_shape_, equation_, options_};
  return config_with(Layer::get_config(), einsum_dense_args(a));
}

std::shared_ptr<EinsumDenseImpl> EinsumDenseImpl::from_config(const Json& config) {
  EinsumDenseArgs a;
  read_config(a.options, config, einsum_dense_args(a), "EinsumDense");
  if (a.equation.empty())
    throw ValueError(str("EinsumDense config: 'equation' must be a string, got ",
                         config.contains("equation") ? config.at("equation").dump() : "nothing"));
  return std::make_shared<EinsumDenseImpl>(a.equation, a.output_shape, a.options);
}

}  // namespace keras::layers
