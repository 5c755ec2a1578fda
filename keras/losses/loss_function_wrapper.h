// keras.losses.LossFunctionWrapper (keras/src/losses/losses.py): a Loss made from a loss
// function and its keyword arguments. Every built-in loss class is one (MeanSquaredError wraps
// mean_squared_error), and compile(loss="mse") makes one named "mse" around mean_squared_error.
//
//   losses::LossFunctionWrapper loss("categorical_crossentropy", {{"from_logits", true}});
//   Tensor value = loss(labels, logits);
//
// call() first aligns y_true with y_pred (squeeze_or_expand_to_same_rank), as Keras does, then
// calls the function.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "keras/losses/loss.h"

namespace keras::losses {

// A loss function with its keyword arguments bound: per-sample losses from (y_true, y_pred).
using LossFunction = std::function<Tensor(const Tensor& y_true, const Tensor& y_pred)>;

using LossFunctionWrapperOptions = LossOptions;

class LossFunctionWrapper : public Loss {
 public:
  // A built-in or registered loss function by name: Keras's function names and aliases
  // ("mean_squared_error", "mse", "kld", ...), with its keyword arguments as Keras names them
  // ({"from_logits": true, "label_smoothing": 0.1}). ValueError for an unknown function,
  // TypeError for an argument the function does not take. Without fn_kwargs: none ({}).
  explicit LossFunctionWrapper(const std::string& fn);
  explicit LossFunctionWrapper(const std::string& fn, Json fn_kwargs,
                               const LossFunctionWrapperOptions& options = {});
  // Any callable; `fn_name` is the function name configs record (the function cannot be
  // rebuilt from a config unless it is registered under that name: register_loss_function).
  LossFunctionWrapper(LossFunction fn, std::string fn_name,
                      const LossFunctionWrapperOptions& options = {});

  Tensor call(const Tensor& y_true, const Tensor& y_pred) const override;
  // {"name", "reduction", "fn": the serialized function, then the keyword arguments}.
  Json get_config() const override;
  // From a config written by get_config (the "fn" entry as Keras serializes functions, or a
  // function name).
  static std::shared_ptr<LossFunctionWrapper> from_config(const Json& config);

  // The function's Keras name ("mean_squared_error" for "mse"), or a registered name.
  const std::string& fn_name() const { return fn_name_; }
  // The keyword arguments bound to it (a loss class's own arguments, as Keras passes them).
  const Json& fn_kwargs() const;
  // The bound function.
  const LossFunction& function() const { return fn_; }
  // The function's serialized form: {"module": "keras.src.losses.losses", "class_name":
  // "function", "config": name, "registered_name": name} for Keras's functions.
  Json serialized_fn() const;

 protected:
  // For the loss classes: their Keras class name and default name, the wrapped function's name
  // and the bound function with its keyword arguments.
  LossFunctionWrapper(std::string class_name, std::string default_name, std::string fn_name,
                      LossFunction fn, Json fn_kwargs, const LossOptions& options);
  // A loss class made from its options: `bind` makes the function from them, and the arguments
  // that `own` lists are its keyword arguments. Defined in keras/losses/detail/loss_args.h.
  template <class O>
  LossFunctionWrapper(std::string class_name, std::string default_name, std::string fn_name,
                      LossFunction (*bind)(const O&), args::ArgList (*own)(O&), O options);

 private:
  std::string fn_name_;
  LossFunction fn_;
  // Never null, and never changed after construction: copies of a wrapper share it.
  std::shared_ptr<const Json> fn_kwargs_;
};

// Keras's name of a built-in or registered loss function for `name` or an alias of it
// ("mse" -> "mean_squared_error"); nullopt when there is none.
std::optional<std::string> loss_function_name(const std::string& name);
// The function `name` (a name or alias) with keyword arguments bound; ValueError for an unknown
// function, TypeError for an argument it does not take or of the wrong type. Without kwargs:
// none ({}).
LossFunction bind_loss_function(const std::string& name);
LossFunction bind_loss_function(const std::string& name, const Json& kwargs);

// The function a config names: a name, or a serialized function ({"class_name": "function",
// "config": name, "registered_name": name}, the registered name first). Its Keras name (as
// loss_function_name), or TypeError "Could not locate function ...".
std::string loss_function_from_config(const Json& fn);

// A user loss function, found by get("name"), compile(loss="name") and in configs, as Keras's
// register_keras_serializable makes it: serialized with registered_name "<package>><name>".
// A name may shadow a built-in. The function takes no keyword arguments.
void register_loss_function(const std::string& name, LossFunction fn,
                            const std::string& package = "Custom");

}  // namespace keras::losses
