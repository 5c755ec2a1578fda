#include "keras/utils/progbar.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "keras/core/error.h"

namespace keras::utils {

namespace {

// printf of one double: C's %.4f / %.4e / %.0f round the exact binary value to nearest, ties
// to even, exactly as Python's format() does.
std::string format_double(const char* format, double value) {
  if (std::isnan(value)) return "nan";  // Python never writes "-nan"
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// Python's "%d" % float: int() truncates toward zero.
std::string format_int(double value) {
  return std::to_string(static_cast<long long>(std::trunc(value)));
}

std::string format_two_digits(double value) {  // "%02d"
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02lld", static_cast<long long>(std::trunc(value)));
  return buffer;
}

// Python's float floor division and modulo (floatobject.c float_divmod), so m:ss splits agree
// with Keras's `eta // 60`, `eta % 60` even where eta / 60 rounds to an integer.
std::pair<double, double> python_divmod(double x, double y) {
  double mod = std::fmod(x, y);
  double div = (x - mod) / y;
  if (mod != 0.0) {
    if ((y < 0) != (mod < 0)) {
      mod += y;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, y);
  }
  double floordiv;
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, x / y);
  }
  return {floordiv, mod};
}

std::string format_eta(double eta) {
  if (eta > 3600) {
    auto [hours, rest] = python_divmod(eta, 3600);
    double minutes = python_divmod(rest, 60).first;
    double seconds = python_divmod(eta, 60).second;
    return format_int(hours) + ":" + format_two_digits(minutes) + ":" + format_two_digits(seconds);
  }
  if (eta > 60) {
    auto [minutes, seconds] = python_divmod(eta, 60);
    return format_int(minutes) + ":" + format_two_digits(seconds);
  }
  return format_int(eta) + "s";
}

// Keras's _format_time: " 5ms/step".
std::string format_time(double time_per_unit, const std::string& unit_name) {
  if (time_per_unit >= 1 || time_per_unit == 0)
    return " " + format_double("%.0f", time_per_unit) + "s/" + unit_name;
  if (time_per_unit >= 1e-3)
    return " " + format_double("%.0f", time_per_unit * 1000.0) + "ms/" + unit_name;
  return " " + format_double("%.0f", time_per_unit * 1000000.0) + "us/" + unit_name;
}

// Python's len() of a UTF-8 string: code points, i.e. bytes that are not continuation bytes.
int64_t code_points(const std::string& text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::string repeat(const std::string& piece, int64_t times) {
  std::string out;
  for (int64_t i = 0; i < times; ++i) out += piece;
  return out;
}

// Python's int(math.log10(target)) + 1, with the target converted to a double first as
// math.log10 does.
int number_of_digits(int64_t target) {
  return static_cast<int>(std::log10(static_cast<double>(target))) + 1;
}

std::string counter(int64_t current, int64_t target) {  // "%{numdigits}d/%d"
  std::string number = std::to_string(current);
  int digits = number_of_digits(target);
  if (static_cast<int>(number.size()) < digits)
    number.insert(0, static_cast<std::size_t>(digits) - number.size(), ' ');
  return number + "/" + std::to_string(target);
}

// Keras's test without its `"posix" in sys.modules` term (progbar.h says why).
bool redraws_in_place(const std::ostream* stream) {
  if (stream && stream != &std::cout) return false;
  return ::isatty(STDOUT_FILENO) != 0 || std::getenv("PYCHARM_HOSTED") != nullptr;
}

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

const char* const kBold = "\x1b[1m";
const char* const kReset = "\x1b[0m";
const char* const kGreen = "\x1b[32m";
const char* const kWhite = "\x1b[37m";
const char* const kBarCharacter = "\u2501";  // ━

}  // namespace

Progbar::Progbar(std::optional<int64_t> target, Options options)
    : target_(target), options_(std::move(options)) {
  if (options_.stateful_metrics && options_.stateless_metrics)
    throw ValueError(
        "Only one of `stateful_metrics` or `stateless_metrics` can be provided. "
        "`stateful_metrics` is used to make metrics stateless by default (with an exclusion "
        "list), while `stateless_metrics` is used to make metrics stateful by default (with an "
        "exclusion list).");
  if (options_.stateful_metrics)
    stateful_.insert(options_.stateful_metrics->begin(), options_.stateful_metrics->end());
  if (options_.stateless_metrics)
    stateless_.insert(options_.stateless_metrics->begin(), options_.stateless_metrics->end());
  dynamic_display_ = options_.dynamic_display.value_or(redraws_in_place(options_.stream));
  start_ = now();
}

bool Progbar::is_stateless(const std::string& name) const {
  if (options_.stateless_metrics) return stateless_.contains(name);
  return !stateful_.contains(name);
}

double Progbar::now() const {
  return options_.clock ? options_.clock() : steady_seconds();
}

// Keras's _estimate_step_duration: leaves the first step out once there are more (it includes
// start-up costs), falling back to the mean over all steps when step 1 was never reported.
double Progbar::estimate_step_duration(int64_t current, double now) {
  if (current == 0) return 0.0;
  double time_per_unit;
  if (time_after_first_step_ && current > 1)
    time_per_unit = (now - *time_after_first_step_) / static_cast<double>(current - 1);
  else
    time_per_unit = (now - start_) / static_cast<double>(current);
  if (current == 1) time_after_first_step_ = now;
  return time_per_unit;
}

void Progbar::write(const std::string& message) {
  std::ostream& out = options_.stream ? *options_.stream : std::cout;
  out << message;
  out.flush();
}

void Progbar::update(int64_t current, const Values& values, std::optional<bool> finalize_arg) {
  bool finalize = finalize_arg.value_or(target_ && current >= *target_);

  for (const auto& [name, value] : values) {
    if (std::find(values_order_.begin(), values_order_.end(), name) == values_order_.end())
      values_order_.push_back(name);
    if (is_stateless(name) && !finalize) {
      // At least 1: with an unknown target the last batch and the epoch end both report the
      // same `current`, and a weight of 0 would lose the value.
      int64_t base = std::max<int64_t>(current - seen_so_far_, 1);
      auto it = values_.find(name);
      if (it == values_.end())
        values_.emplace(name, Accumulated{value * static_cast<double>(base), base});
      else {
        it->second.sum += value * static_cast<double>(base);
        it->second.count += base;
      }
    } else {
      values_[name] = Accumulated{value, 1};  // stateful, or the final value of a stateless one
    }
  }
  seen_so_far_ = current;

  double now = this->now();
  double time_per_unit = estimate_step_duration(current, now);
  bool known_target = target_ && *target_ > 0;
  auto average = [&](const std::string& name) {
    const Accumulated& a = values_.at(name);
    return a.sum / static_cast<double>(std::max<int64_t>(1, a.count));
  };

  if (options_.verbose == 1) {
    if (now - last_update_ < options_.interval && !finalize) return;

    std::string message = dynamic_display_ ? repeat("\b", prev_total_width_) + "\r" : "\n";
    // Widths leave out the escape codes: 8 characters for bold+reset, 9 for colour+reset.
    int64_t special_char_len = 0;
    std::string bar;
    if (known_target) {
      bar = kBold + counter(current, *target_) + kReset + " ";
      special_char_len += 8;
      double progress = static_cast<double>(current) / static_cast<double>(*target_);
      auto prog_width = static_cast<int64_t>(options_.width * progress);  // int() truncates
      if (prog_width > 0) {
        bar += kGreen + repeat(kBarCharacter, prog_width) + kReset;
        special_char_len += 9;
      }
      bar += kWhite + repeat(kBarCharacter, options_.width - prog_width) + kReset;
      special_char_len += 9;
    } else {
      std::string number = std::to_string(current);  // "%7d/Unknown"
      if (number.size() < 7) number.insert(0, 7 - number.size(), ' ');
      bar = number + "/Unknown";
    }
    message += bar;

    std::string info;
    if (known_target && !finalize)
      info = std::string(" ") + kBold +
             format_eta(time_per_unit * static_cast<double>(*target_ - current)) + kReset;
    else
      info = std::string(" ") + kBold + format_double("%.0f", now - start_) + "s" + kReset;
    special_char_len += 8;
    info += format_time(time_per_unit, options_.unit_name);
    for (const std::string& name : values_order_) {
      double avg = average(name);
      info += " - " + name + ": " + format_double(std::abs(avg) > 1e-3 ? "%.4f" : "%.4e", avg);
    }
    message += info;

    int64_t total_width = code_points(bar) + code_points(info) - special_char_len;
    if (prev_total_width_ > total_width)
      message += std::string(static_cast<std::size_t>(prev_total_width_ - total_width), ' ');
    if (finalize) message += "\n";
    write(message);
    prev_total_width_ = total_width;
  } else if (options_.verbose == 2) {
    if (finalize && known_target) {
      std::string info = counter(current, *target_) + " - " + format_double("%.0f", now - start_) +
                         "s -" + format_time(time_per_unit, options_.unit_name);
      for (const std::string& name : values_order_) {
        double avg = average(name);
        info += " - " + name + ": " + format_double(avg > 1e-3 ? "%.4f" : "%.4e", avg);
      }
      write(info + "\n");
    }
  }
  last_update_ = now;
}

void Progbar::add(int64_t n, const Values& values) {
  update(seen_so_far_ + n, values);
}

}  // namespace keras::utils
