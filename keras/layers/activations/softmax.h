// keras.layers.Softmax (keras/src/layers/activations/softmax.py): softmax over one axis, or over
// several together (exp(x - logsumexp(x, axes))). With a mask (true or > 0.5: keep; it must
// broadcast to the inputs), masked positions get a large negative logit (-1e9; -3e4 in float16)
// before the softmax and a zero output after it, so a fully masked row gives zeros. No weights;
// masks pass through.
#pragma once

#include <initializer_list>
#include <vector>

#include "keras/layers/layer.h"

namespace keras::layers {

// Softmax's `axis`: one axis (`.axis = 1`, written to configs as an int) or a list
// (`.axis = {1, 2}`, written as a list, as Keras writes a tuple or list).
class SoftmaxAxis {
 public:
  SoftmaxAxis(int axis) : axes_{axis} {}  // NOLINT: `.axis = -1`
  SoftmaxAxis(std::initializer_list<int> axes) : axes_(axes), is_list_(true) {}
  SoftmaxAxis(std::vector<int> axes) : axes_(std::move(axes)), is_list_(true) {}  // NOLINT

  const std::vector<int>& axes() const { return axes_; }
  bool is_list() const { return is_list_; }
  Json to_json() const;

 private:
  std::vector<int> axes_;
  bool is_list_ = false;
};

struct SoftmaxOptions {
  SoftmaxAxis axis = -1;
  KERAS_LAYER_OPTIONS
};

class SoftmaxImpl : public Layer {
 public:
  // ValueError for an empty or repeated axis list; axes beyond the inputs' rank are rejected
  // when the layer is called.
  explicit SoftmaxImpl(const SoftmaxOptions& options = {});

  const SoftmaxAxis& axis() const { return axis_; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  Json get_config() const override;
  static std::shared_ptr<SoftmaxImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  SoftmaxAxis axis_;
};

class Softmax : public LayerHandle<SoftmaxImpl> {
 public:
  using LayerHandle::LayerHandle;
  explicit Softmax(const SoftmaxOptions& options = {})
      : LayerHandle(std::make_shared<SoftmaxImpl>(options)) {}
};

}  // namespace keras::layers
