// keras.callbacks.LambdaCallback (keras/src/callbacks/lambda_callback.py): a callback from
// functions, each optional.
#pragma once

#include <functional>

#include "keras/callbacks/callback.h"

namespace keras::callbacks {

struct LambdaCallbackOptions {
  std::function<void(int epoch, const Logs& logs)> on_epoch_begin;
  std::function<void(int epoch, Logs& logs)> on_epoch_end;
  std::function<void(const Logs& logs)> on_train_begin;
  std::function<void(const Logs& logs)> on_train_end;
  std::function<void(int64_t batch, const Logs& logs)> on_train_batch_begin;
  std::function<void(int64_t batch, const Logs& logs)> on_train_batch_end;
};

class LambdaCallbackImpl : public Callback {
 public:
  explicit LambdaCallbackImpl(LambdaCallbackOptions options = {}) : options_(std::move(options)) {}
  void on_epoch_begin(int epoch, const Logs& logs) override {
    if (options_.on_epoch_begin) options_.on_epoch_begin(epoch, logs);
  }
  void on_epoch_end(int epoch, Logs& logs) override {
    if (options_.on_epoch_end) options_.on_epoch_end(epoch, logs);
  }
  void on_train_begin(const Logs& logs) override {
    if (options_.on_train_begin) options_.on_train_begin(logs);
  }
  void on_train_end(const Logs& logs) override {
    if (options_.on_train_end) options_.on_train_end(logs);
  }
  void on_train_batch_begin(int64_t batch, const Logs& logs) override {
    if (options_.on_train_batch_begin) options_.on_train_batch_begin(batch, logs);
  }
  void on_train_batch_end(int64_t batch, const Logs& logs) override {
    if (options_.on_train_batch_end) options_.on_train_batch_end(batch, logs);
  }

 private:
  LambdaCallbackOptions options_;
};

class LambdaCallback : public Handle<LambdaCallbackImpl> {
 public:
  using Handle::Handle;
  explicit LambdaCallback(LambdaCallbackOptions options = {})
      : Handle(std::make_shared<LambdaCallbackImpl>(std::move(options))) {}
};

}  // namespace keras::callbacks
