#include "keras/losses/functions.h"

#include <cmath>

#include "keras/config/config.h"
#include "keras/core/detail/keras_args.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/core/warnings.h"
#include "keras/losses/loss.h"
#include "keras/ops/math.h"
#include "keras/ops/nn.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::losses {

namespace {

void check_defined(const Tensor& y_true, const Tensor& y_pred, const char* fn) {
  if (!y_true.defined()) throw ValueError(str(fn, ": argument `y_true` is an empty tensor"));
  if (!y_pred.defined()) throw ValueError(str(fn, ": argument `y_pred` is an empty tensor"));
}

// y_pred's dtype for y_true (Keras's ops.cast(y_true, y_pred.dtype)); integer predictions
// compute in floatx, as Keras's float ops do.
DType loss_dtype(const Tensor& y_pred) {
  DType d = y_pred.dtype();
  return is_floating(d) ? d : config::floatx_dtype();
}

std::pair<Tensor, Tensor> prepared(const Tensor& y_true, const Tensor& y_pred, const char* fn,
                                   bool align_ranks) {
  check_defined(y_true, y_pred, fn);
  DType dtype = loss_dtype(y_pred);
  Tensor t = ops::cast(y_true, dtype), p = ops::cast(y_pred, dtype);
  if (align_ranks) return squeeze_or_expand_to_same_rank(t, p);
  return {t, p};
}

// A Python float turned into a floatx tensor and back, as Keras's ops.convert_to_tensor(value)
// does for constants it creates without a dtype (1e-7 is 1.0000000116860974e-07 in float32).
double as_floatx(double value) {
  return Tensor::full(Shape{}, value, config::floatx_dtype()).item<double>();
}

// Keras's canonicalize_axis message.
int canonical_axis(int axis, int rank) {
  if (axis < -rank || axis >= rank)
    throw ValueError(
        str("axis ", axis, " is out of bounds for an array with dimension ", rank, "."));
  return axis < 0 ? axis + rank : axis;
}

bool same_known_shape(const Shape& a, const Shape& b) {
  if (a.rank() != b.rank()) return false;
  for (int i = 0; i < a.rank(); ++i)
    if (a[i] != Shape::kUnknown && b[i] != Shape::kUnknown && a[i] != b[i]) return false;
  return true;
}

// Keras's check in ops.binary_crossentropy / ops.categorical_crossentropy.
void check_same_shape(const Tensor& target, const Tensor& output) {
  if (!same_known_shape(target.shape(), output.shape()))
    throw ValueError(
        str("Arguments `target` and `output` must have the same shape. Received: target.shape=",
            target.shape(), ", output.shape=", output.shape()));
}

// Labels smoothed towards uniform over the classes along `axis`. Keras 3.15 divides by the size
// of the last axis whatever `axis` is (keras-team/keras#23451, fixed after 3.15 by #23437);
// kerascpp counts the classes where they are, as the fix does.
Tensor smooth_categorical(const Tensor& y_true, const Tensor& y_pred, double label_smoothing,
                          int axis) {
  if (label_smoothing == 0.0) return y_true;
  Tensor kept = ops::multiply(y_true, 1.0 - label_smoothing);
  int64_t classes = y_pred.shape()[axis];
  if (classes != Shape::kUnknown)
    return ops::add(kept, label_smoothing / static_cast<double>(classes));
  // An unknown class count is counted when the graph runs.
  Tensor count = ops::sum(ops::ones_like(y_pred), axis, /*keepdims=*/true);
  return ops::add(kept, ops::divide(label_smoothing, count));
}

int checked_class_axis(const Tensor& y_true, const Tensor& y_pred, int axis, const char* fn) {
  if (y_pred.rank() < 1 || y_true.rank() < 1)
    throw ValueError(
        str("Arguments `target` and `output` must be at least rank 1. Received: target.shape=",
            y_true.shape(), ", output.shape=", y_pred.shape()));
  int a = canonical_axis(axis, y_pred.rank());
  if (y_pred.shape()[a] == 1)
    warn(str("In loss ", fn,
             ", expected y_pred.shape to be (batch_size, num_classes) with num_classes > 1. "
             "Received: y_pred.shape=",
             y_pred.shape(), ". Consider using 'binary_crossentropy' if you only have 2 classes."));
  return a;
}

// x · rsqrt(max(Σ x², ε²)) along `axis` (keras.ops.normalize with order 2).
Tensor l2_normalize(const Tensor& x, int axis) {
  double eps = config::epsilon();
  Tensor square_sum = ops::sum(ops::square(x), axis, /*keepdims=*/true);
  return ops::multiply(x, ops::rsqrt(ops::maximum(square_sum, eps * eps)));
}

Tensor convert_binary_labels_to_hinge(const Tensor& y_true) {
  // ops.cond in Keras; here both branches are cheap, and where() picks one for the whole tensor.
  DType d = y_true.dtype();
  Tensor binary =
      ops::add(ops::cast(ops::equal(y_true, 0.0), d), ops::cast(ops::equal(y_true, 1.0), d));
  Tensor is_binary = ops::greater(ops::min(binary), 0.5);
  return ops::where(is_binary, ops::subtract(ops::multiply(y_true, 2.0), 1.0), y_true);
}

}  // namespace

Tensor mean_squared_error(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "mean_squared_error", true);
  return ops::mean(ops::square(ops::subtract(t, p)), -1);
}

Tensor mean_absolute_error(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "mean_absolute_error", true);
  return ops::mean(ops::abs(ops::subtract(t, p)), -1);
}

Tensor mean_absolute_percentage_error(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "mean_absolute_percentage_error", true);
  Tensor diff =
      ops::abs(ops::divide(ops::subtract(t, p), ops::maximum(ops::abs(t), config::epsilon())));
  return ops::multiply(ops::mean(diff, -1), 100.0);
}

Tensor mean_squared_logarithmic_error(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "mean_squared_logarithmic_error", true);
  double eps = as_floatx(config::epsilon());
  Tensor first_log = ops::log(ops::add(ops::maximum(p, eps), 1.0));
  Tensor second_log = ops::log(ops::add(ops::maximum(t, eps), 1.0));
  return ops::mean(ops::square(ops::subtract(first_log, second_log)), -1);
}

Tensor cosine_similarity(const Tensor& y_true, const Tensor& y_pred, int axis) {
  auto [t, p] = prepared(y_true, y_pred, "cosine_similarity", true);
  if (p.rank() < 1)
    throw ValueError(
        str("cosine_similarity: y_pred must be at least rank 1, got shape ", p.shape()));
  int a = canonical_axis(axis, p.rank());
  return ops::negative(ops::sum(ops::multiply(l2_normalize(t, a), l2_normalize(p, a)), a));
}

Tensor huber(const Tensor& y_true, const Tensor& y_pred, double delta) {
  auto [t, p] = prepared(y_true, y_pred, "huber", true);
  Tensor error = ops::subtract(p, t);
  Tensor abs_error = ops::abs(error);
  Tensor quadratic = ops::multiply(ops::square(error), 0.5);
  Tensor linear = ops::subtract(ops::multiply(abs_error, delta), 0.5 * delta * delta);
  return ops::mean(ops::where(ops::less_equal(abs_error, delta), quadratic, linear), -1);
}

Tensor log_cosh(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "log_cosh", true);
  // Keras computes ops.log(2.0) on a floatx tensor before converting it to y_pred's dtype.
  double log2 = as_floatx(std::log(2.0));
  Tensor x = ops::subtract(p, t);
  Tensor value = ops::subtract(ops::add(x, ops::softplus(ops::multiply(x, -2.0))), log2);
  return ops::mean(value, -1);
}

Tensor hinge(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "hinge", false);
  t = convert_binary_labels_to_hinge(t);
  return ops::mean(ops::maximum(ops::subtract(1.0, ops::multiply(t, p)), 0.0), -1);
}

Tensor squared_hinge(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "squared_hinge", false);
  t = convert_binary_labels_to_hinge(t);
  return ops::mean(ops::square(ops::maximum(ops::subtract(1.0, ops::multiply(t, p)), 0.0)), -1);
}

Tensor categorical_hinge(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "categorical_hinge", false);
  Tensor pos = ops::sum(ops::multiply(t, p), -1);
  Tensor neg = ops::max(ops::multiply(ops::subtract(1.0, t), p), -1);
  return ops::maximum(ops::add(ops::subtract(neg, pos), 1.0), 0.0);
}

Tensor kl_divergence(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "kl_divergence", false);
  double eps = config::epsilon();
  t = ops::clip(t, eps, 1.0);
  p = ops::clip(p, eps, 1.0);
  return ops::sum(ops::multiply(t, ops::log(ops::divide(t, p))), -1);
}

Tensor poisson(const Tensor& y_true, const Tensor& y_pred) {
  auto [t, p] = prepared(y_true, y_pred, "poisson", false);
  Tensor log_pred = ops::log(ops::add(p, config::epsilon()));
  return ops::mean(ops::subtract(p, ops::multiply(t, log_pred)), -1);
}

Tensor binary_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits,
                           double label_smoothing, int axis) {
  auto [t, p] = prepared(y_true, y_pred, "binary_crossentropy", false);
  if (label_smoothing != 0.0)
    t = ops::add(ops::multiply(t, 1.0 - label_smoothing), 0.5 * label_smoothing);
  check_same_shape(t, p);
  return ops::mean(ops::binary_crossentropy(t, p, from_logits), axis);
}

Tensor categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits,
                                double label_smoothing, int axis) {
  auto [t, p] = prepared(y_true, y_pred, "categorical_crossentropy", false);
  int a = checked_class_axis(t, p, axis, "categorical_crossentropy");
  check_same_shape(t, p);
  t = smooth_categorical(t, p, label_smoothing, a);
  return ops::categorical_crossentropy(t, p, from_logits, a);
}

Tensor sparse_categorical_crossentropy(const Tensor& y_true, const Tensor& y_pred, bool from_logits,
                                       std::optional<int64_t> ignore_class, int axis) {
  constexpr const char* fn = "sparse_categorical_crossentropy";
  check_defined(y_true, y_pred, fn);
  if (y_pred.rank() < 1)
    throw ValueError(
        str("Argument `output` must be at least rank 1. Received: output.shape=", y_pred.shape()));
  Tensor p = ops::cast(y_pred, loss_dtype(y_pred));
  int a = canonical_axis(axis, p.rank());
  Tensor t = y_true;
  if (t.rank() == p.rank() && t.shape()[a] == 1) t = ops::squeeze(t, a);
  std::vector<int64_t> rows;
  for (int i = 0; i < p.rank(); ++i)
    if (i != a) rows.push_back(p.shape()[i]);
  if (!same_known_shape(t.shape(), Shape(rows)))
    throw ValueError(
        str("Arguments `target` and `output` must have the same shape up until the last "
            "dimension: target.shape=",
            y_true.shape(), ", output.shape=", y_pred.shape()));
  if (!ignore_class) return ops::sparse_categorical_crossentropy(t, p, from_logits, a);

  // Keras 3: ignored labels become class 0 and their predictions zeros, so the op sees valid
  // input; their losses are then zeroed and masked out of the reduction.
  Tensor valid = ops::not_equal(t, static_cast<double>(*ignore_class));
  t = ops::where(valid, t, ops::zeros_like(t));
  p = ops::where(ops::expand_dims(valid, a), p, 0.0);
  Tensor res = ops::sparse_categorical_crossentropy(t, p, from_logits, a);
  res = ops::where(valid, res, 0.0);
  return res.with_keras_mask(valid);
}

Tensor binary_focal_crossentropy(const Tensor& y_true, const Tensor& y_pred,
                                 bool apply_class_balancing, double alpha, double gamma,
                                 bool from_logits, double label_smoothing, int axis) {
  auto [t, p] = prepared(y_true, y_pred, "binary_focal_crossentropy", false);
  if (label_smoothing != 0.0)
    t = ops::add(ops::multiply(t, 1.0 - label_smoothing), 0.5 * label_smoothing);
  check_same_shape(t, p);
  if (from_logits) p = ops::sigmoid(p);
  Tensor bce = ops::binary_crossentropy(t, p, /*from_logits=*/false);
  Tensor not_t = ops::subtract(1.0, t);
  Tensor p_t = ops::add(ops::multiply(t, p), ops::multiply(not_t, ops::subtract(1.0, p)));
  Tensor focal_bce = ops::multiply(ops::power(ops::subtract(1.0, p_t), gamma), bce);
  if (apply_class_balancing) {
    Tensor weight = ops::add(ops::multiply(t, alpha), ops::multiply(not_t, 1.0 - alpha));
    focal_bce = ops::multiply(weight, focal_bce);
  }
  return ops::mean(focal_bce, axis);
}

Tensor categorical_focal_crossentropy(const Tensor& y_true, const Tensor& y_pred,
                                      const FocalAlpha& alpha, double gamma, bool from_logits,
                                      double label_smoothing, int axis) {
  constexpr const char* fn = "categorical_focal_crossentropy";
  auto [t, p] = prepared(y_true, y_pred, fn, false);
  int a = checked_class_axis(t, p, axis, fn);
  check_same_shape(t, p);
  t = smooth_categorical(t, p, label_smoothing, a);
  if (from_logits) p = ops::softmax(p, a);
  double eps = config::epsilon();
  Tensor output = ops::clip(ops::divide(p, ops::sum(p, a, /*keepdims=*/true)), eps, 1.0 - eps);
  Tensor cce = ops::multiply(ops::negative(t), ops::log(output));
  Tensor modulating = ops::power(ops::subtract(1.0, output), gamma);
  Tensor weighting;
  if (const auto* scalar = std::get_if<double>(&alpha)) {
    weighting = ops::multiply(modulating, *scalar);
  } else {
    // Keras multiplies by the list as ops.convert_to_tensor makes it, a floatx tensor: in
    // float64 the weights are floatx's roundings of the numbers given.
    const auto& per_class = std::get<std::vector<double>>(alpha);
    Tensor alphas = Tensor::from_vector(per_class).astype(config::floatx_dtype()).astype(p.dtype());
    weighting = ops::multiply(modulating, alphas);
  }
  return ops::sum(ops::multiply(weighting, cce), a);
}

}  // namespace keras::losses

namespace keras::args {

Json ArgForm<losses::FocalAlpha>::write(const losses::FocalAlpha& alpha) {
  if (const auto* scalar = std::get_if<double>(&alpha)) return *scalar;
  return ArgForm<std::vector<double>>::write(std::get<std::vector<double>>(alpha));
}

void ArgForm<losses::FocalAlpha>::read(const Json& value, losses::FocalAlpha& out,
                                       const Site& site) {
  if (value.is_array()) {
    for (const Json& v : value)
      if (!v.is_number()) site.wrong_type("a number or a list of numbers", value);
    out = value.get<std::vector<double>>();
  } else if (!value.is_null()) {
    double scalar = 0.0;
    ArgForm<double>::read(value, scalar, site);
    out = scalar;
  }
}

}  // namespace keras::args
