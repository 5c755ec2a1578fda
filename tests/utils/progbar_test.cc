// keras::utils::Progbar against Keras 3's own keras.utils.Progbar: every byte printed is
// compared, escape codes included, over the scripted updates and clock readings of
// tests/golden/data/keras3_progbar.json (tests/golden/keras3/make_progbar.py), in both of
// Keras's display modes: redrawn in place ("dynamic", what Keras prints on Linux) and one line per
// update ("static", what it prints where its display test says no, and what kerascpp prints into
// a pipe). The fit / evaluate / predict cases of the same file are in
// tests/callbacks/progbar_logger_test.cc.
#include "keras/utils/progbar.h"
#include "keras/core/json.h"

#include <gtest/gtest.h>
#include <unistd.h>

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

std::optional<std::vector<std::string>> names(const Json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::vector<std::string>>();
}

// JSON numbers, and NaN and infinities written as strings.
double number(const Json& v) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
    return s == "inf" ? std::numeric_limits<double>::infinity()
                      : -std::numeric_limits<double>::infinity();
  }
  return v.get<double>();
}

// The text of one golden case replayed through a kerascpp Progbar.
std::string replay(const Json& e, bool dynamic) {
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
                       dynamic);
  for (const Json& step : e.at("steps")) {
    h.now = step.at("time").get<double>();
    Progbar::Values values;
    for (const Json& v : step.at("values"))
      values.emplace_back(v.at(0).get<std::string>(), number(v.at(1)));
    if (step.contains("add")) {
      bar.add(step.at("add").get<int64_t>(), values);
    } else {
      std::optional<bool> finalize;
      if (!step.at("finalize").is_null()) finalize = step.at("finalize").get<bool>();
      bar.update(step.at("update").get<int64_t>(), values, finalize);
    }
  }
  return h.out.str();
}

TEST(ProgbarGolden, MatchesKeras3ByteForByte) {
  int checked = 0;
  for (const testing::GoldenCase& c : testing::load_golden("keras3_progbar.json")) {
    if (c.extra.at("kind") != "progbar") continue;
    SCOPED_TRACE(c.name);
    EXPECT_EQ(replay(c.extra, /*dynamic=*/true), c.extra.at("dynamic").get<std::string>());
    EXPECT_EQ(replay(c.extra, /*dynamic=*/false), c.extra.at("static").get<std::string>());
    ++checked;
  }
  EXPECT_EQ(checked, 40);
}

TEST(ProgbarGolden, BothMetricListsIsKerasError) {
  auto cases = testing::load_golden("keras3_progbar.json");
  const Json& e = testing::golden_case(cases, "both_metric_lists").extra;
  EXPECT_EQ(e.at("error").at("type"), "ValueError");
  testing::expect_error<ValueError>(
      [] {
        Progbar bar(3, {.stateful_metrics = std::vector<std::string>{"a"},
                        .stateless_metrics = std::vector<std::string>{"b"}});
      },
      e.at("error").at("message").get<std::string>());
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

}  // namespace
}  // namespace keras
