// keras.callbacks.CallbackList (keras/src/callbacks/callback_list.py): the callbacks of one run,
// in order: the user's, then History (for fit) and ProgbarLogger (when verbose), each given the
// model and the run's params.
#pragma once

#include <memory>
#include <vector>

#include "keras/callbacks/callback.h"
#include "keras/callbacks/history.h"

namespace keras::callbacks {

class CallbackList : public Callback {
 public:
  CallbackList(std::vector<CallbackPtr> callbacks, bool add_history, bool add_progbar,
               models::ModelImpl* model, const Params& params);

  // The History in the list (the user's, or the one added); null when none.
  const std::shared_ptr<HistoryImpl>& history() const { return history_; }
  const std::vector<CallbackPtr>& callbacks() const { return callbacks_; }

  void set_params(const Params& params) override;
  void set_model(models::ModelImpl* model) override;
  void on_train_begin(const Logs& logs) override;
  void on_train_end(const Logs& logs) override;
  void on_epoch_begin(int epoch, const Logs& logs) override;
  void on_epoch_end(int epoch, Logs& logs) override;
  void on_train_batch_begin(int64_t batch, const Logs& logs) override;
  void on_train_batch_end(int64_t batch, const Logs& logs) override;
  void on_test_begin(const Logs& logs) override;
  void on_test_end(const Logs& logs) override;
  void on_test_batch_begin(int64_t batch, const Logs& logs) override;
  void on_test_batch_end(int64_t batch, const Logs& logs) override;
  void on_predict_begin(const Logs& logs) override;
  void on_predict_end(const Logs& logs) override;
  void on_predict_batch_begin(int64_t batch, const Logs& logs) override;
  void on_predict_batch_end(int64_t batch, const Logs& logs) override;

 private:
  std::vector<CallbackPtr> callbacks_;
  std::shared_ptr<HistoryImpl> history_;
};

}  // namespace keras::callbacks
