// save_freq as ModelCheckpoint and BackupAndRestore take it: "epoch", or a number of batches
// counted across epochs the way Keras counts them (a batch index not above the last one seen
// starts a new epoch, which adds batch + 1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace keras::callbacks {

using SaveFreq = std::variant<std::string, int64_t>;

class SaveFrequency {
 public:
  // Empty when `freq` is neither "epoch" nor a positive number: the callback words the error.
  static std::optional<SaveFrequency> parse(const SaveFreq& freq) {
    if (const auto* s = std::get_if<std::string>(&freq)) {
      if (*s != "epoch") return std::nullopt;
      return SaveFrequency(std::nullopt);
    }
    if (std::get<int64_t>(freq) <= 0) return std::nullopt;
    return SaveFrequency(std::get<int64_t>(freq));
  }

  // The argument as Keras prints it in its error ("batch", "-1").
  static std::string text(const SaveFreq& freq) {
    if (const auto* s = std::get_if<std::string>(&freq)) return *s;
    return std::to_string(std::get<int64_t>(freq));
  }

  bool per_epoch() const { return !batches_; }
  // Counts the finished batch (0-based within its epoch); true when a save is due.
  bool batch_done(int64_t batch) {
    if (!batches_) return false;
    seen_ += !last_ || batch <= *last_ ? batch + 1 : batch - *last_;
    last_ = batch;
    if (seen_ < *batches_) return false;
    seen_ = 0;
    return true;
  }
  std::optional<int64_t> last_batch() const { return last_; }
  void forget_last_batch() { last_.reset(); }

 private:
  explicit SaveFrequency(std::optional<int64_t> batches) : batches_(batches) {}
  std::optional<int64_t> batches_;
  int64_t seen_ = 0;
  std::optional<int64_t> last_;
};

}  // namespace keras::callbacks
