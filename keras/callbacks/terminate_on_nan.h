// keras.callbacks.TerminateOnNaN (keras/src/callbacks/terminate_on_nan.py): stops training when
// a batch's loss is NaN or infinite (or throws, with raise_error).
#pragma once

#include "keras/callbacks/callback.h"

namespace keras::callbacks {

class TerminateOnNaN : public Callback {
 public:
  explicit TerminateOnNaN(bool raise_error = false) : raise_error_(raise_error) {}
  void on_batch_end(int64_t batch, const Logs& logs) override;

 private:
  bool raise_error_;
};

}  // namespace keras::callbacks
