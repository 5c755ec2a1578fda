#include "keras/losses/loss_function_wrapper.h"

#include <map>
#include <mutex>
#include <utility>

#include "keras/core/config_reading.h"
#include "keras/core/error.h"
#include "keras/losses/functions.h"
#include "keras/losses/loss_reading.h"
#include "keras/utils/naming.h"

namespace keras::losses {

namespace {

using Binder = std::function<LossFunction(const Json& kwargs)>;

struct FunctionEntry {
  std::string name;             // Keras's function name, or the user's name
  std::string registered_name;  // name, or "<package>><name>" for user functions
  bool user = false;
  Binder bind;
};

struct FunctionTable {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const FunctionEntry>> entries;  // names and aliases
};

// A function's keyword arguments: Python's TypeError for one it does not take.
void check_kwargs(const Json& kwargs, std::initializer_list<const char*> allowed,
                  const std::string& fn) {
  if (kwargs.is_null()) return;
  if (!kwargs.is_object())
    throw TypeError(str(fn, "(): keyword arguments must be an object, got ", kwargs.dump()));
  for (const auto& item : kwargs.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || item.key() == a;
    if (!known)
      throw TypeError(str(fn, "() got an unexpected keyword argument '", item.key(), "'"));
  }
}

using config_reading::boolean;
using config_reading::number;

int axis_arg(const Json& kwargs, const std::string& fn) {
  return static_cast<int>(config_reading::integer(kwargs, "axis", -1, fn));
}

FocalAlpha alpha_arg(const Json& kwargs, const std::string& fn) {
  if (kwargs.is_object() && kwargs.contains("alpha") && kwargs.at("alpha").is_array()) {
    std::vector<double> values;
    for (const Json& v : kwargs.at("alpha")) {
      if (!v.is_number())
        throw TypeError(str(fn, ": argument 'alpha' must be a number or a list of numbers, got ",
                            kwargs.at("alpha").dump()));
      values.push_back(v.get<double>());
    }
    return values;
  }
  return number(kwargs, "alpha", 0.25, fn);
}

Binder plain(Tensor (*f)(const Tensor&, const Tensor&), std::string fn) {
  return [f, fn](const Json& kwargs) -> LossFunction {
    check_kwargs(kwargs, {}, fn);
    return f;
  };
}

FunctionTable& table() {
  static auto* t = [] {
    auto* table = new FunctionTable;
    auto add = [&](const std::string& name, Binder bind,
                   std::initializer_list<const char*> aliases) {
      auto entry =
          std::make_shared<FunctionEntry>(FunctionEntry{name, name, false, std::move(bind)});
      table->entries[name] = entry;
      for (const char* alias : aliases) table->entries[alias] = entry;
    };
    // keras/src/losses/__init__.py: the function names, then Keras's aliases (bce, kld, mae,
    // mse, mape, msle and their upper-case forms). logcosh, huber_loss and
    // kullback_leibler_divergence are Keras 2's names (Keras 3's keras._legacy.losses exports).
    add("mean_squared_error", plain(mean_squared_error, "mean_squared_error"), {"mse", "MSE"});
    add("mean_absolute_error", plain(mean_absolute_error, "mean_absolute_error"), {"mae", "MAE"});
    add("mean_absolute_percentage_error",
        plain(mean_absolute_percentage_error, "mean_absolute_percentage_error"), {"mape", "MAPE"});
    add("mean_squared_logarithmic_error",
        plain(mean_squared_logarithmic_error, "mean_squared_logarithmic_error"), {"msle", "MSLE"});
    add("cosine_similarity",
        [](const Json& kw) -> LossFunction {
          check_kwargs(kw, {"axis"}, "cosine_similarity");
          int axis = axis_arg(kw, "cosine_similarity");
          return [axis](const Tensor& t, const Tensor& p) { return cosine_similarity(t, p, axis); };
        },
        {});
    add("huber",
        [](const Json& kw) -> LossFunction {
          check_kwargs(kw, {"delta"}, "huber");
          double delta = number(kw, "delta", 1.0, "huber");
          return [delta](const Tensor& t, const Tensor& p) { return huber(t, p, delta); };
        },
        {"huber_loss"});
    add("log_cosh", plain(log_cosh, "log_cosh"), {"logcosh"});
    add("hinge", plain(hinge, "hinge"), {});
    add("squared_hinge", plain(squared_hinge, "squared_hinge"), {});
    add("categorical_hinge", plain(categorical_hinge, "categorical_hinge"), {});
    add("kl_divergence", plain(kl_divergence, "kl_divergence"),
        {"kld", "KLD", "kullback_leibler_divergence"});
    add("poisson", plain(poisson, "poisson"), {});
    add("binary_crossentropy",
        [](const Json& kw) -> LossFunction {
          const std::string fn = "binary_crossentropy";
          check_kwargs(kw, {"from_logits", "label_smoothing", "axis"}, fn);
          bool from_logits = boolean(kw, "from_logits", false, fn);
          double smoothing = number(kw, "label_smoothing", 0.0, fn);
          int axis = axis_arg(kw, fn);
          return [=](const Tensor& t, const Tensor& p) {
            return binary_crossentropy(t, p, from_logits, smoothing, axis);
          };
        },
        {"bce", "BCE"});
    add("categorical_crossentropy",
        [](const Json& kw) -> LossFunction {
          const std::string fn = "categorical_crossentropy";
          check_kwargs(kw, {"from_logits", "label_smoothing", "axis"}, fn);
          bool from_logits = boolean(kw, "from_logits", false, fn);
          double smoothing = number(kw, "label_smoothing", 0.0, fn);
          int axis = axis_arg(kw, fn);
          return [=](const Tensor& t, const Tensor& p) {
            return categorical_crossentropy(t, p, from_logits, smoothing, axis);
          };
        },
        {});
    add("sparse_categorical_crossentropy",
        [](const Json& kw) -> LossFunction {
          const std::string fn = "sparse_categorical_crossentropy";
          check_kwargs(kw, {"from_logits", "ignore_class", "axis"}, fn);
          bool from_logits = boolean(kw, "from_logits", false, fn);
          std::optional<int64_t> ignore = config_reading::optional_integer(kw, "ignore_class", fn);
          int axis = axis_arg(kw, fn);
          return [=](const Tensor& t, const Tensor& p) {
            return sparse_categorical_crossentropy(t, p, from_logits, ignore, axis);
          };
        },
        {});
    add("binary_focal_crossentropy",
        [](const Json& kw) -> LossFunction {
          const std::string fn = "binary_focal_crossentropy";
          check_kwargs(
              kw,
              {"apply_class_balancing", "alpha", "gamma", "from_logits", "label_smoothing", "axis"},
              fn);
          bool balancing = boolean(kw, "apply_class_balancing", false, fn);
          double alpha = number(kw, "alpha", 0.25, fn);
          double gamma = number(kw, "gamma", 2.0, fn);
          bool from_logits = boolean(kw, "from_logits", false, fn);
          double smoothing = number(kw, "label_smoothing", 0.0, fn);
          int axis = axis_arg(kw, fn);
          return [=](const Tensor& t, const Tensor& p) {
            return binary_focal_crossentropy(t, p, balancing, alpha, gamma, from_logits, smoothing,
                                             axis);
          };
        },
        {});
    add("categorical_focal_crossentropy",
        [](const Json& kw) -> LossFunction {
          const std::string fn = "categorical_focal_crossentropy";
          check_kwargs(kw, {"alpha", "gamma", "from_logits", "label_smoothing", "axis"}, fn);
          FocalAlpha alpha = alpha_arg(kw, fn);
          double gamma = number(kw, "gamma", 2.0, fn);
          bool from_logits = boolean(kw, "from_logits", false, fn);
          double smoothing = number(kw, "label_smoothing", 0.0, fn);
          int axis = axis_arg(kw, fn);
          return [=](const Tensor& t, const Tensor& p) {
            return categorical_focal_crossentropy(t, p, alpha, gamma, from_logits, smoothing, axis);
          };
        },
        {});
    return table;
  }();
  return *t;
}

std::shared_ptr<const FunctionEntry> find_function(const std::string& name) {
  FunctionTable& t = table();
  std::lock_guard lock(t.mutex);
  auto it = t.entries.find(name);
  return it == t.entries.end() ? nullptr : it->second;
}

std::shared_ptr<const FunctionEntry> function_or_throw(const std::string& name) {
  auto entry = find_function(name);
  if (!entry) throw ValueError(str("Could not interpret loss identifier: ", name));
  return entry;
}

}  // namespace

std::optional<std::string> loss_function_name(const std::string& name) {
  auto entry = find_function(name);
  if (!entry) return std::nullopt;
  return entry->name;
}

LossFunction bind_loss_function(const std::string& name, const Json& kwargs) {
  return function_or_throw(name)->bind(kwargs);
}

void register_loss_function(const std::string& name, LossFunction fn, const std::string& package) {
  if (name.empty()) throw ValueError("register_loss_function: the function name is empty");
  if (!fn) throw ValueError(str("register_loss_function: '", name, "' has no function"));
  std::string registered = package + ">" + name;
  Binder bind = [fn, name](const Json& kwargs) -> LossFunction {
    check_kwargs(kwargs, {}, name);
    return fn;
  };
  auto entry = std::make_shared<FunctionEntry>(FunctionEntry{name, registered, true, bind});
  FunctionTable& t = table();
  std::lock_guard lock(t.mutex);
  t.entries[name] = entry;
  t.entries[registered] = entry;
}

LossFunctionWrapper::LossFunctionWrapper(std::string class_name, std::string default_name,
                                         std::string fn_name, LossFunction fn, Json fn_kwargs,
                                         const LossOptions& options)
    : Loss(std::move(class_name), std::move(default_name), options.reduction, options.name,
           options.dtype),
      fn_name_(std::move(fn_name)),
      fn_(std::move(fn)),
      fn_kwargs_(fn_kwargs.is_null() ? Json::object() : std::move(fn_kwargs)) {}

LossFunctionWrapper::LossFunctionWrapper(const std::string& fn, Json fn_kwargs,
                                         const LossFunctionWrapperOptions& options)
    : LossFunctionWrapper("LossFunctionWrapper",
                          options.name.empty() ? utils::auto_name("LossFunctionWrapper") : "",
                          function_or_throw(fn)->name, bind_loss_function(fn, fn_kwargs), fn_kwargs,
                          options) {}

LossFunctionWrapper::LossFunctionWrapper(LossFunction fn, std::string fn_name,
                                         const LossFunctionWrapperOptions& options)
    : LossFunctionWrapper("LossFunctionWrapper",
                          options.name.empty() ? utils::auto_name("LossFunctionWrapper") : "",
                          std::move(fn_name), std::move(fn), Json::object(), options) {
  if (!fn_) throw ValueError("LossFunctionWrapper: `fn` is an empty function");
}

Tensor LossFunctionWrapper::call(const Tensor& y_true, const Tensor& y_pred) const {
  auto [t, p] = squeeze_or_expand_to_same_rank(y_true, y_pred);
  return fn_(t, p);
}

Json LossFunctionWrapper::serialized_fn() const {
  auto entry = find_function(fn_name_);
  if (entry && !entry->user && entry->name == fn_name_)
    return {{"module", "keras.src.losses.losses"},
            {"class_name", "function"},
            {"config", fn_name_},
            {"registered_name", fn_name_}};
  std::string registered = entry && entry->user ? entry->registered_name : fn_name_;
  return {{"module", nullptr},
          {"class_name", "function"},
          {"config", registered},
          {"registered_name", registered}};
}

Json LossFunctionWrapper::get_config() const {
  Json config = Loss::get_config();
  config["fn"] = serialized_fn();
  for (const auto& item : fn_kwargs_.items()) config[item.key()] = item.value();
  return config;
}

std::shared_ptr<LossFunctionWrapper> LossFunctionWrapper::from_config(const Json& config) {
  const std::string who = "LossFunctionWrapper";
  if (!config.is_object() || !config.contains("fn"))
    throw TypeError(str(who, ".__init__() missing 1 required positional argument: 'fn'"));
  const Json& fn = config.at("fn");
  std::string fn_name;
  if (fn.is_string()) {
    fn_name = fn.get<std::string>();
  } else if (fn.is_object()) {
    for (const char* key : {"registered_name", "config"})
      if (fn_name.empty() && fn.contains(key) && fn.at(key).is_string() &&
          find_function(fn.at(key).get<std::string>()))
        fn_name = fn.at(key).get<std::string>();
    if (fn_name.empty())
      throw TypeError(str("Could not locate function '",
                          fn.contains("config") && fn.at("config").is_string()
                              ? fn.at("config").get<std::string>()
                              : fn.dump(),
                          "'. Make sure custom functions are registered with "
                          "keras::losses::register_loss_function(). Full object config: ",
                          fn.dump()));
  } else {
    throw TypeError(str(who, ": config key 'fn' must be a function config, got ", fn.dump()));
  }
  LossOptions options = read_loss_options(config, who);
  Json kwargs = Json::object();
  for (const auto& item : config.items())
    if (item.key() != "name" && item.key() != "reduction" && item.key() != "dtype" &&
        item.key() != "fn")
      kwargs[item.key()] = item.value();
  return std::make_shared<LossFunctionWrapper>(fn_name, kwargs, options);
}

}  // namespace keras::losses
