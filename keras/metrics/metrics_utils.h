// The pieces metrics share, as Keras 3 has them in keras/src/metrics/metrics_utils.py and
// keras/src/losses/loss.py: rank alignment of labels, predictions and weights, mask folding,
// in_top_k and top-k filtering composed of keras::ops, threshold lists and the thresholded
// confusion-matrix accumulation behind TruePositives ... AUC.
//
// Everything is built from keras::ops, so it runs at once on concrete tensors and records graph
// nodes on symbolic ones.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/arg_form.h"
#include "keras/core/json_fwd.h"
#include "keras/core/tensor.h"

namespace keras::metrics {

// A `thresholds` argument as Keras takes it: None, one float, or a list of floats. The form is
// kept so that get_config writes back what was given (0.5 stays 0.5, [0.5] stays [0.5]).
class Thresholds {
 public:
  Thresholds() = default;                                        // None
  Thresholds(double value) : values_{value}, is_none_(false) {}  // NOLINT: one threshold
  Thresholds(std::initializer_list<double> values)               // NOLINT: a list
      : values_(values), is_list_(true), is_none_(false) {}
  Thresholds(std::vector<double> values)  // NOLINT
      : values_(std::move(values)), is_list_(true), is_none_(false) {}

  bool is_none() const { return is_none_; }
  bool is_list() const { return is_list_; }
  const std::vector<double>& values() const { return values_; }

  // null, a number or a list of numbers.
  Json to_json() const;
  // The inverse; TypeError naming `who` for anything else.
  static Thresholds from_json(const Json& value, const std::string& who);

 private:
  std::vector<double> values_;
  bool is_list_ = false;
  bool is_none_ = true;
};

}  // namespace keras::metrics

namespace keras::args {

// Thresholds in a config (keras/core/detail/keras_args.h): null, a number or a list of numbers.
template <>
struct ArgForm<metrics::Thresholds> {
  static Json write(const metrics::Thresholds& value);
  static void read(const Json& value, metrics::Thresholds& out, const Site& site);
};

}  // namespace keras::args

namespace keras::metrics {

namespace metrics_utils {

// Keras's NEG_INF: the score given to entries that top-k filtering drops.
inline constexpr double kNegInf = -1e10;

// "[0.5, 1.5]" as Python writes a list of floats (each as utils::python_float).
std::string python_float_list(const std::vector<double>& values);

// Keras's squeeze_or_expand_to_same_rank (keras/src/losses/loss.py): when the ranks differ by
// one and the longer one ends in a size-1 axis, that axis is squeezed, or (expand_rank_1, the
// other one of rank 1) the shorter one gains a trailing axis.
void squeeze_or_expand_to_same_rank(Tensor& x1, Tensor& x2, bool expand_rank_1 = true);

// Keras's apply_mask with reduction "sum", as metrics use it: the mask (converted to `dtype`)
// multiplied into the sample weights, or the weights when there are none. Undefined tensors are
// None.
Tensor apply_mask(const Tensor& sample_weight, const Tensor& mask, DType dtype);

// ops.broadcast_to(x, like.shape): ValueError naming `argument` when x's shape does not
// broadcast to like's (unknown sizes are taken as compatible).
Tensor broadcast_to_like(const Tensor& x, const Tensor& like, const char* argument);

// ValueError naming `who` and both shapes when y_true's and y_pred's shapes do not broadcast
// (unknown sizes are taken as compatible).
void check_broadcastable(const Tensor& y_true, const Tensor& y_pred, const char* who);

// Keras's ops.divide_no_nan: x / y, and 0 where y == 0.
Tensor divide_no_nan(const Tensor& x, const Tensor& y);

// Keras's ops.in_top_k as its JAX backend defines it: the prediction at the target counts as in
// the top k when fewer than k predictions are strictly greater (so ties at the boundary are in;
// NaN at the target counts as -inf). targets: integers of predictions' shape without its last
// axis. Out-of-range targets are never in the top k (unless k exceeds the number of classes).
Tensor in_top_k(const Tensor& targets, const Tensor& predictions, int64_t k);

// Keras's _filter_top_k: the k largest entries along the last axis kept, the others set to
// NEG_INF. Ties are broken as ops.top_k breaks them, towards the lower index. There is no top-k
// primitive: up to kPairwiseTopKClasses classes it is composed of pairwise comparisons (a
// [..., C, C] intermediate), above that of k rounds of argmax.
inline constexpr int64_t kPairwiseTopKClasses = 64;
Tensor filter_top_k(const Tensor& x, int64_t k);

// Keras's is_evenly_distributed_thresholds: at least 3 thresholds that match i/(n-1) (computed
// in float32, as NumPy does) within np.allclose's tolerances (atol = epsilon, rtol = 1e-5).
bool is_evenly_distributed_thresholds(const std::vector<double>& thresholds);
// Keras's assert_thresholds_range: ValueError "Threshold values must be in [0, 1]. Received:
// [...]" listing the values outside (NaN included).
void assert_thresholds_range(const std::vector<double>& thresholds);

// Which confusion-matrix cells to compute.
struct ConfusionCells {
  bool true_positives = false, false_positives = false, true_negatives = false,
       false_negatives = false;
};

struct ConfusionOptions {
  std::optional<int64_t> top_k;
  std::optional<int64_t> class_id;
  bool multi_label = false;
  Tensor label_weights;  // [num_labels] or undefined (only when !multi_label)
  bool thresholds_distributed_evenly = false;
};

// The weighted counts of one batch, shape [T] (or [T, num_labels] when multi_label); the cells
// not asked for are undefined.
struct ConfusionCounts {
  Tensor true_positives, false_positives, true_negatives, false_negatives;
};

// Keras's update_confusion_matrix_variables, returning the increments (the metric adds them to
// its variables): y_pred > threshold counts as positive, for every threshold. With evenly
// distributed thresholds Keras's bucket formulation is used (predictions clipped to [0, 1],
// bucket ceil(p·(T-1)) - 1 and a prediction is positive for the thresholds up to its bucket),
// which decides predictions that fall exactly on a threshold as Keras does. `dtype`: the
// variables' dtype, in which everything is computed.
ConfusionCounts confusion_matrix_counts(const ConfusionCells& cells, const Tensor& y_true,
                                        const Tensor& y_pred, const std::vector<double>& thresholds,
                                        const Tensor& sample_weight,
                                        const ConfusionOptions& options, DType dtype);

}  // namespace metrics_utils

}  // namespace keras::metrics
