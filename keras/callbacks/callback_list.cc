#include "keras/callbacks/callback_list.h"

#include "keras/callbacks/progbar_logger.h"
#include "keras/core/error.h"

namespace keras::callbacks {

CallbackList::CallbackList(std::vector<CallbackPtr> callbacks, bool add_history, bool add_progbar,
                           models::ModelImpl* model, const Params& params)
    : callbacks_(std::move(callbacks)) {
  bool has_progbar = false;
  for (const CallbackPtr& cb : callbacks_) {
    if (!cb) throw ValueError("fit: a callback in `callbacks` is empty");
    if (auto h = std::dynamic_pointer_cast<HistoryImpl>(cb)) history_ = h;
    if (std::dynamic_pointer_cast<ProgbarLoggerImpl>(cb)) has_progbar = true;
  }
  if (!history_ && add_history) {
    history_ = std::make_shared<HistoryImpl>();
    callbacks_.push_back(history_);
  }
  if (!has_progbar && add_progbar) callbacks_.push_back(std::make_shared<ProgbarLoggerImpl>());
  set_model(model);
  set_params(params);
}

void CallbackList::set_params(const Params& params) {
  Callback::set_params(params);
  for (const CallbackPtr& cb : callbacks_) cb->set_params(params);
}

void CallbackList::set_model(models::ModelImpl* model) {
  Callback::set_model(model);
  for (const CallbackPtr& cb : callbacks_) cb->set_model(model);
}

#define KERAS_FORWARD(hook, ...) \
  for (const CallbackPtr& cb : callbacks_) cb->hook(__VA_ARGS__)

void CallbackList::on_train_begin(const Logs& logs) {
  KERAS_FORWARD(on_train_begin, logs);
}
void CallbackList::on_train_end(const Logs& logs) {
  KERAS_FORWARD(on_train_end, logs);
}
void CallbackList::on_epoch_begin(int epoch, const Logs& logs) {
  KERAS_FORWARD(on_epoch_begin, epoch, logs);
}
void CallbackList::on_epoch_end(int epoch, Logs& logs) {
  KERAS_FORWARD(on_epoch_end, epoch, logs);
}
void CallbackList::on_train_batch_begin(int64_t batch, const Logs& logs) {
  KERAS_FORWARD(on_train_batch_begin, batch, logs);
}
void CallbackList::on_train_batch_end(int64_t batch, const Logs& logs) {
  KERAS_FORWARD(on_train_batch_end, batch, logs);
}
void CallbackList::on_test_begin(const Logs& logs) {
  KERAS_FORWARD(on_test_begin, logs);
}
void CallbackList::on_test_end(const Logs& logs) {
  KERAS_FORWARD(on_test_end, logs);
}
void CallbackList::on_test_batch_begin(int64_t batch, const Logs& logs) {
  KERAS_FORWARD(on_test_batch_begin, batch, logs);
}
void CallbackList::on_test_batch_end(int64_t batch, const Logs& logs) {
  KERAS_FORWARD(on_test_batch_end, batch, logs);
}
void CallbackList::on_predict_begin(const Logs& logs) {
  KERAS_FORWARD(on_predict_begin, logs);
}
void CallbackList::on_predict_end(const Logs& logs) {
  KERAS_FORWARD(on_predict_end, logs);
}
void CallbackList::on_predict_batch_begin(int64_t batch, const Logs& logs) {
  KERAS_FORWARD(on_predict_batch_begin, batch, logs);
}
void CallbackList::on_predict_batch_end(int64_t batch, const Logs& logs) {
  KERAS_FORWARD(on_predict_batch_end, batch, logs);
}

#undef KERAS_FORWARD

}  // namespace keras::callbacks
