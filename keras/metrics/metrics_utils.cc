#include "keras/metrics/metrics_utils.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "keras/config/config.h"
#include "keras/core/detail/keras_args.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"
#include "keras/utils/python_format.h"

namespace keras::metrics {

Json Thresholds::to_json() const {
  if (is_none_) return nullptr;
  if (!is_list_) return values_.front();
  Json out = Json::array();
  for (double v : values_) out.push_back(v);
  return out;
}

Thresholds Thresholds::from_json(const Json& value, const std::string& who) {
  if (value.is_null()) return {};
  if (value.is_number()) return Thresholds(value.get<double>());
  if (value.is_array()) {
    std::vector<double> values;
    for (const Json& v : value) {
      if (!v.is_number())
        throw TypeError(str(who,
                            ": config key 'thresholds' must be a number or a list of numbers, "
                            "got ",
                            value.dump()));
      values.push_back(v.get<double>());
    }
    return Thresholds(std::move(values));
  }
  throw TypeError(str(who, ": config key 'thresholds' must be a number or a list of numbers, got ",
                      value.dump()));
}

}  // namespace keras::metrics

namespace keras::args {

Json ArgForm<metrics::Thresholds>::write(const metrics::Thresholds& value) {
  return value.to_json();
}

void ArgForm<metrics::Thresholds>::read(const Json& value, metrics::Thresholds& out,
                                        const Site& site) {
  out = metrics::Thresholds::from_json(value, site.who);
}

}  // namespace keras::args

namespace keras::metrics {

namespace metrics_utils {

std::string python_float_list(const std::vector<double>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i)
    out += (i ? ", " : "") + utils::python_float(values[i]);
  return out + "]";
}

void squeeze_or_expand_to_same_rank(Tensor& x1, Tensor& x2, bool expand_rank_1) {
  int r1 = x1.rank(), r2 = x2.rank();
  if (r1 == r2) return;
  if (r1 == r2 + 1 && x1.shape()[r1 - 1] == 1) {
    if (r2 == 1 && expand_rank_1)
      x2 = ops::expand_dims(x2, -1);
    else
      x1 = ops::squeeze(x1, -1);
  }
  // Keras tests the second case on the ranks it started from.
  if (r2 == r1 + 1 && x2.shape()[r2 - 1] == 1) {
    if (r1 == 1 && expand_rank_1)
      x1 = ops::expand_dims(x1, -1);
    else
      x2 = ops::squeeze(x2, -1);
  }
}

Tensor apply_mask(const Tensor& sample_weight, const Tensor& mask, DType dtype) {
  if (!mask.defined()) return sample_weight;
  Tensor float_mask = ops::cast(mask, dtype);
  if (!sample_weight.defined()) return float_mask;
  Tensor weight = ops::cast(sample_weight, dtype);
  squeeze_or_expand_to_same_rank(float_mask, weight);
  return ops::multiply(weight, float_mask);
}

Tensor broadcast_to_like(const Tensor& x, const Tensor& like, const char* argument) {
  const Shape& from = x.shape();
  const Shape& to = like.shape();
  bool ok = from.rank() <= to.rank();
  for (int i = 1; ok && i <= from.rank(); ++i) {
    int64_t a = from[from.rank() - i], b = to[to.rank() - i];
    ok = a == 1 || a == b || a < 0 || b < 0;
  }
  if (!ok)
    throw ValueError(str("Cannot broadcast `", argument, "` of shape ", from, " to shape ", to));
  if (from == to) return x;
  return ops::add(x, ops::zeros_like(like, x.dtype()));
}

void check_broadcastable(const Tensor& y_true, const Tensor& y_pred, const char* who) {
  const Shape& a = y_true.shape();
  const Shape& b = y_pred.shape();
  bool ok = true;
  for (int i = 1; ok && i <= std::min(a.rank(), b.rank()); ++i) {
    int64_t x = a[a.rank() - i], y = b[b.rank() - i];
    ok = x == y || x == 1 || y == 1 || x < 0 || y < 0;
  }
  if (!ok)
    throw ValueError(str(who,
                         ": the shapes of y_true and y_pred do not broadcast. Received: "
                         "y_true.shape=",
                         a, ", y_pred.shape=", b));
}

Tensor divide_no_nan(const Tensor& x, const Tensor& y) {
  Tensor zero = ops::equal(y, 0.0);
  Tensor safe = ops::where(zero, 1.0, y);
  return ops::where(zero, 0.0, ops::divide(x, safe));
}

namespace {

Tensor arange(int64_t n, DType dtype) {
  std::vector<double> values(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) values[static_cast<size_t>(i)] = static_cast<double>(i);
  return Tensor::from_vector(values).astype(dtype);
}

int64_t last_dim(const Tensor& x, const char* who, const char* argument) {
  if (x.rank() < 1 || x.shape()[x.rank() - 1] < 0)
    throw ValueError(str(who, ": `", argument,
                         "` needs a known last dimension (the classes); received ", argument,
                         ".shape=", x.shape()));
  return x.shape()[x.rank() - 1];
}

Tensor logical_not(const Tensor& x) {
  return ops::equal(ops::cast(x, DType::int32), 0.0);
}

Tensor logical_and(const Tensor& a, const Tensor& b) {
  return ops::where(a, b, ops::zeros_like(b, DType::bool_));
}

// ceil(x) for x >= 0 (float→int casts truncate toward zero).
Tensor ceil_non_negative(const Tensor& x) {
  Tensor floor = ops::cast(ops::cast(x, DType::int32), x.dtype());
  return ops::add(floor, ops::cast(ops::greater(x, floor), x.dtype()));
}

}  // namespace

Tensor in_top_k(const Tensor& targets, const Tensor& predictions, int64_t k) {
  int64_t classes = last_dim(predictions, "in_top_k", "predictions");
  bool same = targets.rank() + 1 == predictions.rank();
  for (int i = 0; same && i < targets.rank(); ++i) {
    int64_t a = targets.shape()[i], b = predictions.shape()[i];
    same = a == b || a < 0 || b < 0;
  }
  if (!same)
    throw ValueError(
        str("in_top_k: the targets must have the shape of the predictions without "
            "their last axis. Received: targets.shape=",
            targets.shape(), ", predictions.shape=", predictions.shape()));
  Tensor labels = ops::cast(targets, DType::int64);
  Tensor hit = ops::equal(ops::expand_dims(labels, -1), arange(classes, DType::int64));
  double inf = std::numeric_limits<double>::infinity();
  Tensor at = ops::max(ops::where(hit, predictions, -inf), -1, /*keepdims=*/true);
  at = ops::where(ops::not_equal(at, at), -inf, at);  // NaN is no large score
  Tensor greater = ops::sum(ops::cast(ops::greater(predictions, at), predictions.dtype()), -1);
  return ops::less(greater, static_cast<double>(k));
}

Tensor filter_top_k(const Tensor& x, int64_t k) {
  int64_t classes = last_dim(x, "top_k", "y_pred");
  if (k > classes)
    throw ValueError(
        str("top_k=", k, " is larger than the number of classes: y_pred.shape=", x.shape()));
  DType dtype = x.dtype();
  Tensor mask;
  if (classes <= kPairwiseTopKClasses) {
    // Entry j is kept when fewer than k entries beat it: x_i > x_j, or x_i == x_j with i < j.
    Tensor xi = ops::expand_dims(x, -1);  // [..., C (i), 1]
    Tensor xj = ops::expand_dims(x, -2);  // [..., 1, C (j)]
    std::vector<double> before(static_cast<size_t>(classes * classes), 0.0);
    for (int64_t i = 0; i < classes; ++i)
      for (int64_t j = i + 1; j < classes; ++j) before[static_cast<size_t>(i * classes + j)] = 1.0;
    Tensor lower = Tensor::from_vector(before, Shape{classes, classes}).astype(dtype);
    Tensor beaten = ops::add(ops::cast(ops::greater(xi, xj), dtype),
                             ops::multiply(ops::cast(ops::equal(xi, xj), dtype), lower));
    Tensor rank = ops::sum(beaten, -2);
    mask = ops::cast(ops::less(rank, static_cast<double>(k)), dtype);
  } else {
    // k rounds of "the first maximum among the entries not taken yet" (argmax takes the first
    // index on ties, as ops.top_k does): memory of one [..., C] tensor instead of [..., C, C].
    double inf = std::numeric_limits<double>::infinity();
    mask = ops::zeros_like(x);
    for (int64_t round = 0; round < k; ++round) {
      Tensor taken = ops::greater(mask, 0.0);
      Tensor remaining = ops::where(taken, -inf, x);
      Tensor best = ops::argmax(remaining, -1);
      // Rows whose remaining entries are all -inf: the first entry not taken.
      Tensor none_left = ops::equal(ops::max(remaining, -1), -inf);
      Tensor first_free = ops::argmax(ops::cast(ops::equal(mask, 0.0), dtype), -1);
      Tensor pick = ops::where(none_left, first_free, best);
      mask = ops::add(mask, ops::one_hot(pick, classes, -1, dtype));
    }
  }
  return ops::add(ops::multiply(x, mask), ops::multiply(ops::subtract(1.0, mask), kNegInf));
}

bool is_evenly_distributed_thresholds(const std::vector<double>& thresholds) {
  size_t n = thresholds.size();
  if (n < 3) return false;
  double atol = config::epsilon(), rtol = 1e-5;
  for (size_t i = 0; i < n; ++i) {
    // np.arange(n, dtype=float32) / (n - 1): a float32 division.
    double even = static_cast<double>(static_cast<float>(i) / static_cast<float>(n - 1));
    if (!(std::abs(thresholds[i] - even) <= atol + rtol * std::abs(even))) return false;
  }
  return true;
}

void assert_thresholds_range(const std::vector<double>& thresholds) {
  std::vector<double> invalid;
  for (double t : thresholds)
    if (std::isnan(t) || t < 0 || t > 1) invalid.push_back(t);
  if (!invalid.empty())
    throw ValueError(
        str("Threshold values must be in [0, 1]. Received: ", python_float_list(invalid)));
}

ConfusionCounts confusion_matrix_counts(const ConfusionCells& cells, const Tensor& y_true_in,
                                        const Tensor& y_pred_in,
                                        const std::vector<double>& thresholds,
                                        const Tensor& sample_weight,
                                        const ConfusionOptions& options, DType dtype) {
  if (!y_true_in.defined() || !y_pred_in.defined())
    throw ValueError("update_state needs y_true and y_pred");
  const auto num_thresholds = static_cast<int64_t>(thresholds.size());
  bool multi_label = options.multi_label;
  bool evenly = options.thresholds_distributed_evenly;
  bool with_epsilon = evenly && (thresholds.front() < 0.0 || thresholds.back() > 1.0);

  Tensor y_true = ops::cast(y_true_in, dtype);
  Tensor y_pred = ops::cast(y_pred_in, dtype);
  squeeze_or_expand_to_same_rank(y_pred, y_true);
  bool same = y_true.rank() == y_pred.rank();
  for (int i = 0; same && i < y_true.rank(); ++i) {
    int64_t a = y_true.shape()[i], b = y_pred.shape()[i];
    same = a == b || a < 0 || b < 0;
  }
  if (!same)
    throw ValueError(str("`y_true` and `y_pred` must have the same shape. Received: y_true.shape=",
                         y_true_in.shape(), ", y_pred.shape=", y_pred_in.shape()));
  Tensor weight;
  if (sample_weight.defined()) {
    weight = ops::expand_dims(ops::cast(sample_weight, dtype), -1);
    Tensor unused = y_true;
    squeeze_or_expand_to_same_rank(unused, weight, /*expand_rank_1=*/false);
  }
  if (options.top_k) y_pred = filter_top_k(y_pred, *options.top_k);
  if (options.class_id) {
    int64_t id = *options.class_id;
    if (y_pred.rank() == 1)
      throw ValueError(
          str("When class_id is provided, y_pred must be a 2D array with shape (num_samples, "
              "num_classes), found shape: ",
              y_pred.shape()));
    int64_t classes = y_pred.shape()[y_pred.rank() - 1];
    if (classes >= 0 && id >= classes)
      throw ValueError(str("Invalid value for argument `class_id`: expected an index into the ",
                           classes, " classes of y_pred. Received: class_id=", id,
                           ", y_pred.shape=", y_pred.shape()));
    // y[..., class_id, None]
    std::vector<int64_t> begin(static_cast<size_t>(y_pred.rank()), 0);
    std::vector<int64_t> size(static_cast<size_t>(y_pred.rank()), -1);
    begin.back() = id;
    size.back() = 1;
    y_true = ops::slice(y_true, begin, size);
    y_pred = ops::slice(y_pred, begin, size);
  }
  if (multi_label && y_pred.rank() != 2)
    throw ValueError(str("`y_pred` must have rank 2 when `multi_label=True`. Found rank ",
                         y_pred.rank(), ". Full shape received for `y_pred`: ", y_pred.shape()));

  // Per-entry weights, shaped like the flattened predictions (or [N, L] for multi_label); an
  // undefined tensor means 1.
  Tensor weights;
  if (weight.defined()) weights = broadcast_to_like(weight, y_pred, "sample_weight");
  if (options.label_weights.defined() && !multi_label) {
    Tensor lw = broadcast_to_like(ops::expand_dims(ops::cast(options.label_weights, dtype), 0),
                                  y_pred, "label_weights");
    weights = weights.defined() ? ops::multiply(weights, lw) : lw;
  }
  auto flat = [&](const Tensor& t) { return multi_label ? t : ops::reshape(t, Shape{-1}); };
  // Thresholds (or threshold indices) along a new leading axis.
  Shape column = multi_label ? Shape{num_thresholds, 1, 1} : Shape{num_thresholds, 1};

  ConfusionCounts out;
  if (evenly) {
    // Keras's _update_confusion_matrix_variables_optimized: every prediction falls in a bucket,
    // and counts as positive for the thresholds up to its bucket (Keras sums the buckets with
    // segment_sum and a reversed cumsum; comparing bucket >= t is the same sum).
    Tensor p = flat(ops::clip(y_pred, 0.0, 1.0));
    Tensor labels = flat(ops::cast(ops::cast(y_true, DType::bool_), dtype));
    Tensor w = weights.defined() ? flat(weights) : Tensor();
    Tensor true_labels = w.defined() ? ops::multiply(labels, w) : labels;
    Tensor false_labels = ops::subtract(1.0, labels);
    if (w.defined()) false_labels = ops::multiply(false_labels, w);
    Tensor bucket = ops::subtract(
        ceil_non_negative(ops::multiply(p, static_cast<double>(num_thresholds - 1))), 1.0);
    if (with_epsilon) bucket = ops::relu(bucket);
    Tensor index = arange(num_thresholds, dtype).reshape(column);
    Tensor positive = ops::cast(ops::greater_equal(ops::expand_dims(bucket, 0), index), dtype);
    Tensor tp = ops::sum(ops::multiply(positive, ops::expand_dims(true_labels, 0)), 1);
    Tensor fp = ops::sum(ops::multiply(positive, ops::expand_dims(false_labels, 0)), 1);
    if (cells.true_positives) out.true_positives = tp;
    if (cells.false_positives) out.false_positives = fp;
    if (cells.true_negatives) out.true_negatives = ops::subtract(ops::sum(false_labels, 0), fp);
    if (cells.false_negatives) out.false_negatives = ops::subtract(ops::sum(true_labels, 0), tp);
    return out;
  }

  // The general case: y_pred > threshold for every (threshold, entry) pair.
  Tensor predictions = multi_label ? ops::expand_dims(y_pred, 0) : y_pred.reshape(Shape{1, -1});
  Tensor label_is_pos = ops::cast(y_true, DType::bool_);
  label_is_pos =
      multi_label ? ops::expand_dims(label_is_pos, 0) : label_is_pos.reshape(Shape{1, -1});
  Tensor threshold_column = Tensor::from_vector(thresholds).astype(dtype).reshape(column);
  Tensor pred_is_pos = ops::greater(predictions, threshold_column);
  Tensor w;
  if (weights.defined())
    w = multi_label ? ops::expand_dims(weights, 0) : weights.reshape(Shape{1, -1});
  auto count = [&](const Tensor& label, const Tensor& pred) {
    Tensor both = logical_and(label, pred);
    Tensor value = w.defined() ? ops::where(both, w, 0.0) : ops::cast(both, dtype);
    return ops::sum(value, 1);
  };
  Tensor pred_is_neg, label_is_neg;
  if (cells.false_negatives || cells.true_negatives) pred_is_neg = logical_not(pred_is_pos);
  if (cells.false_positives || cells.true_negatives) label_is_neg = logical_not(label_is_pos);
  if (cells.true_positives) out.true_positives = count(label_is_pos, pred_is_pos);
  if (cells.false_negatives) out.false_negatives = count(label_is_pos, pred_is_neg);
  if (cells.false_positives) out.false_positives = count(label_is_neg, pred_is_pos);
  if (cells.true_negatives) out.true_negatives = count(label_is_neg, pred_is_neg);
  return out;
}

}  // namespace metrics_utils

}  // namespace keras::metrics
