#include "keras/callbacks/csv_logger.h"

#include "keras/core/error.h"
#include "keras/utils/python_format.h"

namespace keras::callbacks {

CSVLoggerImpl::CSVLoggerImpl(std::string filename, const CSVLoggerOptions& options)
    : filename_(std::move(filename)), options_(options) {
  if (options_.separator.size() != 1)
    throw TypeError(str("CSVLogger: `separator` must be a 1-character string, got \"",
                        options_.separator, "\""));
}

void CSVLoggerImpl::on_train_begin(const Logs&) {
  append_header_ = true;
  if (options_.append) {
    std::ifstream existing(filename_);
    std::string first;
    if (existing && std::getline(existing, first)) append_header_ = first.empty();
  }
  if (file_.is_open()) file_.close();
  file_.open(filename_, options_.append ? std::ios::app | std::ios::binary : std::ios::binary);
  if (!file_) throw IOError(str("CSVLogger: cannot open ", filename_, " for writing"));
  keys_.reset();
  header_written_ = false;
}

void CSVLoggerImpl::on_epoch_end(int epoch, Logs& logs) {
  if (!keys_) {
    keys_.emplace();
    bool val_found = false;
    for (const auto& [k, v] : logs) {
      keys_->push_back(k);
      val_found = val_found || k.rfind("val_", 0) == 0;
    }
    if (!val_found && !keys_->empty()) {
      size_t n = keys_->size();
      for (size_t i = 0; i < n; ++i) keys_->push_back("val_" + (*keys_)[i]);
    }
  }
  const std::string& separator = options_.separator;
  if (!header_written_) {
    if (append_header_) {
      file_ << utils::csv_field("epoch", separator[0]);
      for (const std::string& k : *keys_) file_ << separator << utils::csv_field(k, separator[0]);
      file_ << "\r\n";
    }
    header_written_ = true;
  }
  // Every field goes through the csv quoting, numbers too: with separator "." or "-" Python's
  // csv module quotes "0.5" or "1e-05".
  file_ << utils::csv_field(std::to_string(epoch), separator[0]);
  for (const std::string& k : *keys_) {
    auto it = logs.find(k);
    file_ << separator
          << utils::csv_field(it == logs.end() ? "NA" : utils::python_float(it->second),
                              separator[0]);
  }
  file_ << "\r\n";
  file_.flush();
  if (!file_) throw IOError(str("CSVLogger: writing ", filename_, " failed"));
}

void CSVLoggerImpl::on_train_end(const Logs&) {
  if (file_.is_open()) file_.close();
}

}  // namespace keras::callbacks
