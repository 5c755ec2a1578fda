// keras.layers.Softmax (keras/src/layers/activations/softmax.py): softmax over one axis, or over
// several together (exp(x - logsumexp(x, axes))). With a mask (true or > 0.5: keep; it must
// broadcast to the inputs), masked positions get a large negative logit (-1e9; -3e4 in float16)
// before the softmax and a zero output after it, so a fully masked row gives zeros. No weights;
// masks pass through.
#pragma once

#include <initializer_list>
#include <vector>

#include "keras/layers/axis_arg.h"
#include "keras/layers/layer.h"

namespace keras::layers {

struct SoftmaxOptions {
  AxisArg axis = -1;  // one axis, or several normalized together
  KERAS_LAYER_OPTIONS
};

class SoftmaxImpl : public Layer {
 public:
  // ValueError for an empty or repeated axis list; axes beyond the inputs' rank are rejected
  // when the layer is called.
  explicit SoftmaxImpl(const SoftmaxOptions& options = {});

  const AxisArg& axis() const { return options_.axis; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<SoftmaxImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  SoftmaxOptions options_;
};

using Softmax = OptionsLayer<SoftmaxImpl, SoftmaxOptions>;

}  // namespace keras::layers
