#include "keras/optimizers/optimizer.h"

#include <algorithm>
#include <regex>

#include "keras/core/error.h"
#include "keras/core/warnings.h"
#include "keras/graph/node.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/updates.h"
#include "keras/optimizers/detail/optimizer_args.h"
#include "keras/utils/naming.h"

namespace keras::optimizers {

namespace {

// Python's repr of an optional float: "None", "1.0", "0.5".
std::string py_repr(const std::optional<double>& value) {
  return value ? Json(*value).dump() : "None";
}

std::string py_list(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += str(i ? ", '" : "'", names[i], "'");
  return out + "]";
}

// Keras's slot names: "<variable name>_<slot>", with '/' and ':' made '_'.
std::string slot_name(const std::string& variable, const std::string& slot) {
  std::string out = variable;
  std::replace(out.begin(), out.end(), '/', '_');
  std::replace(out.begin(), out.end(), ':', '_');
  return out + "_" + slot;
}

// Resets Optimizer::tracing_ however apply() ends.
struct TracingScope {
  bool& flag;
  TracingScope(bool& f, bool value) : flag(f) { flag = value; }
  ~TracingScope() { flag = false; }
};

}  // namespace

Optimizer::Optimizer(std::string class_name, const LearningRate& learning_rate,
                     const BaseOptions& options)
    : class_name_(std::move(class_name)), options_(options) {
  // keras/src/optimizers/base_optimizer.py __init__: the same checks in the same order.
  if (options.gradient_accumulation_steps && *options.gradient_accumulation_steps != 0 &&
      *options.gradient_accumulation_steps < 2)
    throw ValueError(
        str("`gradient_accumulation_steps` must be an integer >= 2. Received: "
            "gradient_accumulation_steps=",
            *options.gradient_accumulation_steps));
  if (options.use_ema) {
    if (options.ema_momentum > 1 || options.ema_momentum < 0)
      throw ValueError(str("`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=",
                           Json(options.ema_momentum).dump()));
    if (options.ema_overwrite_frequency && *options.ema_overwrite_frequency != 0 &&
        *options.ema_overwrite_frequency < 1)
      throw ValueError(
          str("`ema_overwrite_frequency` must be an integer >= 1 or None. Received: "
              "ema_overwrite_frequency=",
              *options.ema_overwrite_frequency));
  }
  int clip_arguments = static_cast<int>(options.clipnorm.has_value()) +
                       static_cast<int>(options.clipvalue.has_value()) +
                       static_cast<int>(options.global_clipnorm.has_value());
  if (clip_arguments > 1)
    throw ValueError(
        str("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
            "Received: clipnorm=",
            py_repr(options.clipnorm), ", clipvalue=", py_repr(options.clipvalue),
            ", global_clipnorm=", py_repr(options.global_clipnorm)));
  // Both need work that a graph::Program cannot express yet: EMA reads the weights after their
  // update in the same step, accumulation skips the update on most steps (Keras's ops.cond).
  if (options.use_ema)
    throw NotImplementedError(str(class_name_,
                                  ": use_ema=True is not supported yet (the moving average needs "
                                  "the updated weights inside the training step). Received: "
                                  "use_ema=True, ema_momentum=",
                                  Json(options.ema_momentum).dump()));
  if (options.gradient_accumulation_steps && *options.gradient_accumulation_steps != 0)
    throw NotImplementedError(
        str(class_name_,
            ": gradient_accumulation_steps is not supported yet (it needs a conditional update "
            "inside the training step). Received: gradient_accumulation_steps=",
            *options.gradient_accumulation_steps));

  name_ = options.name.empty() ? utils::auto_name(class_name_) : options.name;
  iterations_ = Variable(Tensor::scalar<int64_t>(0), "iteration", /*trainable=*/false);
  if (learning_rate.schedule()) {
    schedule_ = learning_rate.schedule();
  } else {
    learning_rate_ = Variable(Tensor::scalar<float>(static_cast<float>(learning_rate.value())),
                              "learning_rate", /*trainable=*/false);
  }
}

void Optimizer::build(const std::vector<Variable>& variables) {
  if (built_) {
    if (variables == built_for_) return;
    throw ValueError(str("Optimizer '", name_, "' was already built for ", built_for_.size(),
                         " variables; it cannot be built again for other variables. When working "
                         "with a new set of variables, you should recreate a new optimizer "
                         "instance."));
  }
  for (size_t i = 0; i < variables.size(); ++i) {
    if (!variables[i].defined())
      throw ValueError(str("Optimizer '", name_, "': variable ", i, " of the list is empty"));
    for (size_t j = 0; j < i; ++j)
      if (variables[j] == variables[i])
        throw ValueError(str("Optimizer '", name_, "': the variable '", variables[i].name(),
                             "' appears twice in the list to build for"));
  }
  built_for_ = variables;
  slots_.assign(variables.size(), {});
  build_slots(variables);
  built_ = true;
}

size_t Optimizer::index_of(const Variable& variable) const {
  for (size_t i = 0; i < built_for_.size(); ++i)
    if (built_for_[i] == variable) return i;
  throw ValueError(str("Unknown variable: ", variable.defined() ? variable.name() : "(empty)",
                       ". This optimizer can only be called for the variables it was originally "
                       "built with. When working with a new set of variables, you should "
                       "recreate a new optimizer instance."));
}

const std::vector<Variable>& Optimizer::slots_of(size_t index) const {
  KERAS_ASSERT(index < slots_.size(), "slot index ", index, " of ", slots_.size());
  return slots_[index];
}

Variable Optimizer::add_slot(const Variable& like, const std::string& name, double fill) {
  size_t index = index_of(like);
  Variable slot(Tensor::full(like.shape(), fill, like.dtype()), slot_name(like.name(), name),
                /*trainable=*/false, &like.value().backend());
  slots_[index].push_back(slot);
  slot_order_.push_back(slot);
  return slot;
}

Variable Optimizer::add_variable(const Shape& shape, DType dtype, const std::string& name,
                                 double fill) {
  Variable variable(Tensor::full(shape, fill, dtype), name, /*trainable=*/false,
                    &iterations_.value().backend());
  slot_order_.push_back(variable);
  return variable;
}

std::vector<Variable> Optimizer::variables() const {
  std::vector<Variable> out{iterations_};
  if (!schedule_) out.push_back(learning_rate_);
  out.insert(out.end(), slot_order_.begin(), slot_order_.end());
  return out;
}

Tensor Optimizer::iterations_tensor(bool symbolic) const {
  return symbolic ? graph::as_symbolic(iterations_.value()) : iterations_.value();
}

Tensor Optimizer::read(const Variable& variable) const {
  return tracing_ ? graph::as_symbolic(variable.value()) : variable.value();
}

Tensor Optimizer::current_learning_rate() const {
  if (!schedule_) return read(learning_rate_);
  Tensor lr = (*schedule_)(ops::cast(iterations_tensor(tracing_), DType::float32));
  return lr.dtype() == DType::float32 ? lr : ops::cast(lr, DType::float32);
}

double Optimizer::learning_rate() const {
  if (!schedule_) return learning_rate_.value().item<double>();
  return (*schedule_)(ops::cast(iterations_.value(), DType::float32)).item<double>();
}

void Optimizer::set_learning_rate(double value) {
  if (schedule_)
    throw TypeError(
        "This optimizer was created with a `LearningRateSchedule` object as its "
        "`learning_rate` constructor argument, hence its learning rate is not settable. If you "
        "need the learning rate to be settable, you should instantiate the optimizer with a "
        "float `learning_rate` argument.");
  learning_rate_.assign(Tensor::scalar<float>(static_cast<float>(value)));
}

void Optimizer::set_learning_rate(std::shared_ptr<schedules::LearningRateSchedule> schedule) {
  if (!schedule)
    throw ValueError(str("Optimizer '", name_, "': set_learning_rate needs a schedule, got null"));
  schedule_ = std::move(schedule);
  learning_rate_ = Variable();  // untracked, as Keras does
}

void Optimizer::exclude_from_weight_decay(const std::vector<Variable>& var_list,
                                          const std::vector<std::string>& var_names) {
  for (const std::string& pattern : var_names) {
    try {
      std::regex check(pattern);
    } catch (const std::regex_error& e) {
      throw ValueError(str("exclude_from_weight_decay: var_names entry '", pattern,
                           "' is not a valid regular expression (", e.what(), ")"));
    }
  }
  excluded_from_weight_decay_ = var_list;
  excluded_names_ = var_names;
}

double Optimizer::weight_decay_for(const Variable& variable) const {
  if (!options_.weight_decay) return 0.0;
  for (const Variable& v : excluded_from_weight_decay_)
    if (v == variable) return 0.0;
  for (const std::string& pattern : excluded_names_)
    if (std::regex_search(variable.name(), std::regex(pattern))) return 0.0;
  return *options_.weight_decay;
}

Tensor Optimizer::scale_loss(const Tensor& loss) const {
  return options_.loss_scale_factor ? ops::multiply(loss, *options_.loss_scale_factor) : loss;
}

Tensor Optimizer::clip_by_norm(const Tensor& gradient) const {
  // base_optimizer.py _clip_by_norm: the norm through a two-sided where, so a zero gradient
  // never takes sqrt(0)'s infinite slope.
  double clipnorm = *options_.clipnorm;
  Tensor l2sum = ops::sum(ops::square(gradient), {}, /*keepdims=*/true);
  Tensor positive = ops::greater(l2sum, 0.0);
  Tensor l2sum_safe = ops::where(positive, l2sum, ops::ones_like(l2sum));
  Tensor l2norm = ops::where(positive, ops::sqrt(l2sum_safe), l2sum);
  return ops::divide(ops::multiply(gradient, clipnorm), ops::maximum(l2norm, clipnorm));
}

std::vector<Tensor> Optimizer::clip_gradients(const std::vector<Tensor>& gradients) const {
  std::vector<Tensor> out;
  const BaseOptions& o = options_;
  if (o.clipnorm && *o.clipnorm > 0) {
    for (const Tensor& g : gradients) out.push_back(clip_by_norm(g));
  } else if (o.global_clipnorm && *o.global_clipnorm > 0) {
    // clip_by_global_norm: one norm over every gradient; the scale turns NaN when that norm is
    // infinite or NaN (use_norm - use_norm), as Keras's does.
    double clip = *o.global_clipnorm;
    DType dtype = gradients.front().dtype();
    Tensor squared;
    for (const Tensor& g : gradients) {
      Tensor s = ops::cast(ops::sum(ops::square(g)), dtype);
      squared = squared.defined() ? ops::add(squared, s) : s;
    }
    Tensor use_norm = ops::sqrt(squared);
    Tensor scale_for_finite =
        ops::multiply(clip, ops::minimum(ops::divide(1.0, use_norm), 1.0 / clip));
    Tensor scale = ops::add(scale_for_finite, ops::subtract(use_norm, use_norm));
    for (const Tensor& g : gradients) out.push_back(ops::multiply(g, ops::cast(scale, g.dtype())));
  } else if (o.clipvalue && *o.clipvalue > 0) {
    for (const Tensor& g : gradients) out.push_back(ops::clip(g, -*o.clipvalue, *o.clipvalue));
  } else {
    out = gradients;
  }
  return out;
}

std::vector<Tensor> Optimizer::apply(const std::vector<Tensor>& gradients,
                                     const std::vector<Variable>& variables) {
  if (gradients.empty()) return {};  // Keras: a no-op, iterations unchanged
  std::vector<Variable> vars = variables;
  if (vars.empty()) {
    if (!built_)
      throw ValueError(
          "When passing `grads` without `variables`, the optimizer must already be built on a "
          "list of variables. Call `optimizer.build(trainable_variables)` first.");
    if (gradients.size() != built_for_.size())
      throw ValueError(
          str("When passing `grads` as a list of gradient tensors, the gradients "
              "must match `optimizer.variables` one-to-one. Received a list of ",
              gradients.size(), " gradients, but the optimizer is tracking ", built_for_.size(),
              " trainable variables."));
    vars = built_for_;
  } else {
    if (gradients.size() != vars.size())
      throw ValueError(str("Optimizer '", name_, "': received ", gradients.size(),
                           " gradients for ", vars.size(),
                           " variables; pass one gradient (an empty Tensor when there is none) "
                           "per variable"));
    if (!built_) build(vars);
    for (const Variable& v : vars) index_of(v);  // Keras's _check_variables_are_known
  }

  bool symbolic = std::any_of(gradients.begin(), gradients.end(),
                              [](const Tensor& g) { return g.is_symbolic(); });
  TracingScope scope(tracing_, symbolic);

  // _filter_empty_gradients.
  std::vector<Tensor> grads;
  std::vector<Variable> live;
  std::vector<std::string> missing;
  for (size_t i = 0; i < gradients.size(); ++i) {
    if (!gradients[i].defined()) {
      missing.push_back(vars[i].name());
      continue;
    }
    grads.push_back(symbolic ? graph::as_symbolic(gradients[i]) : gradients[i]);
    live.push_back(vars[i]);
  }
  if (grads.empty()) throw ValueError("No gradients provided for any variable.");
  if (!missing.empty())
    warn(str("Gradients do not exist for variables ", py_list(missing),
             " when minimizing the loss. If using `model.compile()`, did you forget to provide a "
             "`loss` argument?"));
  for (size_t i = 0; i < grads.size(); ++i)
    if (grads[i].shape() != live[i].shape())
      throw ValueError(str("Optimizer '", name_, "': the gradient for variable '", live[i].name(),
                           "' has shape ", grads[i].shape(), ", the variable has shape ",
                           live[i].shape()));

  if (options_.loss_scale_factor)
    for (Tensor& g : grads) g = ops::divide(g, *options_.loss_scale_factor);
  grads = clip_gradients(grads);

  std::vector<Tensor> handles;
  auto keep = [&](const Tensor& handle) {
    if (symbolic) {
      KERAS_ASSERT(handle.defined() && handle.is_symbolic(), "an update made no handle");
      handles.push_back(handle);
    }
  };
  Tensor lr = current_learning_rate();
  auto lr_as = [&](DType dtype) { return lr.dtype() == dtype ? lr : ops::cast(lr, dtype); };

  // _apply_weight_decay: variable = variable - variable · wd · lr, before the update step.
  if (options_.weight_decay && !fuses_weight_decay()) {
    for (const Variable& v : live) {
      double wd = weight_decay_for(v);
      if (wd == 0.0) continue;
      Tensor w = read(v);
      keep(ops::assign(w, ops::subtract(w, ops::multiply(ops::multiply(w, wd), lr_as(v.dtype())))));
    }
  }
  for (const Tensor& handle : before_update_steps()) keep(handle);
  for (size_t i = 0; i < grads.size(); ++i)
    keep(update_step(grads[i], live[i], lr_as(live[i].dtype())));
  keep(ops::assign_add(read(iterations_), 1.0));
  return handles;
}

std::vector<Tensor> Optimizer::apply_gradients(
    const std::vector<std::pair<Tensor, Variable>>& pairs) {
  std::vector<Tensor> gradients;
  std::vector<Variable> variables;
  for (const auto& [g, v] : pairs) {
    gradients.push_back(g);
    variables.push_back(v);
  }
  return apply(gradients, variables);
}

void Optimizer::apply_constraints(
    const std::vector<std::pair<Variable, constraints::ConstraintPtr>>& constrained) {
  for (const auto& [variable, constraint] : constrained) {
    if (!constraint) continue;
    Variable v = variable;  // shares the state
    v.assign((*constraint)(v.value()));
  }
}

Json Optimizer::get_config() const {
  BaseOptions now = options_;
  now.name = name_;
  // The variable's float32 value, widened (Keras: float(variable.numpy())).
  LearningRate learning_rate =
      schedule_ ? LearningRate(schedule_)
                : LearningRate(static_cast<double>(learning_rate_.value().item<float>()));
  Json config = Json::object();
  args::write(base_args(now, learning_rate), config);
  return config;
}

// ----- configs ---------------------------------------------------------------------------------

void copy_args(const args::ArgList& from, const args::ArgList& to) {
  KERAS_ASSERT(from.size() == to.size(), "copy_args: ", from.size(), " and ", to.size(), " args");
  for (size_t i = 0; i < from.size(); ++i) to[i].read(from[i].write(), "Optimizer");
}

Json config_with(Json base, const args::ArgList& own) {
  args::write(own, base);
  return base;
}

void read_args(const args::ArgList& all, const Json& config, const std::string& who) {
  // Keras's base __init__ pops "decay" from its **kwargs before it rejects the rest.
  if (config.is_object() && config.contains("decay") && !config.at("decay").is_null())
    warn("Argument `decay` is no longer supported and will be ignored.");
  args::read(all, config, who, args::UnknownKeys::not_recognized, {"decay"});
}

}  // namespace keras::optimizers

namespace keras::args {

Json ArgForm<optimizers::LearningRate>::write(const optimizers::LearningRate& value) {
  return value.schedule() ? optimizers::schedules::serialize(*value.schedule())
                          : Json(value.value());
}

void ArgForm<optimizers::LearningRate>::read(const Json& value, optimizers::LearningRate& out,
                                             const Site& site) {
  if (value.is_number()) {
    out = value.get<double>();
  } else if (value.is_object() && (value.value("class_name", "") == "__tensor__" ||
                                   value.value("class_name", "") == "__numpy__")) {
    double number = 0.0;
    ArgForm<double>::read(value, number, site);  // Keras's one-element tensor
    out = number;
  } else if (value.is_object()) {
    out = optimizers::schedules::deserialize(value);
  } else {
    // Python's repr of what came: 'text', True, None, [...].
    std::string repr = value.is_string()    ? str("'", value.get<std::string>(), "'")
                       : value.is_boolean() ? (value.get<bool>() ? "True" : "False")
                       : value.is_null()    ? "None"
                                            : value.dump();
    throw ValueError(
        str("Argument `learning_rate` should be float, or an instance of LearningRateSchedule, "
            "or a callable (that takes in the current iteration value and returns the "
            "corresponding learning rate value). Received instead: learning_rate=",
            repr));
  }
}

}  // namespace keras::args
