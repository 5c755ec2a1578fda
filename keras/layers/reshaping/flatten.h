// keras.layers.Flatten (keras/src/layers/reshaping/flatten.py): (batch, d1, ..., dn) ->
// (batch, d1·...·dn) in row-major order; inputs of shape (batch,) become (batch, 1). With
// data_format "channels_first" the input is first transposed to channels-last, so the order is
// always (..., channels) and a Dense after Flatten has the same kernel for both formats.
#pragma once

#include <optional>
#include <string>

#include "keras/layers/layer.h"

namespace keras::layers {

struct FlattenOptions {
  // "channels_last" or "channels_first"; none: keras::config::image_data_format().
  std::optional<std::string> data_format;
  KERAS_LAYER_OPTIONS
};

class FlattenImpl : public Layer {
 public:
  explicit FlattenImpl(const FlattenOptions& options = {});

  const std::string& data_format() const { return *options_.data_format; }

  Shapes compute_output_shape(const Shapes& input_shape) override;
  Json get_config() const override;
  static std::shared_ptr<FlattenImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  FlattenOptions options_;  // data_format standardized
};

using Flatten = OptionsLayer<FlattenImpl, FlattenOptions>;

}  // namespace keras::layers
