// How the built-in layers write and read their configs from their declared Keras arguments
// (keras/core/detail/keras_args.h): the base keys every layer writes (name, trainable, dtype,
// activity_regularizer) and then the class's own, in Keras's order.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "keras/core/detail/keras_args.h"
#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/layers/axis_arg.h"
#include "keras/layers/layer.h"

namespace keras::layers {

// A layer's config from its declared arguments (keras/core/detail/keras_args.h): the base keys that
// Layer::get_config() wrote, then the class's own, in order.
Json config_with(Json base, const args::ArgList& own);
// The inverse, for from_config(): the base arguments into `options` (the layer's options struct),
// then the class's own arguments (which may live in `options` or beside it). Keys the layer does
// not declare are ignored, as Keras 3 drops Keras 2's leftovers when it reads old configs.
template <class Options>
void read_config(Options& options, const Json& config, const args::ArgList& own,
                 const std::string& who) {
  read_layer_options(options, config, who);
  args::read(own, config, who);
}

// The two for a layer whose Keras arguments are all in its options struct:
//   Json ReLUImpl::get_config() const { return options_config(*this, options_, relu_args); }
//   ... ReLUImpl::from_config(const Json& c) { return from_options_config<ReLUImpl>(c, relu_args,
//                                                                               "ReLU"); }
template <class Options>
Json options_config(const Layer& layer, Options options, args::ArgList (*own)(Options&)) {
  return config_with(layer.Layer::get_config(), own(options));
}
template <class Impl, class Options>
std::shared_ptr<Impl> from_options_config(const Json& config, args::ArgList (*own)(Options&),
                                          const std::string& who) {
  Options options;
  read_config(options, config, own(options), who);
  return std::make_shared<Impl>(options);
}

// AxisArg's form with the wording of a layer whose Keras message differs: a wrong-typed value
// throws TypeError(Message + value).
template <const char* Message>
struct AxisArgWithMessage {
  static Json write(const AxisArg& axis) { return axis.to_json(); }
  static void read(const Json& value, AxisArg& out, const args::Site&) {
    std::optional<AxisArg> axis = AxisArg::from_json(value);
    if (!axis) throw TypeError(str(Message, value.dump()));
    out = *axis;
  }
};

}  // namespace keras::layers
