#include "keras/callbacks/terminate_on_nan.h"

#include <cmath>
#include <iostream>

#include "keras/core/error.h"
#include "keras/models/model.h"
#include "keras/utils/python_format.h"

namespace keras::callbacks {

void TerminateOnNaNImpl::on_batch_end(int64_t batch, const Logs& logs) {
  auto it = logs.find("loss");
  if (it == logs.end() || std::isfinite(it->second)) return;
  if (options_.raise_error)
    throw Error(str("NaN or Inf loss encountered at batch ", batch, ". Loss value: ",
                    utils::python_float(it->second), ". Terminating training immediately."));
  std::cout << "Batch " << batch << ": Invalid loss, terminating training\n" << std::flush;
  model()->set_stop_training(true);
}

}  // namespace keras::callbacks
