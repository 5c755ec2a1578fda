// keras::utils::Progbar against Keras 3: every byte printed is compared, escape codes included.
// The bulk replays the sequences of tests/golden/data/progbar.json (printed by Keras 3's own
// progbar.py, see tests/golden/progbar/make_progbar.py); the tests below that build their
// expected text from Keras's rules cover the simple shapes and what JSON cannot carry (NaN).
#include "keras/utils/progbar.h"
#include "keras/core/json.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <sstream>

#include "keras/core/error.h"
#include "tests/ops/harness.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

using utils::Progbar;

// A Progbar writing to a string, on a clock the test sets.
struct Harness {
  double now = 1000.0;
  std::ostringstream out;

  Progbar make(std::optional<int64_t> target, Progbar::Options options = {}, bool dynamic = true) {
    options.clock = [this] { return now; };
    options.stream = &out;
    options.dynamic_display = dynamic;
    return Progbar(target, std::move(options));
  }
};

const std::string kBold = "\x1b[1m", kReset = "\x1b[0m", kGreen = "\x1b[32m", kWhite = "\x1b[37m";

std::string bars(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "\u2501";
  return out;
}

// Keras's verbose-1 line for a known target, before the redraw prefix and padding.
std::string v1_line(const std::string& count, int done, int width, const std::string& time,
                    const std::string& per_step, const std::string& metrics = "") {
  std::string line = kBold + count + kReset + " ";
  if (done > 0) line += kGreen + bars(done) + kReset;
  line += kWhite + bars(width - done) + kReset + " " + kBold + time + kReset + " " + per_step;
  return line + metrics;
}

TEST(Progbar, VerboseOneStaticStream) {
  Harness h;
  Progbar bar = h.make(4, {}, /*dynamic=*/false);
  h.now = 1000.5;
  bar.update(1, {{"loss", 0.5}});
  h.now = 1001.0;
  bar.update(2, {{"loss", 0.25}});
  h.now = 1002.0;
  bar.update(4, {{"loss", 0.125}});
  // Step 1 took 0.5 s; later steps are timed from the end of step 1: (1.0 - 0.5) / 1 and
  // (2.0 - 0.5) / 3. ETAs: 0.5 × 3 = 1.5 -> "1s", 0.5 × 2 = 1 -> "1s". loss is averaged.
  std::string expected = "\n" + v1_line("1/4", 5, 20, "1s", "500ms/step", " - loss: 0.5000") +
                         "\n" + v1_line("2/4", 10, 20, "1s", "500ms/step", " - loss: 0.3750") +
                         "\n" + v1_line("4/4", 20, 20, "2s", "500ms/step", " - loss: 0.1250") +
                         "\n";
  EXPECT_EQ(h.out.str(), expected);
}

TEST(Progbar, VerboseOneDynamicRedrawsInPlace) {
  Harness h;
  Progbar bar = h.make(2, {.stateful_metrics = std::vector<std::string>{"acc"}});
  h.now = 1000.1;
  bar.update(1, {{"acc", 0.75}});
  h.now = 1000.2;
  bar.update(2, {{"acc", 0.5}});
  std::string first = v1_line("1/2", 10, 20, "0s", "100ms/step", " - acc: 0.7500");
  // Width: "1/2 " + 20 bars + " 0s" + " 100ms/step" + " - acc: 0.7500" = 4 + 20 + 3 + 11 + 14.
  const int width = 52;
  std::string expected = "\r" + first + std::string(width, '\b') + "\r" +
                         v1_line("2/2", 20, 20, "0s", "100ms/step", " - acc: 0.5000") + "\n";
  EXPECT_EQ(h.out.str(), expected);
}

TEST(Progbar, PaddingWhenTheLineGetsShorter) {
  Harness h;
  Progbar bar = h.make(3, {.stateful_metrics = std::vector<std::string>{"loss"}});
  h.now = 1000.1;
  bar.update(1, {{"loss", 123.0}});
  h.now = 1000.2;
  bar.update(2, {{"loss", 1.0}});  // two characters fewer
  std::string text = h.out.str();
  std::string second = v1_line("2/3", 13, 20, "0s", "100ms/step", " - loss: 1.0000") + "  ";
  EXPECT_NE(text.find(second), std::string::npos) << text;
}

TEST(Progbar, VerboseTwoOneLineAtTheEnd) {
  Harness h;
  Progbar bar = h.make(469, {.verbose = 2});
  for (int64_t step = 1; step <= 469; ++step) {
    h.now = 1000.0 + 0.005 * static_cast<double>(step);
    bar.update(step, {{"accuracy", 0.9183}, {"loss", 0.2843}}, step == 469);
  }
  EXPECT_EQ(h.out.str(), "469/469 - 2s - 5ms/step - accuracy: 0.9183 - loss: 0.2843\n");
}

TEST(Progbar, VerboseTwoNegativeValuesUseExponentForm) {
  Harness h;
  Progbar bar = h.make(1, {.verbose = 2});
  h.now = 1001.0;
  bar.update(1, {{"loss", -2.5}, {"small", 5e-4}});
  EXPECT_EQ(h.out.str(), "1/1 - 1s - 1s/step - loss: -2.5000e+00 - small: 5.0000e-04\n");
}

TEST(Progbar, VerboseZeroPrintsNothing) {
  Harness h;
  Progbar bar = h.make(3, {.verbose = 0});
  for (int64_t step = 1; step <= 3; ++step) bar.update(step, {{"loss", 1.0}});
  EXPECT_EQ(h.out.str(), "");
}

TEST(Progbar, UnknownTarget) {
  Harness h;
  Progbar bar = h.make(std::nullopt, {}, /*dynamic=*/false);
  h.now = 1002.0;
  bar.update(1, {{"loss", 2.0}});
  h.now = 1003.0;
  bar.update(1, {{"loss", 1.0}}, true);
  std::string expected = "\n      1/Unknown " + kBold + "2s" + kReset + " 2s/step - loss: 2.0000" +
                         "\n      1/Unknown " + kBold + "3s" + kReset + " 3s/step - loss: 1.0000\n";
  EXPECT_EQ(h.out.str(), expected);
}

TEST(Progbar, EtaFormats) {
  struct Case {
    double step_seconds;
    std::string eta;
  };
  // 100 steps, step 1 then step 2 after `step_seconds`: ETA = step_seconds × 98.
  for (const Case& c : {Case{0.5, "49s"}, Case{0.62, "1:00"}, Case{1.0, "1:38"},
                        Case{36.0, "58:48"}, Case{37.0, "1:00:26"}, Case{400.0, "10:53:20"}}) {
    Harness h;
    Progbar bar = h.make(100, {}, false);
    h.now = 1000.0 + c.step_seconds;
    bar.update(1);
    h.now += c.step_seconds;
    h.out.str("");
    bar.update(2);
    std::string text = h.out.str();
    EXPECT_NE(text.find(" " + kBold + c.eta + kReset + " "), std::string::npos)
        << c.step_seconds << ": " << text;
  }
}

TEST(Progbar, PerStepUnits) {
  struct Case {
    double seconds;
    std::string shown;
  };
  for (const Case& c : {Case{2.5, " 2s/step"}, Case{1.0, " 1s/step"}, Case{0.999, " 999ms/step"},
                        Case{0.0123, " 12ms/step"}, Case{0.001, " 1ms/step"},
                        Case{0.000999, " 999us/step"}, Case{4.56e-5, " 46us/step"}}) {
    // 2.5 s shows as 2: %.0f rounds half to even, as Python's format does.
    Harness h;
    h.now = 0.0;  // so that the step takes exactly c.seconds
    Progbar bar = h.make(1, {.verbose = 2, .unit_name = "step"});
    h.now = c.seconds;
    bar.update(1);
    std::string text = h.out.str();
    EXPECT_NE(text.find(" -" + c.shown + "\n"), std::string::npos) << c.seconds << ": " << text;
  }
  Harness h;  // no step done: exactly 0
  Progbar bar = h.make(0, {.unit_name = "sample"}, false);
  h.now = 1001.0;
  bar.update(0, {}, true);
  EXPECT_EQ(h.out.str(), "\n      0/Unknown " + kBold + "1s" + kReset + " 0s/sample\n");
}

TEST(Progbar, ValueFormats) {
  Harness h;
  std::vector<std::string> names{"a", "b", "c", "d", "e", "f", "g"};
  Progbar bar = h.make(1, {.stateful_metrics = names}, false);
  h.now = 1000.1;
  double nan = std::numeric_limits<double>::quiet_NaN();
  bar.update(1, {{"a", 0.5},
                 {"b", -0.5},
                 {"c", 1e-3},
                 {"d", -1e-4},
                 {"e", 0.0},
                 {"f", -nan},
                 {"g", -std::numeric_limits<double>::infinity()}});
  std::string metrics =
      " - a: 0.5000 - b: -0.5000 - c: 1.0000e-03 - d: -1.0000e-04 - e: 0.0000e+00 - f: nan - g: "
      "-inf";
  EXPECT_EQ(h.out.str(), "\n" + v1_line("1/1", 20, 20, "0s", "100ms/step", metrics) + "\n");
}

TEST(Progbar, StatefulAndAveragedValues) {
  Harness h;
  Progbar bar = h.make(10, {.stateful_metrics = std::vector<std::string>{"acc"}}, false);
  h.now = 1000.1;
  bar.add(1, {{"loss", 1.0}, {"acc", 0.1}});
  h.now = 1000.2;
  bar.add(3, {{"loss", 2.0}, {"acc", 0.2}});  // loss: (1·1 + 2·3) / 4 = 1.75
  std::string text = h.out.str();
  EXPECT_NE(text.find(" - loss: 1.7500 - acc: 0.2000"), std::string::npos) << text;
  EXPECT_EQ(bar.seen_so_far(), 4);
  h.now = 1000.3;
  bar.update(10, {{"loss", 9.0}, {"acc", 0.9}});  // the final update shows the value given
  EXPECT_NE(h.out.str().find(" - loss: 9.0000 - acc: 0.9000\n"), std::string::npos);

  Harness s;  // stateless_metrics: only the names listed are averaged
  Progbar other = s.make(10, {.stateless_metrics = std::vector<std::string>{"loss"}}, false);
  s.now = 1000.1;
  other.add(1, {{"loss", 1.0}, {"acc", 0.1}});
  s.now = 1000.2;
  other.add(3, {{"loss", 2.0}, {"acc", 0.2}});
  EXPECT_NE(s.out.str().find(" - loss: 1.7500 - acc: 0.2000"), std::string::npos);
}

TEST(Progbar, Throttling) {
  Harness h;
  Progbar bar = h.make(3, {.interval = 0.5}, false);
  h.now = 1000.1;
  bar.update(1);
  h.now = 1000.2;
  bar.update(2);  // 0.1 s after the last drawn update: skipped
  std::string text = h.out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  h.now = 1000.3;
  bar.update(3);  // final: drawn
  text = h.out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

TEST(Progbar, BothMetricListsIsAnError) {
  testing::expect_error<ValueError>(
      [] {
        Progbar bar(3, {.stateful_metrics = std::vector<std::string>{"a"},
                        .stateless_metrics = std::vector<std::string>{"b"}});
      },
      "Only one of `stateful_metrics` or `stateless_metrics` can be provided.");
}

TEST(Progbar, DefaultsAreKeras3s) {
  Progbar bar(7);
  EXPECT_EQ(bar.target(), 7);
  EXPECT_EQ(bar.verbose(), 1);
  // Redrawn in place on a terminal only (Keras 3 also on any POSIX system: progbar.h).
  EXPECT_EQ(bar.dynamic_display(),
            ::isatty(STDOUT_FILENO) != 0 || std::getenv("PYCHARM_HOSTED") != nullptr);
  std::ostringstream elsewhere;
  EXPECT_FALSE(Progbar(7, {.stream = &elsewhere}).dynamic_display());
  EXPECT_TRUE(Progbar(7, {.stream = &elsewhere, .dynamic_display = true}).dynamic_display());
  bar.set_target(std::nullopt);
  EXPECT_FALSE(bar.target().has_value());

  // The default stream is std::cout and the default clock steady_clock.
  std::ostringstream captured;
  std::streambuf* saved = std::cout.rdbuf(captured.rdbuf());
  Progbar printed(1, {.verbose = 2});
  printed.update(1, {{"loss", 0.5}});
  std::cout.rdbuf(saved);
  EXPECT_EQ(captured.str().substr(0, 11), "1/1 - 0s - ");
  EXPECT_NE(captured.str().find("/step - loss: 0.5000\n"), std::string::npos) << captured.str();
}

// --- Golden: Keras 3's own Progbar --------------------------------------------------------------

std::optional<std::vector<std::string>> names(const Json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::vector<std::string>>();
}

TEST(ProgbarGolden, MatchesKeras3ByteForByte) {
  auto cases = testing::load_golden("progbar.json");
  ASSERT_GE(cases.size(), 30u);
  for (const testing::GoldenCase& c : cases) {
    SCOPED_TRACE(c.name);
    const Json& e = c.extra;
    const Json& o = e.at("options");
    Harness h;
    h.now = e.at("start").get<double>();
    std::optional<int64_t> target;
    if (!e.at("target").is_null()) target = e.at("target").get<int64_t>();
    Progbar bar = h.make(target,
                         {.width = o.at("width").get<int>(),
                          .verbose = o.at("verbose").get<int>(),
                          .interval = o.at("interval").get<double>(),
                          .stateful_metrics = names(o.at("stateful_metrics")),
                          .stateless_metrics = names(o.at("stateless_metrics")),
                          .unit_name = o.at("unit_name").get<std::string>()},
                         e.at("dynamic").get<bool>());
    for (const Json& step : e.at("steps")) {
      h.now = step.at("time").get<double>();
      Progbar::Values values;
      for (const Json& v : step.at("values"))
        values.emplace_back(v.at(0).get<std::string>(), v.at(1).get<double>());
      if (step.contains("add")) {
        bar.add(step.at("add").get<int64_t>(), values);
      } else {
        std::optional<bool> finalize;
        if (!step.at("finalize").is_null()) finalize = step.at("finalize").get<bool>();
        bar.update(step.at("update").get<int64_t>(), values, finalize);
      }
    }
    EXPECT_EQ(h.out.str(), e.at("text").get<std::string>());
  }
}

}  // namespace
}  // namespace keras
