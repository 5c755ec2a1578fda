#include "keras/metrics/confusion_metrics.h"

#include <algorithm>

#include "keras/config/config.h"
#include "keras/core/config_reading.h"
#include "keras/core/error.h"
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

Json optional_json(const std::optional<int64_t>& value) {
  return value ? Json(*value) : Json(nullptr);
}

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
    : Metric(std::move(class_name), "", options.name, options.dtype),
      cell_(cell),
      init_thresholds_(options.thresholds),
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
  Json config = Metric::get_config();
  config["thresholds"] = init_thresholds_.to_json();
  return config;
}

ConfusionCountOptions ConfusionMatrixConditionCount::read_config(const Json& config,
                                                                 const std::string& who) {
  config_reading::check_keys(config, {"name", "dtype", "thresholds"}, who);
  MetricOptions base = options_from_config(config, who);
  Json thresholds =
      config.is_object() && config.contains("thresholds") ? config.at("thresholds") : Json(nullptr);
  return {
      .thresholds = Thresholds::from_json(thresholds, who), .name = base.name, .dtype = base.dtype};
}

TruePositives::TruePositives(const ConfusionCountOptions& options)
    : ConfusionMatrixConditionCount("TruePositives", {.true_positives = true}, options) {}

std::shared_ptr<TruePositives> TruePositives::from_config(const Json& config) {
  return std::make_shared<TruePositives>(read_config(config, "TruePositives"));
}

FalsePositives::FalsePositives(const ConfusionCountOptions& options)
    : ConfusionMatrixConditionCount("FalsePositives", {.false_positives = true}, options) {}

std::shared_ptr<FalsePositives> FalsePositives::from_config(const Json& config) {
  return std::make_shared<FalsePositives>(read_config(config, "FalsePositives"));
}

TrueNegatives::TrueNegatives(const ConfusionCountOptions& options)
    : ConfusionMatrixConditionCount("TrueNegatives", {.true_negatives = true}, options) {}

std::shared_ptr<TrueNegatives> TrueNegatives::from_config(const Json& config) {
  return std::make_shared<TrueNegatives>(read_config(config, "TrueNegatives"));
}

FalseNegatives::FalseNegatives(const ConfusionCountOptions& options)
    : ConfusionMatrixConditionCount("FalseNegatives", {.false_negatives = true}, options) {}

std::shared_ptr<FalseNegatives> FalseNegatives::from_config(const Json& config) {
  return std::make_shared<FalseNegatives>(read_config(config, "FalseNegatives"));
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
    : Metric(std::move(class_name), "", options.name, options.dtype),
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
  Json config = Metric::get_config();
  config["thresholds"] = options_.thresholds.to_json();
  config["top_k"] = optional_json(options_.top_k);
  config["class_id"] = optional_json(options_.class_id);
  return config;
}

PrecisionOptions PrecisionRecallBase::read_config(const Json& config, const std::string& who) {
  config_reading::check_keys(config, {"name", "dtype", "thresholds", "top_k", "class_id"}, who);
  MetricOptions base = options_from_config(config, who);
  Json thresholds =
      config.is_object() && config.contains("thresholds") ? config.at("thresholds") : Json(nullptr);
  return {.thresholds = Thresholds::from_json(thresholds, who),
          .top_k = config_reading::optional_integer(config, "top_k", who),
          .class_id = config_reading::optional_integer(config, "class_id", who),
          .name = base.name,
          .dtype = base.dtype};
}

Precision::Precision(const PrecisionOptions& options)
    : PrecisionRecallBase("Precision", {.false_positives = true}, options) {}

std::shared_ptr<Precision> Precision::from_config(const Json& config) {
  return std::make_shared<Precision>(read_config(config, "Precision"));
}

Recall::Recall(const RecallOptions& options)
    : PrecisionRecallBase("Recall", {.false_negatives = true}, options) {}

std::shared_ptr<Recall> Recall::from_config(const Json& config) {
  return std::make_shared<Recall>(read_config(config, "Recall"));
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

}  // namespace

AUC::AUC(const AUCOptions& options)
    : Metric("AUC", "", options.name, options.dtype), options_(options) {
  std::vector<double> inner;
  if (options.thresholds) {
    inner = *options.thresholds;
    std::sort(inner.begin(), inner.end());
    num_thresholds_ = static_cast<int64_t>(inner.size()) + 2;
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
    num_thresholds_ = options.num_thresholds;
    for (int64_t i = 0; i < num_thresholds_ - 2; ++i)
      inner.push_back(static_cast<double>(i + 1) * 1.0 / static_cast<double>(num_thresholds_ - 1));
    evenly_ = true;
  }
  // Endpoints below 0 and above 1 absorb floating-point error at the extremes.
  double eps = config::epsilon();
  thresholds_.push_back(0.0 - eps);
  thresholds_.insert(thresholds_.end(), inner.begin(), inner.end());
  thresholds_.push_back(1.0 + eps);
  curve_ = auc_curve(options.curve);
  summation_method_ = auc_summation_method(options.summation_method);
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

void AUC::build(const Shape& y_pred_shape) {
  Shape variable_shape{num_thresholds_};
  if (options_.multi_label) {
    if (y_pred_shape.rank() != 2)
      throw ValueError(str("`y_pred` must have rank 2 when `multi_label=True`. Found rank ",
                           y_pred_shape.rank(),
                           ". Full shape received for `y_pred`: ", y_pred_shape));
    if (y_pred_shape[1] < 0)
      throw ValueError(str("AUC with multi_label=True needs the number of labels: y_pred.shape=",
                           y_pred_shape, " (or pass num_labels)"));
    built_labels_ = y_pred_shape[1];
    variable_shape = Shape{num_thresholds_, built_labels_};
  }
  true_positives_ = add_variable(variable_shape, "true_positives");
  false_positives_ = add_variable(variable_shape, "false_positives");
  true_negatives_ = add_variable(variable_shape, "true_negatives");
  false_negatives_ = add_variable(variable_shape, "false_negatives");
  built_ = true;
}

std::vector<Tensor> AUC::update_state(const Tensor& y_true, const Tensor& y_pred,
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

Tensor AUC::average_labels(const Tensor& terms) const {
  if (!options_.multi_label) return ops::sum(terms);
  Tensor by_label = ops::sum(terms, 0);
  if (!label_weights_.defined()) return ops::mean(by_label);
  return divide_no_nan(ops::sum(ops::multiply(by_label, label_weights_)), ops::sum(label_weights_));
}

// Davis & Goadrich's interpolation of the PR curve between thresholds (Keras's
// interpolate_pr_auc): precision is integrated along recall assuming the true positives grow
// linearly with the predicted positives between two thresholds.
Tensor AUC::interpolate_pr_auc(const std::vector<Tensor>& values) const {
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

Tensor AUC::compute_result(const std::vector<Tensor>& values) const {
  if (!built_)
    throw ValueError(str("AUC '", name(),
                         "' (multi_label=True) has no result before its first update_state() "
                         "unless num_labels is given"));
  if (curve_ == "PR" && summation_method_ == "interpolation") return interpolate_pr_auc(values);
  const Tensor &tp = values[0], &fp = values[1], &tn = values[2], &fn = values[3];
  Tensor recall = divide_no_nan(tp, ops::add(tp, fn));
  Tensor x, y;
  if (curve_ == "ROC") {
    x = divide_no_nan(fp, ops::add(fp, tn));
    y = recall;
  } else if (curve_ == "PR") {
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
  if (summation_method_ == "interpolation")
    heights = ops::divide(ops::add(head(y), tail(y)), 2.0);
  else if (summation_method_ == "minoring")
    heights = ops::minimum(head(y), tail(y));
  else
    heights = ops::maximum(head(y), tail(y));
  Tensor riemann = ops::multiply(ops::subtract(head(x), tail(x)), heights);
  return average_labels(riemann);
}

Json AUC::get_config() const {
  Json config = Metric::get_config();
  config["num_thresholds"] = num_thresholds_;
  config["curve"] = curve_;
  config["summation_method"] = summation_method_;
  config["multi_label"] = options_.multi_label;
  config["num_labels"] = optional_json(options_.num_labels);
  if (options_.label_weights) {
    Json weights = Json::array();
    for (double w : *options_.label_weights) weights.push_back(w);
    config["label_weights"] = weights;
  } else {
    config["label_weights"] = nullptr;
  }
  config["from_logits"] = options_.from_logits;
  if (options_.thresholds) {
    Json thresholds = Json::array();
    for (double t : *options_.thresholds) thresholds.push_back(t);
    config["thresholds"] = thresholds;
  }
  return config;
}

std::shared_ptr<AUC> AUC::from_config(const Json& config) {
  const std::string who = "AUC";
  config_reading::check_keys(
      config,
      {"name", "dtype", "num_thresholds", "curve", "summation_method", "thresholds", "multi_label",
       "num_labels", "label_weights", "from_logits"},
      who);
  MetricOptions base = options_from_config(config, who);
  auto list = [&](const char* key) -> std::optional<std::vector<double>> {
    if (!config.is_object() || !config.contains(key) || config.at(key).is_null())
      return std::nullopt;
    Json value = config.at(key);
    // A serialized tensor: {"class_name": "__tensor__", "config": {"value": [...], ...}}.
    if (value.is_object() && value.contains("config") && value.at("config").contains("value"))
      value = value.at("config").at("value");
    std::vector<double> out;
    if (!value.is_array())
      throw TypeError(
          str(who, ": config key '", key, "' must be a list of numbers, got ", value.dump()));
    for (const Json& v : value) {
      if (!v.is_number())
        throw TypeError(
            str(who, ": config key '", key, "' must be a list of numbers, got ", value.dump()));
      out.push_back(v.get<double>());
    }
    return out;
  };
  return std::make_shared<AUC>(AUCOptions{
      .num_thresholds = config_reading::integer(config, "num_thresholds", 200, who),
      .curve = config_reading::string(config, "curve", "ROC", who),
      .summation_method = config_reading::string(config, "summation_method", "interpolation", who),
      .thresholds = list("thresholds"),
      .multi_label = config_reading::boolean(config, "multi_label", false, who),
      .num_labels = config_reading::optional_integer(config, "num_labels", who),
      .label_weights = list("label_weights"),
      .from_logits = config_reading::boolean(config, "from_logits", false, who),
      .name = base.name,
      .dtype = base.dtype});
}

}  // namespace keras::metrics
