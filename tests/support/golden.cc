#include "tests/support/golden.h"

#include <fstream>
#include <sstream>

#include "keras/core/error.h"
#include "keras/core/json.h"
#include "tests/support/paths.h"

namespace keras::testing {

namespace {

Tensor array_from_json(const Json& a, const std::string& where) {
  std::vector<int64_t> dims = a.at("shape").get<std::vector<int64_t>>();
  std::string dtype = a.value("dtype", "float32");
  const Json& data = a.at("data");
  if (dtype == "float32" || dtype == "float64") {
    std::vector<double> values;
    // Non-finite values: null is NaN, "inf" and "-inf" the infinities (JSON has neither).
    for (const Json& v : data) {
      if (v.is_null())
        values.push_back(std::nan(""));
      else if (v.is_string())
        values.push_back(v == "-inf" ? -HUGE_VAL : HUGE_VAL);
      else
        values.push_back(v.get<double>());
    }
    Tensor t = Tensor::from_vector(values, Shape(dims));
    return dtype == "float32" ? t.astype(DType::float32) : t;
  }
  if (dtype == "int32" || dtype == "int64" || dtype == "bool") {
    std::vector<int64_t> values;
    for (const Json& v : data) values.push_back(v.is_boolean() ? v.get<bool>() : v.get<int64_t>());
    return Tensor::from_vector(values, Shape(dims)).astype(dtype_from_name(dtype));
  }
  throw IOError(str(where, ": unknown dtype ", dtype));
}

std::vector<Tensor> arrays(const Json& c, const char* key, const std::string& where) {
  std::vector<Tensor> out;
  if (c.contains(key))
    for (const Json& a : c.at(key)) out.push_back(array_from_json(a, where + " " + key));
  return out;
}

}  // namespace

std::vector<GoldenCase> load_golden(const std::string& file) {
  std::string path = testing::source_dir().string() + "/tests/golden/data/" + file;
  std::ifstream in(path);
  if (!in) throw IOError(str("cannot open golden data ", path));
  std::stringstream text;
  text << in.rdbuf();
  Json root;
  try {
    root = Json::parse(text.str());
  } catch (const Json::exception& e) {
    throw IOError(str(path, ": not valid JSON: ", e.what()));
  }
  std::vector<GoldenCase> cases;
  for (const Json& c : root.at("cases")) {
    GoldenCase g;
    g.name = c.at("name").get<std::string>();
    std::string where = path + " case " + g.name;
    g.inputs = arrays(c, "inputs", where);
    g.weights = arrays(c, "weights", where);
    g.outputs = arrays(c, "outputs", where);
    if (c.contains("extra")) g.extra = c.at("extra");
    cases.push_back(std::move(g));
  }
  return cases;
}

const GoldenCase& golden_case(const std::vector<GoldenCase>& cases, const std::string& name) {
  for (const GoldenCase& c : cases)
    if (c.name == name) return c;
  throw ValueError(str("no golden case named ", name));
}

}  // namespace keras::testing
