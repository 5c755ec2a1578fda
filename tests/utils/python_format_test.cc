// Floats and csv fields printed as CPython prints them (tests/golden/python/make_python_format.py).
#include "keras/utils/python_format.h"
#include "keras/core/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "keras/core/error.h"
#include "tests/support/golden.h"

namespace keras {
namespace {

TEST(PythonFormat, FloatReprMatchesCPython) {
  auto cases = testing::load_golden("python_format.json");
  const Json& floats = testing::golden_case(cases, "floats").extra;
  const Json& values = floats.at("values");
  const Json& reprs = floats.at("reprs");
  ASSERT_GT(values.size(), 300u);
  for (size_t i = 0; i < values.size(); ++i)
    EXPECT_EQ(utils::python_float(values[i].get<double>()), reprs[i].get<std::string>())
        << "value " << i;
  EXPECT_EQ(utils::python_float(std::nan("")), "nan");
  EXPECT_EQ(utils::python_float(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(PythonFormat, CsvFieldsQuotedAsCPython) {
  auto cases = testing::load_golden("python_format.json");
  const Json& c = testing::golden_case(cases, "csv").extra;
  for (const auto& [sep, row] : c.at("rows").items()) {
    std::string line;
    for (const Json& f : c.at("fields"))
      line += (line.empty() && &f == &c.at("fields")[0] ? "" : sep) +
              utils::csv_field(f.get<std::string>(), sep[0]);
    EXPECT_EQ(line + "\r\n", row.get<std::string>()) << "separator " << sep;
  }
}

TEST(PythonFormat, StrFormatMatchesCPython) {
  auto cases = testing::load_golden("python_format.json");
  const Json& c = testing::golden_case(cases, "str_format").extra;
  std::map<std::string, utils::FormatValue> values;
  for (const auto& [name, v] : c.at("values").items())
    values[name] = v.is_number_integer() ? utils::FormatValue(v.get<int64_t>())
                                         : utils::FormatValue(v.get<double>());
  ASSERT_GT(c.at("patterns").size(), 20u);
  for (size_t i = 0; i < c.at("patterns").size(); ++i) {
    std::string pattern = c.at("patterns")[i].get<std::string>();
    EXPECT_EQ(utils::python_str_format(pattern, values), c.at("formatted")[i].get<std::string>())
        << pattern;
  }
  // What Python refuses, refused here too.
  EXPECT_THROW(utils::python_str_format("{missing}", values), ValueError);
  EXPECT_THROW(utils::python_str_format("{loss:d}", values), ValueError);
  EXPECT_THROW(utils::python_str_format("open {", values), ValueError);
  EXPECT_THROW(utils::python_str_format("close }", values), ValueError);
}

}  // namespace
}  // namespace keras
