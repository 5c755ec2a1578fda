#include "keras/losses/loss_function_wrapper.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/losses/detail/loss_args.h"
#include "keras/losses/functions.h"
#include "keras/losses/hinge.h"
#include "keras/losses/probabilistic.h"
#include "keras/losses/regression.h"
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
void check_kwargs(const Json& kwargs, const args::ArgList& allowed, const std::string& fn) {
  if (kwargs.is_null()) return;
  if (!kwargs.is_object())
    throw TypeError(str(fn, "(): keyword arguments must be an object, got ", kwargs.dump()));
  for (const auto& item : kwargs.items()) {
    bool known = false;
    for (const args::Arg& a : allowed) known = known || item.key() == a.key();
    if (!known)
      throw TypeError(str(fn, "() got an unexpected keyword argument '", item.key(), "'"));
  }
}

Binder plain(Tensor (*f)(const Tensor&, const Tensor&), std::string fn) {
  return [f, fn](const Json& kwargs) -> LossFunction {
    check_kwargs(kwargs, {}, fn);
    return f;
  };
}

// A function whose keyword arguments are its loss class's own (Keras's classes pass them to the
// function as they are): read with the class's argument list, bound as the class binds them.
template <class O>
Binder with_class_arguments(std::string fn, LossFunction (*bind)(const O&),
                            args::ArgList (*own)(O&)) {
  return [fn, bind, own](const Json& kwargs) -> LossFunction {
    O options;
    args::ArgList arguments = own(options);
    check_kwargs(kwargs, arguments, fn);
    args::read(arguments, kwargs, fn);
    return bind(options);
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
        with_class_arguments("cosine_similarity", CosineSimilarity::bind,
                             CosineSimilarity::arguments),
        {});
    add("huber", with_class_arguments("huber", Huber::bind, Huber::arguments), {"huber_loss"});
    add("log_cosh", plain(log_cosh, "log_cosh"), {"logcosh"});
    add("hinge", plain(hinge, "hinge"), {});
    add("squared_hinge", plain(squared_hinge, "squared_hinge"), {});
    add("categorical_hinge", plain(categorical_hinge, "categorical_hinge"), {});
    add("kl_divergence", plain(kl_divergence, "kl_divergence"),
        {"kld", "KLD", "kullback_leibler_divergence"});
    add("poisson", plain(poisson, "poisson"), {});
    add("binary_crossentropy",
        with_class_arguments("binary_crossentropy", BinaryCrossentropy::bind,
                             BinaryCrossentropy::arguments),
        {"bce", "BCE"});
    add("categorical_crossentropy",
        with_class_arguments("categorical_crossentropy", CategoricalCrossentropy::bind,
                             CategoricalCrossentropy::arguments),
        {});
    add("sparse_categorical_crossentropy",
        with_class_arguments("sparse_categorical_crossentropy", SparseCategoricalCrossentropy::bind,
                             SparseCategoricalCrossentropy::arguments),
        {});
    add("binary_focal_crossentropy",
        with_class_arguments("binary_focal_crossentropy", BinaryFocalCrossentropy::bind,
                             BinaryFocalCrossentropy::arguments),
        {});
    add("categorical_focal_crossentropy",
        with_class_arguments("categorical_focal_crossentropy", CategoricalFocalCrossentropy::bind,
                             CategoricalFocalCrossentropy::arguments),
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

// The "fn" of a wrapper's config: written as Keras serializes a function, read as
// loss_function_from_config reads one (or a bare name).
struct FunctionForm {
  static Json write(const std::string& fn_name) {
    auto entry = find_function(fn_name);
    if (entry && !entry->user && entry->name == fn_name)
      return {{"module", "keras.src.losses.losses"},
              {"class_name", "function"},
              {"config", fn_name},
              {"registered_name", fn_name}};
    std::string registered = entry && entry->user ? entry->registered_name : fn_name;
    return {{"module", nullptr},
            {"class_name", "function"},
            {"config", registered},
            {"registered_name", registered}};
  }
  static void read(const Json& value, std::string& out, const args::Site& site) {
    if (value.is_string())
      out = value.get<std::string>();
    else if (value.is_object())
      out = loss_function_from_config(value);
    else
      site.wrong_type("a function config", value);
  }
};

}  // namespace

Json kwargs_of(const args::ArgList& arguments) {
  Json kwargs = Json::object();
  args::write(arguments, kwargs);
  return kwargs;
}

std::string loss_function_from_config(const Json& fn) {
  for (const char* key : {"registered_name", "config"})
    if (fn.is_object() && fn.contains(key) && fn.at(key).is_string())
      if (auto name = loss_function_name(fn.at(key).get<std::string>())) return *name;
  Json inner = fn.is_object() ? fn.value("config", Json()) : fn;
  throw TypeError(str("Could not locate function '",
                      inner.is_string() ? inner.get<std::string>() : inner.dump(),
                      "'. Make sure custom functions are registered with "
                      "keras::losses::register_loss_function(). Full object config: ",
                      fn.dump()));
}

std::optional<std::string> loss_function_name(const std::string& name) {
  auto entry = find_function(name);
  if (!entry) return std::nullopt;
  return entry->name;
}

LossFunction bind_loss_function(const std::string& name) {
  return bind_loss_function(name, Json::object());
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
    : Loss(std::move(class_name), std::move(default_name), options),
      fn_name_(std::move(fn_name)),
      fn_(std::move(fn)),
      fn_kwargs_(std::make_shared<const Json>(fn_kwargs.is_null() ? Json::object()
                                                                  : std::move(fn_kwargs))) {}

LossFunctionWrapper::LossFunctionWrapper(const std::string& fn)
    : LossFunctionWrapper(fn, Json::object()) {}

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

const Json& LossFunctionWrapper::fn_kwargs() const {
  return *fn_kwargs_;
}

Json LossFunctionWrapper::serialized_fn() const {
  return FunctionForm::write(fn_name_);
}

Json LossFunctionWrapper::get_config() const {
  Json config = Loss::get_config();
  config["fn"] = serialized_fn();
  config.update(*fn_kwargs_);
  return config;
}

std::shared_ptr<LossFunctionWrapper> LossFunctionWrapper::from_config(const Json& config) {
  const std::string who = "LossFunctionWrapper";
  if (!config.is_object() || !config.contains("fn"))
    throw TypeError(str(who, ".__init__() missing 1 required positional argument: 'fn'"));
  LossOptions options;
  std::string fn;
  args::ArgList arguments = base_args(options);
  arguments.push_back(args::Arg::as<FunctionForm>("fn", fn));
  args::read(arguments, config, who);
  // Every other key is a keyword argument of the function, as Keras's **kwargs.
  Json kwargs = Json::object();
  for (const auto& item : config.items())
    if (std::none_of(arguments.begin(), arguments.end(),
                     [&](const args::Arg& a) { return item.key() == a.key(); }))
      kwargs[item.key()] = item.value();
  return std::make_shared<LossFunctionWrapper>(fn, kwargs, options);
}

}  // namespace keras::losses
