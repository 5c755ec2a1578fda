#include "keras/layers/normalization/batch_normalization.h"

#include <algorithm>

#include "keras/config/config.h"
#include "keras/layers/detail/layer_config.h"
#include "keras/layers/detail/normalization_utils.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"
#include "keras/ops/updates.h"

namespace keras::layers {

namespace {

using normalization_detail::at_least_float32;
using normalization_detail::read;

// Keras's moving_stddev_initializer: the square root of (a clone of) the moving variance's
// initializer, for the renorm standard deviations.
class SqrtOf : public initializers::Initializer {
 public:
  explicit SqrtOf(std::shared_ptr<initializers::Initializer> of) : of_(std::move(of)) {}
  Tensor operator()(const Shape& shape, std::optional<DType> dtype) override {
    return ops::sqrt((*of_)(shape, dtype));
  }
  std::string class_name() const override { return "moving_stddev_initializer"; }

 private:
  std::shared_ptr<initializers::Initializer> of_;
};

std::string fmt(double v) {
  return Json(v).dump();
}

// Keras's renorm_clipping dict: the bounds that are set; other keys are checked by from_config.
struct ClippingForm {
  static Json write(const std::optional<RenormClipping>& c) {
    if (!c) return nullptr;
    Json out = Json::object();
    if (c->rmax) out["rmax"] = *c->rmax;
    if (c->rmin) out["rmin"] = *c->rmin;
    if (c->dmax) out["dmax"] = *c->dmax;
    return out;
  }
  static void read(const Json& value, std::optional<RenormClipping>& out, const args::Site& site) {
    if (value.is_null()) return;
    if (!value.is_object()) site.wrong_type("a dict or null", value);
    RenormClipping clipping;
    const std::string who = site.who + " renorm_clipping";
    args::ArgList bounds = {
        {"rmax", clipping.rmax}, {"rmin", clipping.rmin}, {"dmax", clipping.dmax}};
    args::read(bounds, value, who);
    out = clipping;
  }
};

// keras/src/layers/normalization/batch_normalization.py's get_config order; Keras 1's
// spellings read too (its mode=0 is the only mode Keras 2 kept; serialization.cc rejects others).
args::ArgList batch_normalization_args(BatchNormalizationOptions& o) {
  return {{"axis", o.axis},
          {"momentum", o.momentum},
          {"epsilon", o.epsilon},
          {"center", o.center},
          {"scale", o.scale},
          {"beta_initializer", o.beta_initializer, {"beta_init"}},
          {"gamma_initializer", o.gamma_initializer, {"gamma_init"}},
          {"moving_mean_initializer", o.moving_mean_initializer},
          {"moving_variance_initializer", o.moving_variance_initializer},
          {"beta_regularizer", o.beta_regularizer},
          {"gamma_regularizer", o.gamma_regularizer},
          {"beta_constraint", o.beta_constraint},
          {"gamma_constraint", o.gamma_constraint},
          {"synchronized", o.synchronized},
          {"renorm", o.renorm},
          args::Arg::as<ClippingForm>("renorm_clipping", o.renorm_clipping),
          {"renorm_momentum", o.renorm_momentum}};
}

}  // namespace

BatchNormalizationImpl::BatchNormalizationImpl(const BatchNormalizationOptions& options)
    : Layer("BatchNormalization", options.layer_options()),
      options_(options),
      gamma_args_(options.gamma_initializer, options.gamma_regularizer, options.gamma_constraint),
      beta_args_(options.beta_initializer, options.beta_regularizer, options.beta_constraint),
      moving_mean_args_(options.moving_mean_initializer),
      moving_variance_args_(options.moving_variance_initializer) {
  std::vector<int> sorted = options_.axis.axes();
  std::sort(sorted.begin(), sorted.end());
  if (sorted.empty() || std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    throw ValueError(
        str("BatchNormalization '", name(),
            "': `axis` must name distinct axes. Received: axis=", options_.axis.to_string()));
  if (options_.renorm) {
    if (!options_.renorm_clipping) options_.renorm_clipping = RenormClipping{};
    const RenormClipping& c = *options_.renorm_clipping;
    if (c.rmax && c.rmin && *c.rmax < *c.rmin)
      throw ValueError(str("BatchNormalization '", name(),
                           "': rmax should be greater than rmin in the `renorm_clipping` "
                           "argument. Received: rmax=",
                           fmt(*c.rmax), ", rmin=", fmt(*c.rmin), "."));
    if (c.dmax && *c.dmax < 0)
      throw ValueError(str("BatchNormalization '", name(),
                           "': dmax should be non-negative in the `renorm_clipping` argument. "
                           "Received: dmax=",
                           fmt(*c.dmax), "."));
  }
  set_supports_masking(true);
}

const Variable& BatchNormalizationImpl::built_weight(const Variable& v, const char* what) const {
  if (!built())
    throw ValueError(
        str("Layer '", name(), "': you must build the layer before accessing `", what, "`"));
  return v;
}

const Variable& BatchNormalizationImpl::gamma() const {
  return built_weight(gamma_, "gamma");
}
const Variable& BatchNormalizationImpl::beta() const {
  return built_weight(beta_, "beta");
}
const Variable& BatchNormalizationImpl::moving_mean() const {
  return built_weight(moving_mean_, "moving_mean");
}
const Variable& BatchNormalizationImpl::moving_variance() const {
  return built_weight(moving_variance_, "moving_variance");
}
const Variable& BatchNormalizationImpl::moving_stddev() const {
  return built_weight(moving_stddev_, "moving_stddev");
}
const Variable& BatchNormalizationImpl::renorm_mean() const {
  return built_weight(renorm_mean_, "renorm_mean");
}
const Variable& BatchNormalizationImpl::renorm_stddev() const {
  return built_weight(renorm_stddev_, "renorm_stddev");
}

std::vector<int> BatchNormalizationImpl::canonical_axes(const Shape& shape) const {
  int rank = shape.rank();
  std::vector<int> out;
  for (int a : options_.axis.axes()) {
    if (a >= rank || a < -rank)
      throw ValueError(str("Layer '", name(), "': Axis ", a, " is out of bounds for input shape ",
                           shape, ". Received: axis=", options_.axis.to_string()));
    out.push_back(a < 0 ? a + rank : a);
  }
  std::sort(out.begin(), out.end());
  if (std::adjacent_find(out.begin(), out.end()) != out.end())
    throw ValueError(str("Layer '", name(), "': axis=", options_.axis.to_string(),
                         " names one axis twice for input shape ", shape));
  return out;
}

void BatchNormalizationImpl::build_state(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("BatchNormalization '", name(), "'"));
  axes_ = canonical_axes(shape);
  std::vector<int64_t> dims;
  std::map<int, int64_t> spec_axes;
  for (size_t i = 0; i < axes_.size(); ++i) {
    int64_t d = shape[axes_[i]];
    if (d < 0)
      throw ValueError(str("Layer '", name(), "': axis ", axes_[i],
                           " of the inputs must have a known size, got input shape ", shape));
    dims.push_back(d);
    // Keyed by the axis as given, so messages say "axis -1" as Keras's do.
    spec_axes[options_.axis.is_list() ? axes_[i] : options_.axis.axes()[0]] = d;
  }
  Shape param(dims);
  if (options_.scale) gamma_ = add_weight(gamma_args_.weight("gamma", param));
  if (options_.center) beta_ = add_weight(beta_args_.weight("beta", param));
  moving_mean_ = add_weight(moving_mean_args_.weight("moving_mean", param, false));
  moving_variance_ = add_weight(moving_variance_args_.weight("moving_variance", param, false));
  if (options_.renorm) {
    moving_stddev_ = add_weight(
        {.name = "moving_stddev",
         .shape = param,
         .initializer = std::make_shared<SqrtOf>(moving_variance_args_.initializer->clone()),
         .trainable = false});
    renorm_mean_ = add_weight({.name = "renorm_mean",
                               .shape = param,
                               .initializer = moving_mean_args_.initializer->clone(),
                               .trainable = false});
    renorm_stddev_ = add_weight(
        {.name = "renorm_stddev",
         .shape = param,
         .initializer = std::make_shared<SqrtOf>(moving_variance_args_.initializer->clone()),
         .trainable = false});
  }
  // As Keras's: BatchNormalization computes in float32 (at least) whatever the compute dtype, so
  // its weights are read as stored, never cast to a mixed policy's bfloat16 / float16.
  for (Variable* v : {&gamma_, &beta_, &moving_mean_, &moving_variance_, &moving_stddev_,
                      &renorm_mean_, &renorm_stddev_})
    if (v->defined()) v->set_autocast(false);
  set_input_spec({InputSpec{.ndim = shape.rank(), .axes = spec_axes}});
  reduction_axes_.clear();
  for (int a = 0; a < shape.rank(); ++a)
    if (std::find(axes_.begin(), axes_.end(), a) == axes_.end()) reduction_axes_.push_back(a);
}

Shapes BatchNormalizationImpl::compute_output_shape(const Shapes& input_shape) {
  const Shape& shape = input_shape.single(str("BatchNormalization '", name(), "'"));
  canonical_axes(shape);
  return Shapes(shape);
}

std::pair<Tensor, Tensor> BatchNormalizationImpl::moments(const Tensor& x,
                                                          const Tensor& mask) const {
  if (!mask.defined()) {
    Tensor mean = ops::mean(x, reduction_axes_, /*keepdims=*/true);
    Tensor variance = ops::mean(ops::square(ops::subtract(x, mean)), reduction_axes_, true);
    return {mean, variance};
  }
  // Keras's weighted moments: the mask broadcast over the last axis, sums of the kept elements
  // divided by their count plus backend epsilon (so a fully masked batch gives zeros).
  Tensor kept = ops::expand_dims(ops::cast(mask, DType::bool_), -1);
  Tensor weights = ops::where(kept, ops::ones_like(x), ops::zeros_like(x));
  Tensor count = ops::add(ops::sum(weights, reduction_axes_, true), config::epsilon());
  Tensor mean = ops::divide(ops::sum(ops::where(kept, x, 0.0), reduction_axes_, true), count);
  Tensor difference = ops::where(kept, ops::subtract(x, mean), 0.0);
  Tensor variance = ops::divide(ops::sum(ops::square(difference), reduction_axes_, true), count);
  return {mean, variance};
}

void BatchNormalizationImpl::update(Variable variable, const Tensor& value) {
  if (value.is_symbolic())
    add_update(ops::assign(variable.value(), value));
  else
    variable.assign(value);
}

Tensors BatchNormalizationImpl::call(const Tensors& inputs, const CallContext& context) {
  Tensor x = inputs.single(str("BatchNormalization '", name(), "'"));
  Tensor mask = context.first_mask();
  if (mask.defined() && mask.rank() != x.rank() - 1)
    throw ValueError(str("Layer '", name(),
                         "': The mask provided should be one dimension less than the inputs. "
                         "Received: mask.shape=",
                         mask.shape(), ", inputs.shape=", x.shape()));
  DType dtype = at_least_float32(x.dtype());
  x = ops::cast(x, dtype);

  // Parameters of shape (C,) and their broadcast shape (1, .., C, .., 1).
  Shape param = moving_mean_.shape();
  std::vector<int64_t> bdims(static_cast<size_t>(x.rank()), 1);
  for (size_t i = 0; i < axes_.size(); ++i) bdims[static_cast<size_t>(axes_[i])] = param[i];
  Shape broadcast(bdims);

  Tensor moving_mean = read(moving_mean_, x, dtype);
  Tensor moving_variance = read(moving_variance_, x, dtype);
  Tensor gamma = options_.scale ? read(gamma_, x, dtype) : Tensor();
  Tensor beta = options_.center ? read(beta_, x, dtype) : Tensor();

  Tensor mean, variance;
  if (context.training && trainable()) {
    auto [batch_mean, batch_variance] = moments(x, mask);
    mean = ops::reshape(batch_mean, param);
    variance = ops::reshape(batch_variance, param);
    if (options_.renorm) {
      const RenormClipping& clip = *options_.renorm_clipping;
      Tensor stddev = ops::sqrt(ops::add(variance, options_.epsilon));
      Tensor renorm_mean = read(renorm_mean_, x, dtype);
      Tensor renorm_stddev = read(renorm_stddev_, x, dtype);
      // Avoid dividing by zero early in training.
      Tensor divisor = ops::maximum(renorm_stddev, std::sqrt(options_.epsilon));
      Tensor r = ops::divide(stddev, divisor);
      Tensor d = ops::divide(ops::subtract(mean, renorm_mean), divisor);
      if (clip.rmin) r = ops::maximum(r, *clip.rmin);
      if (clip.rmax) r = ops::minimum(r, *clip.rmax);
      if (clip.dmax) d = ops::clip(d, -*clip.dmax, *clip.dmax);
      // (x̂·r + d)·gamma + beta = x̂·(r·gamma) + (d·gamma + beta), r and d held constant.
      r = ops::stop_gradient(r);
      d = ops::stop_gradient(d);
      Tensor new_beta = gamma.defined() ? ops::multiply(d, gamma) : d;
      gamma = gamma.defined() ? ops::multiply(r, gamma) : r;
      beta = beta.defined() ? ops::add(new_beta, beta) : new_beta;

      // Every new value is computed from the old ones before any is written (eager reads share
      // the variables' storage).
      Tensor moving_stddev = read(moving_stddev_, x, dtype);
      Tensor new_renorm_mean = ops::add(ops::multiply(renorm_mean, options_.renorm_momentum),
                                        ops::multiply(mean, 1.0 - options_.renorm_momentum));
      Tensor new_renorm_stddev = ops::add(ops::multiply(renorm_stddev, options_.renorm_momentum),
                                          ops::multiply(stddev, 1.0 - options_.renorm_momentum));
      Tensor new_moving_mean = ops::add(ops::multiply(moving_mean, options_.momentum),
                                        ops::multiply(mean, 1.0 - options_.momentum));
      Tensor new_moving_stddev = ops::add(ops::multiply(moving_stddev, options_.momentum),
                                          ops::multiply(stddev, 1.0 - options_.momentum));
      // ReLU in case rounding takes it below zero.
      Tensor new_moving_variance = ops::relu(
          ops::subtract(ops::multiply(new_moving_stddev, new_moving_stddev), options_.epsilon));
      update(renorm_mean_, new_renorm_mean);
      update(renorm_stddev_, new_renorm_stddev);
      update(moving_mean_, new_moving_mean);
      update(moving_stddev_, new_moving_stddev);
      update(moving_variance_, new_moving_variance);
    } else {
      Tensor new_moving_mean = ops::add(ops::multiply(moving_mean, options_.momentum),
                                        ops::multiply(mean, 1.0 - options_.momentum));
      Tensor new_moving_variance = ops::add(ops::multiply(moving_variance, options_.momentum),
                                            ops::multiply(variance, 1.0 - options_.momentum));
      update(moving_mean_, new_moving_mean);
      update(moving_variance_, new_moving_variance);
    }
  } else {
    mean = moving_mean;
    variance = moving_variance;
  }

  // Keras's batch_normalization: x·inv + (beta - mean·inv), inv = gamma / sqrt(variance + eps).
  Tensor inv = ops::rsqrt(ops::add(variance, options_.epsilon));
  if (gamma.defined()) inv = ops::multiply(inv, gamma);
  Tensor offset = ops::negative(ops::multiply(mean, inv));
  if (beta.defined()) offset = ops::add(offset, beta);
  Tensor y =
      ops::add(ops::multiply(x, ops::reshape(inv, broadcast)), ops::reshape(offset, broadcast));
  return ops::cast(y, compute_dtype());
}

Json BatchNormalizationImpl::get_config() const {
  return options_config(*this, options_, batch_normalization_args);
}

std::shared_ptr<BatchNormalizationImpl> BatchNormalizationImpl::from_config(const Json& config) {
  const std::string who = "BatchNormalization";
  BatchNormalizationOptions options;
  read_config(options, config, batch_normalization_args(options), who);
  // Keras checks renorm_clipping's keys only when renorm is on.
  if (options.renorm && config.contains("renorm_clipping") &&
      config.at("renorm_clipping").is_object())
    for (const auto& item : config.at("renorm_clipping").items())
      if (item.key() != "rmax" && item.key() != "rmin" && item.key() != "dmax")
        throw ValueError(str("Received invalid keys for `renorm_clipping` argument: ",
                             config.at("renorm_clipping").dump(),
                             ". Supported values: ['rmax', 'rmin', 'dmax']."));
  return std::make_shared<BatchNormalizationImpl>(options);
}

}  // namespace keras::layers
