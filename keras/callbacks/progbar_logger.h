// keras.callbacks.ProgbarLogger (keras/src/callbacks/progbar_logger.py): prints "Epoch i/N"
// (when N > 1) and the progress bar of fit, evaluate and predict. Added by fit() and friends when
// verbose is not 0; the values shown are the logs, as given (the model keeps running means).
#pragma once

#include <memory>

#include "keras/callbacks/callback.h"
#include "keras/utils/progbar.h"

namespace keras::callbacks {

class ProgbarLoggerImpl : public Callback {
 public:
  // Keras's ProgbarLogger takes no arguments; options: where and how the bars are drawn
  // (stream, clock; verbose comes from the run).
  explicit ProgbarLoggerImpl(utils::ProgbarOptions options = {}) : options_(std::move(options)) {}

  void set_params(const Params& params) override;
  void on_train_begin(const Logs& logs) override;
  void on_test_begin(const Logs& logs) override;
  void on_predict_begin(const Logs& logs) override;
  void on_epoch_begin(int epoch, const Logs& logs) override;
  void on_train_batch_end(int64_t batch, const Logs& logs) override;
  void on_test_batch_end(int64_t batch, const Logs& logs) override;
  void on_predict_batch_end(int64_t batch, const Logs& logs) override;
  void on_epoch_end(int epoch, Logs& logs) override;
  void on_test_end(const Logs& logs) override;
  void on_predict_end(const Logs& logs) override;

 private:
  void reset();
  void maybe_init();
  void update(int64_t batch, const Logs& logs);
  void finalize(const Logs& logs);

  utils::ProgbarOptions options_;
  int verbose_ = 1, epochs_ = 1;
  std::optional<int64_t> target_;
  int64_t seen_ = 0;
  bool called_in_fit_ = false;
  std::unique_ptr<utils::Progbar> progbar_;
};

class ProgbarLogger : public Handle<ProgbarLoggerImpl> {
 public:
  using Handle::Handle;
  explicit ProgbarLogger(utils::ProgbarOptions options = {})
      : Handle(std::make_shared<ProgbarLoggerImpl>(std::move(options))) {}
};

}  // namespace keras::callbacks
