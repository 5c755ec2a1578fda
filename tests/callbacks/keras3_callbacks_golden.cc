#include "tests/callbacks/keras3_callbacks_golden.h"

#include <filesystem>
#include <fstream>
#include <limits>

#include "keras/core/error.h"
#include "keras/core/json.h"
#include "tests/support/paths.h"

namespace keras::testing {

const Json& keras3_callbacks_golden() {
  static const Json data = [] {
    std::filesystem::path path =
        source_dir() / "tests" / "golden" / "data" / "keras3_callbacks.json";
    std::ifstream in(path);
    if (!in) throw IOError(str("cannot read ", path.string()));
    return Json::parse(in);
  }();
  return data;
}

double golden_number(const Json& v) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s == "nan") return std::nan("");
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
    throw ValueError("keras3_callbacks.json: not a number: " + s);
  }
  return v.get<double>();
}

std::optional<double> golden_optional(const Json& v) {
  if (v.is_null()) return std::nullopt;
  return golden_number(v);
}

callbacks::Logs golden_logs(const Json& logs) {
  callbacks::Logs out;
  for (const auto& [k, v] : logs.items()) out[k] = golden_number(v);
  return out;
}

}  // namespace keras::testing
