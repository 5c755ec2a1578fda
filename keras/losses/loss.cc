#include "keras/losses/loss.h"

#include <array>

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/losses/detail/loss_args.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::losses {

namespace {

// Keras's allowed reductions; None is "none" here.
constexpr std::array<const char*, 5> kReductions = {"sum_over_batch_size", "sum", "none", "mean",
                                                    "mean_with_sample_weight"};

bool last_dim_is_one(const Tensor& x) {
  return x.rank() > 0 && x.shape().dim(-1) == 1;
}

// The element count of `x` as a scalar of `dtype`: a constant when the shape is known, else
// computed when the graph runs (an unknown batch size).
Tensor element_count(const Tensor& x, DType dtype) {
  if (x.shape().is_fully_defined())
    return Tensor::full(Shape{}, static_cast<double>(x.shape().num_elements()), dtype);
  return ops::sum(ops::ones_like(x, dtype));
}

// Keras's ops.divide_no_nan: a / b, and 0 where b == 0. The divisor is made safe first so that
// no inf or NaN reaches the gradient of the branch not taken.
Tensor divide_no_nan(const Tensor& a, const Tensor& b) {
  Tensor zero = ops::equal(b, 0.0);
  Tensor safe = ops::where(zero, 1.0, b);
  return ops::where(zero, 0.0, ops::divide(a, safe));
}

Tensor cast_or_empty(const Tensor& x, DType dtype) {
  return x.defined() ? ops::cast(x, dtype) : x;
}

// Keras's apply_mask: the mask merged into the sample weights.
Tensor apply_mask(Tensor sample_weight, const Tensor& mask, DType dtype,
                  const std::string& reduction) {
  if (!mask.defined()) return sample_weight;
  Tensor float_mask;
  if (reduction == "mean" || reduction == "sum_over_batch_size") {
    // Valid entries weigh total/valid and masked ones 0, so that dividing the weighted sum by
    // the element count gives the mean over the valid entries. valid may be 0.
    Tensor total = element_count(mask, dtype);
    Tensor valid = ops::sum(ops::cast(mask, dtype));
    Tensor mask_weight = divide_no_nan(total, valid);
    float_mask = ops::where(ops::cast(mask, DType::bool_), mask_weight, 0.0);
  } else {
    float_mask = ops::cast(mask, dtype);
  }
  if (!sample_weight.defined()) return float_mask;
  sample_weight = ops::cast(sample_weight, dtype);
  auto [m, w] = squeeze_or_expand_to_same_rank(float_mask, sample_weight);
  return ops::multiply(w, m);
}

// Keras's reduce_values.
Tensor reduce_values(const Tensor& values, const Tensor& sample_weight,
                     const std::string& reduction) {
  if (reduction == "none" || values.rank() == 0 || (values.rank() == 1 && values.shape()[0] == 0))
    return values;
  Tensor loss = ops::sum(values);
  if (reduction == "sum") return loss;
  if (reduction == "mean_with_sample_weight" && sample_weight.defined())
    return divide_no_nan(loss, ops::cast(ops::sum(sample_weight), loss.dtype()));
  // A known element count divides directly (one node in a training step, not four).
  if (values.shape().is_fully_defined()) {
    int64_t count = values.shape().num_elements();
    return count == 0 ? ops::zeros_like(loss) : ops::divide(loss, static_cast<double>(count));
  }
  return divide_no_nan(loss, element_count(values, loss.dtype()));
}

}  // namespace

const std::string& standardize_reduction(const std::string& reduction) {
  for (const char* allowed : kReductions)
    if (reduction == allowed) return reduction;
  // Keras prints its set of allowed values; Python's order for it is arbitrary, this is the
  // order of Keras's source.
  throw ValueError(
      str("Invalid value for argument `reduction`. Expected one of {'sum_over_batch_size', "
          "'sum', None, 'none', 'mean', 'mean_with_sample_weight'}. Received: reduction=",
          reduction));
}

std::pair<Tensor, Tensor> squeeze_or_expand_to_same_rank(const Tensor& x1, const Tensor& x2,
                                                         bool expand_rank_1) {
  Tensor a = x1, b = x2;
  int r1 = x1.rank(), r2 = x2.rank();
  if (r1 == r2) return {a, b};
  if (r1 == r2 + 1 && last_dim_is_one(x1)) {
    if (r2 == 1 && expand_rank_1)
      b = ops::expand_dims(b, -1);
    else
      a = ops::squeeze(a, -1);
  }
  if (r2 == r1 + 1 && last_dim_is_one(x2)) {
    if (r1 == 1 && expand_rank_1)
      a = ops::expand_dims(a, -1);
    else
      b = ops::squeeze(b, -1);
  }
  return {a, b};
}

Tensor reduce_weighted_values(const Tensor& values, const Tensor& sample_weight, const Tensor& mask,
                              const std::string& reduction, DType dtype) {
  standardize_reduction(reduction);
  if (!values.defined()) throw ValueError("reduce_weighted_values: `values` is an empty tensor");
  Tensor v = ops::cast(values, dtype);
  Tensor w = apply_mask(cast_or_empty(sample_weight, dtype), cast_or_empty(mask, dtype), v.dtype(),
                        reduction);
  if (w.defined()) {
    w = ops::cast(w, v.dtype());
    std::tie(v, w) = squeeze_or_expand_to_same_rank(v, w);
    v = ops::multiply(v, w);
  }
  return reduce_values(v, w, reduction);
}

void ReductionForm::read(const Json& value, std::string& out, const args::Site& site) {
  if (value.is_null())
    out = "none";
  else if (value.is_string())
    out = value.get<std::string>();
  else
    site.wrong_type("a string or null", value);
}

Loss::Loss(std::string class_name, std::string default_name, const LossOptions& options)
    : class_name_(std::move(class_name)),
      name_(options.name.empty() ? std::move(default_name) : options.name),
      reduction_(standardize_reduction(options.reduction)),
      dtype_(options.dtype.value_or(config::floatx_dtype())) {}

Tensor Loss::operator()(const Tensor& y_true, const Tensor& y_pred,
                        const Tensor& sample_weight) const {
  if (!y_true.defined() || !y_pred.defined())
    throw ValueError(str("Loss '", name_, "': ", !y_true.defined() ? "y_true" : "y_pred",
                         " is an empty tensor"));
  Tensor in_mask = y_pred.keras_mask();
  Tensor losses = call(ops::cast(y_true, dtype_), ops::cast(y_pred, dtype_));
  Tensor out_mask = losses.keras_mask();
  Tensor mask;
  if (in_mask.defined() && out_mask.defined())
    mask = ops::multiply(ops::cast(in_mask, dtype_), ops::cast(out_mask, dtype_));
  else
    mask = in_mask.defined() ? in_mask : out_mask;
  return reduce_weighted_values(losses, sample_weight, mask, reduction_, dtype_);
}

args::ArgList Loss::no_arguments(LossOptions&) {
  return {};
}

Json Loss::get_config() const {
  LossOptions written{.reduction = reduction_, .name = name_};
  Json config = Json::object();
  args::write(base_args(written), config);
  config.erase("dtype");  // see base_args
  return config;
}

}  // namespace keras::losses
