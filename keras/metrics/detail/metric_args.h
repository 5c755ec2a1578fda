// Internal to keras/metrics: how the metric classes write and read their configs from their
// declared Keras arguments (keras/core/detail/keras_args.h): the base keys every metric takes
// (name, dtype), then the class's own, in Keras's order. Also the definitions of the member
// templates that keras/metrics/metric.h declares, which need the complete Json and the argument
// machinery that public headers leave out.
#pragma once

#include <memory>
#include <string>

#include "keras/core/detail/keras_args.h"
#include "keras/core/json.h"
#include "keras/metrics/metric.h"

namespace keras::metrics {

// The base arguments in Keras's order (keras/core/detail/keras_args.h), for reading and writing.
template <class O>
args::ArgList base_args(O& o) {
  return {{"name", o.name}, {"dtype", o.dtype}};
}

// A metric class's from_config reading: the base arguments and the class's own (`own`, bound to
// `options`) from `config`; TypeError "<who>.__init__() got an unexpected keyword argument" for
// any other key, as Keras's constructors raise.
template <class O>
void read_config(O& options, const Json& config, const args::ArgList& own, const std::string& who) {
  args::ArgList all = base_args(options);
  all.insert(all.end(), own.begin(), own.end());
  args::read(all, config, who, args::UnknownKeys::type_error);
}

template <class O>
Json Metric::config_with(args::ArgList (*own)(O&), O options) const {
  Json config = Metric::get_config();
  args::write(own(options), config);
  return config;
}

template <class M, class O>
std::shared_ptr<M> Metric::from_config_with(args::ArgList (*own)(O&), const Json& config,
                                            const std::string& who) {
  O options;
  read_config(options, config, own(options), who);
  return std::make_shared<M>(options);
}

}  // namespace keras::metrics
