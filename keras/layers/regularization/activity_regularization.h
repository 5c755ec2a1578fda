// keras.layers.ActivityRegularization
// (keras/src/layers/regularization/activity_regularization.py): passes its inputs through and
// adds l1 * sum(|x|) + l2 * sum(x^2) of them to the losses, through the layer's activity
// regularizer (an L1L2). The Layer call divides that penalty by the batch size (Keras >= 3.14),
// so its strength does not depend on the batch. No weights; masks pass through.
#pragma once

#include "keras/layers/layer.h"

namespace keras::layers {

struct ActivityRegularizationOptions {
  double l1 = 0.0;
  double l2 = 0.0;
  // The inherited activity_regularizer must stay unset: the layer's own is L1L2(l1, l2).
  KERAS_LAYER_OPTIONS
};

class ActivityRegularizationImpl : public Layer {
 public:
  // ValueError for a negative or non-finite l1 or l2 (L1L2's check); TypeError when
  // activity_regularizer is given too (Keras passes its own, so it gets the keyword twice).
  explicit ActivityRegularizationImpl(const ActivityRegularizationOptions& options = {});

  double l1() const { return options_.l1; }
  double l2() const { return options_.l2; }

  Shapes compute_output_shape(const Shapes& input_shape) override { return input_shape; }
  // The base keys without activity_regularizer, then l1 and l2.
  Json get_config() const override;
  static std::shared_ptr<ActivityRegularizationImpl> from_config(const Json& config);

 protected:
  Tensors call(const Tensors& inputs, const CallContext& context) override;

 private:
  ActivityRegularizationOptions options_;
};

using ActivityRegularization =
    OptionsLayer<ActivityRegularizationImpl, ActivityRegularizationOptions>;

}  // namespace keras::layers
