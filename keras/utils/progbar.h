// keras.utils.Progbar: the progress bar that fit / evaluate / predict draw (through the
// ProgbarLogger callback) and that users may draw themselves, as Keras 3 has it
// (keras/src/utils/progbar.py; KERAS.md §2).
//
//   utils::Progbar bar(469);
//   for (int64_t step = 1; step <= 469; ++step) bar.update(step, {{"loss", loss}});
//
// prints, redrawn in place,
//   469/469 ━━━━━━━━━━━━━━━━━━━━ 3s 5ms/step - loss: 0.4925
// where the counter and the time are bold, the done part of the bar green and the rest white
// (ANSI codes, written whatever the stream is, as Keras does). The byte stream is Keras 3's:
//  - verbose 1: each drawn update starts with "\b" × the previous line's width then "\r" when the
//    display is dynamic, with "\n" otherwise; the line is padded with spaces to the previous
//    width when it got shorter; the final update ends with "\n". Updates less than `interval`
//    seconds after the last drawn one are not drawn, unless final. While unfinished the bold
//    time is the ETA (`%ds`, `m:ss` over 60 s, `h:mm:ss` over 3600 s, truncated), at the end
//    (and when the target is unknown) the elapsed seconds (`%.0fs`); then the time per unit
//    (` 5ms/step`: s when >= 1 s or exactly 0, else ms when >= 1 ms, else us; `%.0f`), which
//    leaves out the first step once there is more than one.
//  - verbose 2: one line at the final update, `469/469 - 3s - 5ms/step - loss: 0.4925`, only
//    with a known target.
//  - verbose 0 (or any other value): nothing.
// Values: `(name, value)` pairs, shown in the order names first appeared. Names not stateful
// are averaged by the bar, weighted by the units since the previous update (at least 1); a final
// update replaces the average with the value given. Formats: verbose 1 `%.4f` when |v| > 1e-3,
// else `%.4e`; verbose 2 tests v > 1e-3 (not |v|, as Keras), so negatives print as `%.4e`. NaN
// prints as "nan", as Python writes it.
// Widths count characters (Unicode code points, as Python's len), not bytes; escape codes are
// not counted.
//
// Dynamic display (redraw in place): when writing to std::cout and stdout is a terminal, or
// PYCHARM_HOSTED is set, as Keras's test has it; otherwise one line per drawn update, so logs
// and pipes stay readable. Keras 3 also counts "the `posix` module is loaded", which is true on
// every Linux and macOS Python, so its bar redraws with "\b...\r" even into files and pipes;
// we leave that part out on purpose (set `dynamic_display = true` for Keras 3's bytes there).
//
// Other differences from Keras, none visible in the bytes: values are doubles (Keras also takes
// NumPy arrays, which it averages first); the clock, the stream and the display mode can be
// injected (tests, or a callback writing elsewhere); Keras's fallback of "=" for "━" when stdout
// cannot encode it does not apply (we always write UTF-8).
//
// Not thread-safe: one thread updates a bar.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace keras::utils {

// Progbar's constructor arguments after the target, Keras's names and defaults.
struct ProgbarOptions {
  int width = 20;
  int verbose = 1;
  double interval = 0.05;  // seconds between drawn updates
  // Names shown as given (not averaged); every other name is averaged. At most one of
  // stateful_metrics and stateless_metrics may be given.
  std::optional<std::vector<std::string>> stateful_metrics;
  // Names averaged; every other name is shown as given.
  std::optional<std::vector<std::string>> stateless_metrics;
  std::string unit_name = "step";

  // kerascpp's injection points. clock: empty = std::chrono::steady_clock, in seconds. Keras
  // starts with "last drawn at time 0" (its clock is time.time(), far from 0), so with a clock
  // that reads under `interval` at the first update that update is not drawn, as Keras would
  // do with that clock.
  std::function<double()> clock;
  std::ostream* stream = nullptr;       // null = std::cout; flushed after each write
  std::optional<bool> dynamic_display;  // none = the terminal rule above
};

class Progbar {
 public:
  // `(name, value for the last step)` pairs, as Keras's `values` list.
  using Values = std::vector<std::pair<std::string, double>>;
  // Seconds on any fixed origin (differences are what count; see ProgbarOptions::clock).
  using Clock = std::function<double()>;

  using Options = ProgbarOptions;

  // target: the number of units expected; none (Keras's None) when unknown. Throws ValueError
  // when both stateful_metrics and stateless_metrics are given.
  explicit Progbar(std::optional<int64_t> target, Options options = {});

  // Draws the bar at `current`. finalize: whether this is the last update; none = current >=
  // target (false when the target is unknown).
  void update(int64_t current, const Values& values = {}, std::optional<bool> finalize = {});
  // update(units seen so far + n, values).
  void add(int64_t n, const Values& values = {});

  std::optional<int64_t> target() const { return target_; }
  // ProgbarLogger sets the target at the end of an epoch whose length was unknown.
  void set_target(std::optional<int64_t> target) { target_ = target; }
  int64_t seen_so_far() const { return seen_so_far_; }
  int verbose() const { return options_.verbose; }
  bool dynamic_display() const { return dynamic_display_; }

 private:
  struct Accumulated {
    double sum;     // value × units, summed (or the value itself for a stateful name)
    int64_t count;  // units (1 for a stateful name or after a final update)
  };

  bool is_stateless(const std::string& name) const;
  double now() const;
  double estimate_step_duration(int64_t current, double now);
  void write(const std::string& message);

  std::optional<int64_t> target_;
  Options options_;
  std::set<std::string> stateful_, stateless_;
  bool dynamic_display_;
  int64_t seen_so_far_ = 0;
  std::map<std::string, Accumulated> values_;
  std::vector<std::string> values_order_;
  double start_;
  double last_update_ = 0.0;
  std::optional<double> time_after_first_step_;
  int64_t prev_total_width_ = 0;
};

}  // namespace keras::utils
