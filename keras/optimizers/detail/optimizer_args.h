// How the optimizers write and read their configs from their declared Keras arguments
// (keras/core/detail/keras_args.h): the base arguments every optimizer has (base_args()), then
// each class's own, declared in its .cc (Adam's and AdamW's in detail/adam_args.h). Internal to
// keras/optimizers: the public headers declare the classes and their options structs only.
#pragma once

#include <string>

#include "keras/core/detail/keras_args.h"
#include "keras/core/json.h"
#include "keras/optimizers/optimizer.h"

namespace keras::optimizers {

// The base arguments of an options struct (or BaseOptions) with the learning rate, in Keras 3's
// get_config order (keras/src/optimizers/base_optimizer.py), for reading and writing configs.
// Keras 2 wrote the learning rate as "lr".
template <class O>
args::ArgList base_args(O& o, LearningRate& learning_rate) {
  return {{"name", o.name},
          {"learning_rate", learning_rate, {"lr"}},
          {"weight_decay", o.weight_decay},
          {"clipnorm", o.clipnorm},
          {"global_clipnorm", o.global_clipnorm},
          {"clipvalue", o.clipvalue},
          {"use_ema", o.use_ema},
          {"ema_momentum", o.ema_momentum},
          {"ema_overwrite_frequency", o.ema_overwrite_frequency},
          {"loss_scale_factor", o.loss_scale_factor},
          {"gradient_accumulation_steps", o.gradient_accumulation_steps}};
}

// Gives each argument of `to` the value of the argument at the same place in `from` (two lists
// of the same keys over structs of different types), through its JSON form.
void copy_args(const args::ArgList& from, const args::ArgList& to);

// The base arguments of an optimizer's options struct.
template <class O>
BaseOptions base_options(const O& options) {
  O from = options;
  BaseOptions to;
  LearningRate unused = 0.0;  // learning rates are passed as they are (a schedule may be custom)
  copy_args(base_args(from, unused), base_args(to, unused));
  return to;
}

// A class's config: the base keys that Optimizer::get_config() wrote, then the class's own.
Json config_with(Json base, const args::ArgList& own);

// Reads a config (each class's from_config) into an options struct: the base arguments and the
// class's own (`own`, bound to the same struct), with Keras's rules: "decay" is dropped with
// Keras's warning, any other unknown key is ValueError "Argument(s) not recognized: {...}"
// (Keras's base __init__ gets it in **kwargs).
void read_args(const args::ArgList& all, const Json& config, const std::string& who);
template <class O>
void read_config(O& options, const Json& config, const args::ArgList& own, const std::string& who) {
  args::ArgList all = base_args(options, options.learning_rate);
  all.insert(all.end(), own.begin(), own.end());
  read_args(all, config, who);
}

}  // namespace keras::optimizers
