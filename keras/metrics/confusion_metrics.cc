#include "keras/metrics/confusion_metrics.h"

#include <algorithm>

#include "keras/config/config.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/metrics/detail/metric_args.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::metrics {

namespace {

using metrics_utils::divide_no_nan;

// Keras's parse_init_thresholds: the given thresholds (checked to lie in [0, 1]) or the default.
std::vector<double> parse_init_thresholds(const Thresholds& thresholds, double default_threshold) {
  if (thresholds.is_none()) return {default_threshold};
  if (thresholds.values().empty())
    throw ValueError(
        "Invalid value for argument `thresholds`: expected a threshold or a non-empty "
        "list of thresholds. Received: thresholds=[]");
  metrics_utils::assert_thresholds_range(thresholds.values());
  return thresholds.values();
}

void check_positive(const std::optional<int64_t>& value, const char* argument, int64_t minimum) {
  if (value && *value < minimum)
    throw ValueError(str("Invalid value for argument `", argument, "`. Expected an integer >= ",
                         minimum, ". Received: ", argument, "=", *value));
}

// x[0] of a 1-D tensor, as a scalar.
Tensor first(const Tensor& x) {
  return ops::reshape(ops::slice(x, {0}, {1}), Shape{});
}

// x[:n-1] and x[1:] along the first axis.
Tensor head(const Tensor& x) {
  std::vector<int64_t> begin(static_cast<size_t>(x.rank()), 0), size(begin.size(), -1);
  size[0] = x.shape()[0] - 1;
  return ops::slice(x, begin, size);
}

Tensor tail(const Tensor& x) {
  std::vector<int64_t> begin(static_cast<size_t>(x.rank()), 0), size(begin.size(), -1);
  begin[0] = 1;
  return ops::slice(x, begin, size);
}

// A list of numbers, also as Keras serializes a tensor ({"class_name": "__tensor__",
// "config": {"value": [...], ...}}); null is None.
struct NumberListForm : args::ArgForm<std::optional<std::vector<double>>> {
  static void read(const Json& value, std::optional<std::vector<double>>& out,
                   const args::Site& site) {
    if (value.is_null()) return out.reset();
    bool tensor = value.is_object() && value.contains("config") && value.at("config").is_object() &&
                  value.at("config").contains("value");
    const Json& list = tensor ? value.at("config").at("value") : value;
    if (!list.is_array() ||
        !std::all_of(list.begin(), list.end(), [](const Json& v) { return v.is_number(); }))
      site.wrong_type("a list of numbers", list);
    out = list.get<std::vector<double>>();
  }
};

// The count of one cell (the first one set in `cell`).
const Tensor& count_of(const metrics_utils::ConfusionCells& cell,
                       const metrics_utils::ConfusionCounts& counts) {
  return cell.true_positives    ? counts.true_positives
         : cell.false_positives ? counts.false_positives
         : cell.true_negatives  ? counts.true_negatives
                                : counts.false_negatives;
}

// The name Keras gives the variable of one cell.
const char* variable_name(const metrics_utils::ConfusionCells& cell) {
  return cell.true_positives    ? "true_positives"
         : cell.false_positives ? "false_positives"
         : cell.true_negatives  ? "true_negatives"
                                : "false_negatives";
}

}  // namespace

// ----- ConfusionMatrixConditionCount ------------------------------------------------------------

ConfusionMatrixConditionCount::ConfusionMatrixConditionCount(std::string class_name,
                                                             metrics_utils::ConfusionCells cell,
                                                             const ConfusionCountOptions& options)
    : Metric(std::move(class_name), "", options.metric_options()),
      cell_(cell),
      options_(options),
      thresholds_(parse_init_thresholds(options.thresholds, 0.5)),
      evenly_(metrics_utils::is_evenly_distributed_thresholds(thresholds_)) {
  accumulator_ = add_variable(Shape{static_cast<int64_t>(thresholds_.size())}, "accumulator");
}

std::vector<Tensor> ConfusionMatrixConditionCount::update_state(const Tensor& y_true,
                                                                const Tensor& y_pred,
                                                                const Tensor& sample_weight) {
  bool symbolic = any_symbolic({y_true, y_pred, sample_weight});
  metrics_utils::ConfusionCounts counts =
      metrics_utils::confusion_matrix_counts(cell_, y_true, y_pred, thresholds_, sample_weight,
                                             {.thresholds_distributed_evenly = evenly_}, dtype());
  std::vector<Tensor> handles;
  accumulate(accumulator_, count_of(cell_, counts), symbolic, handles);
  return handles;
}

Tensor ConfusionMatrixConditionCount::compute_result(const std::vector<Tensor>& values) const {
  return thresholds_.size() == 1 ? first(values[0]) : values[0];
}

Json ConfusionMatrixConditionCount::get_config() const {
  return config_with(arguments, options_);
}

args::ArgList ConfusionMatrixConditionCount::arguments(ConfusionCountOptions& o) {
  return {{"thresholds", o.thresholds}};
}

TruePositivesImpl::TruePositivesImpl(const ConfusionCountOptions& options)
    : ConfusionMatrixConditionCount("TruePositives", {.true_positives = true}, options) {}

std::shared_ptr<TruePositivesImpl> TruePositivesImpl::from_config(const Json& config) {
  return from_config_with<TruePositivesImpl>(arguments, config, "TruePositives");
}

FalsePositivesImpl::FalsePositivesImpl(const ConfusionCountOptions& options)
    : ConfusionMatrixConditionCount("FalsePositives", {.false_positives = true}, options) {}

std::shared_ptr<FalsePositivesImpl> FalsePositivesImpl::from_config(const Json& config) {
  return from_config_with<FalsePositivesImpl>(arguments, config, "FalsePositives");
}

TrueNegativesImpl::TrueNegativesImpl(const ConfusionCountOptions& options)
    : ConfusionMatrixConditionCount("TrueNegatives", {.true_negatives = true}, options) {}

std::shared_ptr<TrueNegativesImpl> TrueNegativesImpl::from_config(const Json& config) {
  return from_config_with<TrueNegativesImpl>(arguments, config, "TrueNegatives");
}

FalseNegativesImpl::FalseNegativesImpl(const ConfusionCountOptions& options)
    : ConfusionMatrixConditionCount("FalseNegatives", {.false_negatives = true}, options) {}

std::shared_ptr<FalseNegativesImpl> FalseNegativesImpl::from_config(const Json& config) {
  return from_config_with<FalseNegativesImpl>(arguments, config, "FalseNegatives");
}

// ----- Precision and Recall ---------------------------------------------------------------------

namespace {

std::vector<double> precision_thresholds(const PrecisionOptions& options) {
  check_positive(options.top_k, "top_k", 1);
  check_positive(options.class_id, "class_id", 0);
  return parse_init_thresholds(options.thresholds, options.top_k ? metrics_utils::kNegInf : 0.5);
}

}  // namespace

PrecisionRecallBase::PrecisionRecallBase(std::string class_name,
                                         metrics_utils::ConfusionCells other,
                                         const PrecisionOptions& options)
    : Metric(std::move(class_name), "", options.metric_options()),
      options_(options),
      other_cell_(other),
      thresholds_(precision_thresholds(options)),
      evenly_(metrics_utils::is_evenly_distributed_thresholds(thresholds_)) {
  Shape shape{static_cast<int64_t>(thresholds_.size())};
  true_positives_ = add_variable(shape, "true_positives");
  other_ = add_variable(shape, variable_name(other_cell_));
}

std::vector<Tensor> PrecisionRecallBase::update_state(const Tensor& y_true, const Tensor& y_pred,
                                                      const Tensor& sample_weight) {
  bool symbolic = any_symbolic({y_true, y_pred, sample_weight});
  metrics_utils::ConfusionCells cells = other_cell_;
  cells.true_positives = true;
  metrics_utils::ConfusionCounts counts =
      metrics_utils::confusion_matrix_counts(cells, y_true, y_pred, thresholds_, sample_weight,
                                             {.top_k = options_.top_k,
                                              .class_id = options_.class_id,
                                              .thresholds_distributed_evenly = evenly_},
                                             dtype());
  std::vector<Tensor> handles;
  accumulate(true_positives_, counts.true_positives, symbolic, handles);
  accumulate(other_, count_of(other_cell_, counts), symbolic, handles);
  return handles;
}

Tensor PrecisionRecallBase::compute_result(const std::vector<Tensor>& values) const {
  Tensor result = divide_no_nan(values[0], ops::add(values[0], values[1]));
  return thresholds_.size() == 1 ? first(result) : result;
}

Json PrecisionRecallBase::get_config() const {
  return config_with(arguments, options_);
}

args::ArgList PrecisionRecallBase::arguments(PrecisionOptions& o) {
  return {{"thresholds", o.thresholds}, {"top_k", o.top_k}, {"class_id", o.class_id}};
}

PrecisionImpl::PrecisionImpl(const PrecisionOptions& options)
    : PrecisionRecallBase("Precision", {.false_positives = true}, options) {}

std::shared_ptr<PrecisionImpl> PrecisionImpl::from_config(const Json& config) {
  return from_config_with<PrecisionImpl>(arguments, config, "Precision");
}

RecallImpl::RecallImpl(const RecallOptions& options)
    : PrecisionRecallBase("Recall", {.false_negatives = true}, options) {}

std::shared_ptr<RecallImpl> RecallImpl::from_config(const Json& config) {
  return from_config_with<RecallImpl>(arguments, config, "Recall");
}

// ----- AUC --------------------------------------------------------------------------------------

namespace {

// Keras's AUCCurve.from_str and AUCSummationMethod.from_str.
std::string auc_curve(const std::string& key) {
  if (key == "pr" || key == "PR") return "PR";
  if (key == "roc" || key == "ROC") return "ROC";
  if (key == "prgain" || key == "PRGAIN") return "PRGAIN";
  throw ValueError(str("Invalid AUC curve value: \"", key,
                       "\". Expected values are [\"PR\", \"ROC\", \"PRGAIN\"]"));
}

std::string auc_summation_method(const std::string& key) {
  if (key == "interpolation" || key == "Interpolation") return "interpolation";
  if (key == "majoring" || key == "Majoring") return "majoring";
  if (key == "minoring" || key == "Minoring") return "minoring";
  throw ValueError(str("Invalid AUC summation method value: \"", key,
                       "\". Expected values are [\"interpolation\", \"majoring\", \"minoring\"]"));
}

args::ArgList auc_args(AUCOptions& o) {
  return {{"num_thresholds", o.num_thresholds},
          {"curve", o.curve},
          {"summation_method", o.summation_method},
          {"multi_label", o.multi_label},
          {"num_labels", o.num_labels},
          args::Arg::as<NumberListForm>("label_weights", o.label_weights),
          {"from_logits", o.from_logits},
          args::Arg::as<NumberListForm>("thresholds", o.thresholds)};
}

}  // namespace

AUCImpl::AUCImpl(const AUCOptions& options)
    : Metric("AUC", "", options.metric_options()), options_(options) {
  std::vector<double> inner;
  if (options.thresholds) {
    inner = *options.thresholds;
    std::sort(inner.begin(), inner.end());
    options_.num_thresholds = static_cast<int64_t>(inner.size()) + 2;
    std::vector<double> with_ends = {0.0};
    with_ends.insert(with_ends.end(), inner.begin(), inner.end());
    with_ends.push_back(1.0);
    evenly_ = metrics_utils::is_evenly_distributed_thresholds(with_ends);
    options_.thresholds = inner;
  } else {
    if (options.num_thresholds <= 1)
      throw ValueError(
          str("Argument `num_thresholds` must be an integer > 1. Received: "
              "num_thresholds=",
              options.num_thresholds));
    int64_t n = options.num_thresholds;
    for (int64_t i = 0; i < n - 2; ++i)
      inner.push_back(static_cast<double>(i + 1) * 1.0 / static_cast<double>(n - 1));
    evenly_ = true;
  }
  // Endpoints below 0 and above 1 absorb floating-point error at the extremes.
  double eps = config::epsilon();
  thresholds_.push_back(0.0 - eps);
  thresholds_.insert(thresholds_.end(), inner.begin(), inner.end());
  thresholds_.push_back(1.0 + eps);
  options_.curve = auc_curve(options.curve);
  options_.summation_method = auc_summation_method(options.summation_method);
  if (options.label_weights)
    label_weights_ = Tensor::from_vector(*options.label_weights).astype(dtype());
  if (options.multi_label) {
    if (options.num_labels) build(Shape{-1, *options.num_labels});
  } else {
    if (options.num_labels && *options.num_labels)
      throw ValueError("`num_labels` is needed only when `multi_label` is True.");
    build(Shape{});
  }
}

void AUCImpl::build(const Shape& y_pred_shape) {
  Shape variable_shape{options_.num_thresholds};
  if (options_.multi_label) {
    if (y_pred_shape.rank() != 2)
      throw ValueError(str("`y_pred` must have rank 2 when `multi_label=True`. Found rank ",
                           y_pred_shape.rank(),
                           ". Full shape received for `y_pred`: ", y_pred_shape));
    if (y_pred_shape[1] < 0)
      throw ValueError(str("AUC with multi_label=True needs the number of labels: y_pred.shape=",
                           y_pred_shape, " (or pass num_labels)"));
    built_labels_ = y_pred_shape[1];
    variable_shape = Shape{options_.num_thresholds, built_labels_};
  }
  true_positives_ = add_variable(variable_shape, "true_positives");
  false_positives_ = add_variable(variable_shape, "false_positives");
  true_negatives_ = add_variable(variable_shape, "true_negatives");
  false_negatives_ = add_variable(variable_shape, "false_negatives");
  built_ = true;
}

std::vector<Tensor> AUCImpl::update_state(const Tensor& y_true, const Tensor& y_pred,
                                          const Tensor& sample_weight) {
  if (!y_true.defined() || !y_pred.defined())
    throw ValueError("AUC.update_state needs y_true and y_pred");
  if (!built_) build(y_pred.shape());
  if (options_.multi_label && y_pred.rank() == 2 && y_pred.shape()[1] >= 0 &&
      y_pred.shape()[1] != built_labels_)
    throw ValueError(str("AUC was built for ", built_labels_,
                         " labels; received y_pred.shape=", y_pred.shape()));
  bool symbolic = any_symbolic({y_true, y_pred, sample_weight});
  Tensor p = options_.from_logits ? ops::sigmoid(y_pred) : y_pred;
  // Keras applies label_weights in the counts only without multi_label; with it, in result().
  metrics_utils::ConfusionCounts counts = metrics_utils::confusion_matrix_counts(
      {.true_positives = true,
       .false_positives = true,
       .true_negatives = true,
       .false_negatives = true},
      y_true, p, thresholds_, sample_weight,
      {.multi_label = options_.multi_label,
       .label_weights = options_.multi_label ? Tensor() : label_weights_,
       .thresholds_distributed_evenly = evenly_},
      dtype());
  std::vector<Tensor> handles;
  accumulate(true_positives_, counts.true_positives, symbolic, handles);
  accumulate(false_positives_, counts.false_positives, symbolic, handles);
  accumulate(true_negatives_, counts.true_negatives, symbolic, handles);
  accumulate(false_negatives_, counts.false_negatives, symbolic, handles);
  return handles;
}

Tensor AUCImpl::average_labels(const Tensor& terms) const {
  if (!options_.multi_label) return ops::sum(terms);
  Tensor by_label = ops::sum(terms, 0);
  if (!label_weights_.defined()) return ops::mean(by_label);
  return divide_no_nan(ops::sum(ops::multiply(by_label, label_weights_)), ops::sum(label_weights_));
}

// Davis & Goadrich's interpolation of the PR curve between thresholds (Keras's
// interpolate_pr_auc): precision is integrated along recall assuming the true positives grow
// linearly with the predicted positives between two thresholds.
Tensor AUCImpl::interpolate_pr_auc(const std::vector<Tensor>& values) const {
  const Tensor &tp = values[0], &fp = values[1], &fn = values[3];
  Tensor dtp = ops::subtract(head(tp), tail(tp));
  Tensor p = ops::add(tp, fp);
  Tensor dp = ops::subtract(head(p), tail(p));
  Tensor prec_slope = divide_no_nan(dtp, ops::maximum(dp, 0.0));
  Tensor intercept = ops::subtract(tail(tp), ops::multiply(prec_slope, tail(p)));
  Tensor both_positive = ops::equal(ops::add(ops::cast(ops::greater(head(p), 0.0), DType::int32),
                                             ops::cast(ops::greater(tail(p), 0.0), DType::int32)),
                                    2.0);
  Tensor safe_p_ratio = ops::where(
      both_positive, divide_no_nan(head(p), ops::maximum(tail(p), 0.0)), ops::ones_like(tail(p)));
  Tensor increment = divide_no_nan(
      ops::multiply(prec_slope, ops::add(dtp, ops::multiply(intercept, ops::log(safe_p_ratio)))),
      ops::maximum(ops::add(tail(tp), tail(fn)), 0.0));
  return average_labels(increment);
}

Tensor AUCImpl::compute_result(const std::vector<Tensor>& values) const {
  if (!built_)
    throw ValueError(str("AUC '", name(),
                         "' (multi_label=True) has no result before its first update_state() "
                         "unless num_labels is given"));
  if (options_.curve == "PR" && options_.summation_method == "interpolation")
    return interpolate_pr_auc(values);
  const Tensor &tp = values[0], &fp = values[1], &tn = values[2], &fn = values[3];
  Tensor recall = divide_no_nan(tp, ops::add(tp, fn));
  Tensor x, y;
  if (options_.curve == "ROC") {
    x = divide_no_nan(fp, ops::add(fp, tn));
    y = recall;
  } else if (options_.curve == "PR") {
    x = recall;
    y = divide_no_nan(tp, ops::add(tp, fp));
  } else {  // PRGAIN (Keras's comments list the cases handled)
    Tensor scaling = divide_no_nan(ops::add(tp, fn), ops::add(tn, fp));
    Tensor recall_gain = ops::subtract(1.0, ops::multiply(scaling, divide_no_nan(fn, tp)));
    Tensor precision_gain = ops::subtract(1.0, ops::multiply(scaling, divide_no_nan(fp, tp)));
    Tensor no_tp = ops::equal(tp, 0.0);
    recall_gain = ops::where(no_tp, 0.0, recall_gain);
    precision_gain = ops::where(no_tp, 1.0, precision_gain);
    x = ops::maximum(recall_gain, 0.0);
    y = precision_gain;
  }
  Tensor heights;
  if (options_.summation_method == "interpolation")
    heights = ops::divide(ops::add(head(y), tail(y)), 2.0);
  else if (options_.summation_method == "minoring")
    heights = ops::minimum(head(y), tail(y));
  else
    heights = ops::maximum(head(y), tail(y));
  Tensor riemann = ops::multiply(ops::subtract(head(x), tail(x)), heights);
  return average_labels(riemann);
}

Json AUCImpl::get_config() const {
  Json config = config_with(auc_args, options_);
  // Keras writes thresholds only when they were given (not its generated grid).
  if (!options_.thresholds) config.erase("thresholds");
  return config;
}

std::shared_ptr<AUCImpl> AUCImpl::from_config(const Json& config) {
  return from_config_with<AUCImpl>(auc_args, config, "AUC");
}

}  // namespace keras::metrics
