#include "keras/optimizers/loss_scale_optimizer.h"

#include <algorithm>
#include <cmath>

#include "keras/core/json.h"
#include "keras/graph/node.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/updates.h"
#include "keras/optimizers/optimizers.h"

namespace keras::optimizers {

namespace {

std::string name_or_default(const std::string& name) {
  return name.empty() ? "loss_scale_optimizer" : name;
}

// True when every element of every gradient is finite, as a bool scalar: Σ Σ g·0 is 0 then,
// NaN as soon as one element is infinite or NaN (Keras: all(isfinite(g))).
Tensor all_finite(const std::vector<Tensor>& gradients) {
  Tensor total;
  for (const Tensor& g : gradients) {
    if (!g.defined()) continue;
    Tensor zero = ops::sum(ops::multiply(ops::cast(g, DType::float32), 0.0));
    total = total.defined() ? ops::add(total, zero) : zero;
  }
  return ops::equal(total, 0.0);
}

}  // namespace

LossScaleOptimizerImpl::LossScaleOptimizerImpl(OptimizerPtr inner_optimizer,
                                               const LossScaleOptimizerOptions& options)
    : Optimizer("LossScaleOptimizer", 0.0, {.name = name_or_default(options.name)}),
      inner_(std::move(inner_optimizer)),
      options_(options) {
  if (!inner_) throw ValueError("LossScaleOptimizer: `inner_optimizer` is None");
  if (!(options.initial_scale > 0) || !std::isfinite(options.initial_scale))
    throw ValueError(
        str("LossScaleOptimizer: `initial_scale` must be a positive float. "
            "Received: initial_scale=",
            options.initial_scale));
  if (options.dynamic_growth_steps < 1)
    throw ValueError(
        str("LossScaleOptimizer: `dynamic_growth_steps` must be >= 1. Received: "
            "dynamic_growth_steps=",
            options.dynamic_growth_steps));
  if (inner_->options().loss_scale_factor)
    throw ValueError(
        "LossScaleOptimizer: the inner optimizer has a `loss_scale_factor`; dynamic loss "
        "scaling replaces it (Keras sets it to None)");
  // Made now rather than in build(): the training step reads the scale (scale_loss) before the
  // first apply() builds the optimizer, and must read the variable, not its first value.
  step_counter_ = Variable(Tensor::scalar<int64_t>(0), "step_counter", /*trainable=*/false);
  dynamic_scale_ = Variable(Tensor::scalar<float>(static_cast<float>(options.initial_scale)),
                            "dynamic_scale", /*trainable=*/false);
}

double LossScaleOptimizerImpl::dynamic_scale() const {
  return static_cast<double>(dynamic_scale_.value().item<float>());
}

std::vector<Variable> LossScaleOptimizerImpl::variables() const {
  std::vector<Variable> out = Optimizer::variables();  // iteration, learning_rate
  out.push_back(step_counter_);
  out.push_back(dynamic_scale_);
  std::vector<Variable> inner = inner_->variables();
  out.insert(out.end(), inner.begin(), inner.end());
  return out;
}

void LossScaleOptimizerImpl::build_slots(const std::vector<Variable>& variables) {
  inner_->build(variables);
}

Tensor LossScaleOptimizerImpl::update_step(const Tensor&, const Variable&, const Tensor&) {
  KERAS_UNREACHABLE("LossScaleOptimizer steps through its inner optimizer");
}

Tensor LossScaleOptimizerImpl::scale_loss(const Tensor& loss) const {
  Tensor scale =
      loss.is_symbolic() ? graph::as_symbolic(dynamic_scale_.value()) : dynamic_scale_.value();
  return ops::multiply(loss, ops::cast(scale, loss.dtype()));
}

std::vector<Tensor> LossScaleOptimizerImpl::apply(const std::vector<Tensor>& gradients,
                                                  const std::vector<Variable>& variables) {
  if (gradients.empty()) return {};
  if (!built()) build(variables.empty() ? inner_->built_for() : variables);
  bool symbolic = std::any_of(gradients.begin(), gradients.end(),
                              [](const Tensor& g) { return g.defined() && g.is_symbolic(); });
  auto read = [&](const Variable& v) {
    return symbolic ? graph::as_symbolic(v.value()) : v.value();
  };
  Tensor scale = read(dynamic_scale_);
  std::vector<Tensor> unscaled;
  for (const Tensor& g : gradients)
    unscaled.push_back(g.defined() ? ops::divide(g, ops::cast(scale, g.dtype())) : g);
  Tensor finite = all_finite(gradients);

  if (!symbolic) {  // eager: decide now
    int64_t counter = step_counter_.value().item<int64_t>();
    float now = dynamic_scale_.value().item<float>();
    if (finite.item<bool>()) {
      inner_->apply(unscaled, variables);
      bool grow = counter == options_.dynamic_growth_steps - 1;
      step_counter_.assign(Tensor::scalar<int64_t>(grow ? 0 : counter + 1));
      if (grow) dynamic_scale_.assign(Tensor::scalar<float>(now * 2.0f));
    } else {
      step_counter_.assign(Tensor::scalar<int64_t>(0));
      dynamic_scale_.assign(Tensor::scalar<float>(now * 0.5f));
    }
    return {};
  }

  // Traced: the inner step runs only on finite gradients (graph::UpdateGuard); the scale and
  // the counter follow Keras's branches through where().
  std::vector<Tensor> handles;
  {
    graph::UpdateGuard guard(finite);
    handles = inner_->apply(unscaled, variables);
  }
  Tensor counter = read(step_counter_);
  Tensor grow = ops::equal(counter, static_cast<double>(options_.dynamic_growth_steps - 1));
  Tensor next_counter =
      ops::where(finite, ops::where(grow, ops::zeros_like(counter), ops::add(counter, 1.0)),
                 ops::zeros_like(counter));
  Tensor next_scale = ops::where(finite, ops::where(grow, ops::multiply(scale, 2.0), scale),
                                 ops::multiply(scale, 0.5));
  handles.push_back(ops::assign(counter, next_counter));
  handles.push_back(ops::assign(scale, next_scale));
  return handles;
}

Json LossScaleOptimizerImpl::get_config() const {
  return {{"name", name()},
          {"inner_optimizer", serialize(*inner_)},
          {"initial_scale", options_.initial_scale},
          {"dynamic_growth_steps", options_.dynamic_growth_steps}};
}

std::shared_ptr<LossScaleOptimizerImpl> LossScaleOptimizerImpl::from_config(const Json& config) {
  const std::string who = "LossScaleOptimizer config";
  if (!config.is_object() || !config.contains("inner_optimizer"))
    throw ValueError(str(who, ": needs `inner_optimizer`, got ", config.dump()));
  for (const auto& [key, value] : config.items())
    if (key != "name" && key != "inner_optimizer" && key != "initial_scale" &&
        key != "dynamic_growth_steps")
      throw ValueError(str("LossScaleOptimizer does not support arguments: `", key, "`."));
  LossScaleOptimizerOptions options;
  if (config.contains("name") && config.at("name").is_string())
    options.name = config.at("name").get<std::string>();
  if (config.contains("initial_scale")) {
    if (!config.at("initial_scale").is_number())
      throw TypeError(
          str(who, ": `initial_scale` must be a number, got ", config.at("initial_scale").dump()));
    options.initial_scale = config.at("initial_scale").get<double>();
  }
  if (config.contains("dynamic_growth_steps")) {
    if (!config.at("dynamic_growth_steps").is_number_integer())
      throw TypeError(str(who, ": `dynamic_growth_steps` must be an integer, got ",
                          config.at("dynamic_growth_steps").dump()));
    options.dynamic_growth_steps = config.at("dynamic_growth_steps").get<int64_t>();
  }
  return std::make_shared<LossScaleOptimizerImpl>(deserialize(config.at("inner_optimizer")),
                                                  options);
}

}  // namespace keras::optimizers
