// keras.callbacks.History (keras/src/callbacks/history.py): what fit() returns; the value of
// each log entry at the end of every epoch, and the epochs' numbers.
//
//   keras::callbacks::History h = model.fit(x, y, {.epochs = 3});
//   double last_loss = h->history.at("loss").back();
#pragma once

#include "keras/callbacks/callback.h"

namespace keras::callbacks {

class HistoryImpl : public Callback {
 public:
  std::map<std::string, std::vector<double>> history;  // log name -> one value per epoch
  std::vector<int> epoch;                              // 0-based, from initial_epoch

  void on_train_begin(const Logs& logs) override;
  void on_epoch_end(int epoch_index, Logs& logs) override;
};

class History : public Handle<HistoryImpl> {
 public:
  using Handle::Handle;
  History() : Handle(std::make_shared<HistoryImpl>()) {}
};

}  // namespace keras::callbacks
