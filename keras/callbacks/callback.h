// keras.callbacks.Callback (keras/src/callbacks/callback.py): hooks that fit(), evaluate() and
// predict() call at the start and end of training, epochs and batches, with the model and the
// run's parameters at hand. Epoch and batch numbers are 0-based; logs are the metric values by
// name, in sorted key order (Keras 3 sorts them before they reach callbacks).
//
//   class PrintLoss : public keras::callbacks::Callback {
//     void on_epoch_end(int epoch, Logs& logs) override {
//       std::printf("epoch %d: %.4f\n", epoch, logs.at("loss"));
//     }
//   };
//   model.fit(x, y, {.callbacks = {callbacks::EarlyStopping({.patience = 3}),
//                                  std::make_shared<PrintLoss>()}});
//
// The built-in callbacks are handles (keras/core/handle.h): callbacks::EarlyStopping holds a
// shared EarlyStoppingImpl, made from Keras's arguments, and converts to a CallbackPtr; a
// callback's keyword arguments are the fields of its options struct, whose member initializers
// are their only defaults, and the Impl keeps that struct. User callbacks derive from Callback
// and are passed as std::shared_ptr.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "keras/core/handle.h"

namespace keras::models {
class ModelImpl;
}

namespace keras::callbacks {

using Logs = std::map<std::string, double>;

// Keras 3's callback params: {"verbose", "epochs", "steps"} (steps unknown for a generator
// without a length).
struct Params {
  int verbose = 1;
  int epochs = 1;
  std::optional<int64_t> steps;
};

class Callback {
 public:
  virtual ~Callback() = default;

  virtual void set_params(const Params& params) { params_ = params; }
  virtual void set_model(models::ModelImpl* model) { model_ = model; }
  const Params& params() const { return params_; }
  // The model being trained (model->stop_training(), the optimizer's learning rate, ...).
  models::ModelImpl* model() const { return model_; }

  virtual void on_train_begin(const Logs& logs) {}
  virtual void on_train_end(const Logs& logs) {}
  virtual void on_epoch_begin(int epoch, const Logs& logs) {}
  // The epoch's logs may be extended here; later callbacks (History among them) see the
  // additions, as Keras's shared logs dict does (ReduceLROnPlateau adds "learning_rate").
  virtual void on_epoch_end(int epoch, Logs& logs) {}
  // Keras's aliases: the train-batch hooks call these by default.
  virtual void on_batch_begin(int64_t batch, const Logs& logs) {}
  virtual void on_batch_end(int64_t batch, const Logs& logs) {}
  virtual void on_train_batch_begin(int64_t batch, const Logs& logs) {
    on_batch_begin(batch, logs);
  }
  virtual void on_train_batch_end(int64_t batch, const Logs& logs) { on_batch_end(batch, logs); }
  virtual void on_test_begin(const Logs& logs) {}
  virtual void on_test_end(const Logs& logs) {}
  virtual void on_test_batch_begin(int64_t batch, const Logs& logs) {}
  virtual void on_test_batch_end(int64_t batch, const Logs& logs) {}
  virtual void on_predict_begin(const Logs& logs) {}
  virtual void on_predict_end(const Logs& logs) {}
  virtual void on_predict_batch_begin(int64_t batch, const Logs& logs) {}
  virtual void on_predict_batch_end(int64_t batch, const Logs& logs) {}

 private:
  Params params_;
  models::ModelImpl* model_ = nullptr;
};

using CallbackPtr = std::shared_ptr<Callback>;

}  // namespace keras::callbacks
