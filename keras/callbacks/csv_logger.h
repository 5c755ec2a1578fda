// keras.callbacks.CSVLogger (keras/src/callbacks/csv_logger.py): one row per epoch: the 0-based
// epoch, then the logs in sorted key order (val_ columns added up front when the first epoch
// has none), as Python's csv module writes them (numbers as Python prints floats, rows ending
// in \r\n, "NA" for missing values).
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "keras/callbacks/callback.h"

namespace keras::callbacks {

struct CSVLoggerOptions {
  std::string separator = ",";  // one character
  bool append = false;          // append to an existing file (header only when it is empty)
};

class CSVLoggerImpl : public Callback {
 public:
  // TypeError for a separator that is not one character.
  explicit CSVLoggerImpl(std::string filename, const CSVLoggerOptions& options = {});

  void on_train_begin(const Logs& logs) override;
  void on_epoch_end(int epoch, Logs& logs) override;
  void on_train_end(const Logs& logs) override;

 private:
  std::string filename_;
  CSVLoggerOptions options_;
  bool append_header_ = true;
  bool header_written_ = false;
  std::optional<std::vector<std::string>> keys_;
  std::ofstream file_;
};

class CSVLogger : public Handle<CSVLoggerImpl> {
 public:
  using Handle::Handle;
  explicit CSVLogger(std::string filename, const CSVLoggerOptions& options = {})
      : Handle(std::make_shared<CSVLoggerImpl>(std::move(filename), options)) {}
};

}  // namespace keras::callbacks
