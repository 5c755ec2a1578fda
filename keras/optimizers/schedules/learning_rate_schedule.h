// keras.optimizers.schedules.LearningRateSchedule (keras/src/optimizers/schedules/): a learning
// rate as a function of the optimizer's step count, built from keras::ops so it runs inside
// training programs.
#pragma once

#include <memory>
#include <string>

#include "keras/core/json.h"
#include "keras/core/tensor.h"

namespace keras::optimizers::schedules {

class LearningRateSchedule {
 public:
  virtual ~LearningRateSchedule() = default;
  // The learning rate for `step` (a float32 scalar tensor, concrete or symbolic), as float32.
  virtual Tensor operator()(const Tensor& step) const = 0;
  virtual std::string class_name() const = 0;
  virtual Json get_config() const = 0;
};

}  // namespace keras::optimizers::schedules
