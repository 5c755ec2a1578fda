// keras.callbacks.TerminateOnNaN (keras/src/callbacks/terminate_on_nan.py): stops training when
// a batch's loss is NaN or infinite (or throws, with raise_error).
#pragma once

#include "keras/callbacks/callback.h"

namespace keras::callbacks {

struct TerminateOnNaNOptions {
  bool raise_error = false;  // throw keras::Error instead of stopping
};

class TerminateOnNaNImpl : public Callback {
 public:
  explicit TerminateOnNaNImpl(const TerminateOnNaNOptions& options = {}) : options_(options) {}
  void on_batch_end(int64_t batch, const Logs& logs) override;

 private:
  TerminateOnNaNOptions options_;
};

using TerminateOnNaN = OptionsHandle<TerminateOnNaNImpl, TerminateOnNaNOptions>;

}  // namespace keras::callbacks
