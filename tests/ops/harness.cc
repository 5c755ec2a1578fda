#include "tests/ops/harness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "keras/backend/backend.h"
#include "keras/ops/op_def.h"

namespace keras::testing {

Tensor uniform(Shape shape, double lo, double hi, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<double> v(static_cast<size_t>(shape.num_elements()));
  for (double& x : v) x = dist(rng);
  return Tensor::from_vector(v, shape);
}

Tensor integers(Shape shape, int64_t lo, int64_t hi, DType dtype, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> dist(lo, hi - 1);
  std::vector<int64_t> v(static_cast<size_t>(shape.num_elements()));
  for (int64_t& x : v) x = dist(rng);
  return Tensor::from_vector(v, shape).astype(dtype);
}

namespace {

void compare(const Tensor& got, const Tensor& want, double rtol, double atol,
             const std::string& where) {
  ASSERT_EQ(got.shape(), want.shape()) << where << ": shape";
  if (!is_floating(want.dtype())) {
    EXPECT_EQ(got.dtype(), want.dtype()) << where << ": dtype";
  }
  std::vector<double> g = got.to_vector<double>(), w = want.to_vector<double>();
  int reported = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    bool ok = (std::isnan(w[i]) && std::isnan(g[i])) || (std::isinf(w[i]) && g[i] == w[i]) ||
              std::fabs(g[i] - w[i]) <= atol + rtol * std::fabs(w[i]);
    if (!ok && reported++ < 5)
      ADD_FAILURE() << where << ": element " << i << " got " << g[i] << ", expected " << w[i]
                    << " (|diff| " << std::fabs(g[i] - w[i]) << ")";
  }
}

}  // namespace

void check_op(const OpCase& c) {
  const ops::OpDef& def = ops::get_op(c.op);
  for (const std::string& backend_name : backend::available()) {
    backend::Backend& device = backend::get(backend_name);
    for (DType dtype : c.dtypes) {
      std::string where = str(c.op, " on ", backend_name, " in ", name(dtype));
      std::vector<Tensor> device_inputs, seen;
      for (const Tensor& t : c.inputs) {
        Tensor converted = t.dtype() == DType::float64 ? t.astype(dtype) : t.copy();
        seen.push_back(converted.dtype() == dtype ? converted.astype(t.dtype()) : converted);
        device_inputs.push_back(converted.to(device));
      }
      std::vector<Tensor> got;
      try {
        got = ops::call(c.op, device_inputs, c.attrs);
      } catch (const std::exception& e) {
        ADD_FAILURE() << where << ": threw " << e.what();
        continue;
      }
      if (!def.mutates.empty()) {
        got.clear();
        for (int m : def.mutates) got.push_back(device_inputs[static_cast<size_t>(m)]);
      }
      std::vector<Tensor> want = c.reference(seen);
      ASSERT_EQ(got.size(), want.size()) << where << ": number of outputs";
      bool single = dtype == DType::float32;
      for (size_t i = 0; i < got.size(); ++i)
        compare(got[i].to(backend::host()), want[i], single ? c.rtol32 : c.rtol64,
                single ? c.atol32 : c.atol64, str(where, ", output ", i));
    }
  }
}

void check_gradient(const GradCase& c) {
  (void)c;
  FAIL() << "check_gradient needs graph::gradients and graph::Program (not built yet)";
}

namespace {
std::vector<std::string>& covered() {
  static std::vector<std::string> ops;
  return ops;
}
}  // namespace

bool register_covered(std::initializer_list<const char*> ops) {
  for (const char* op : ops) covered().emplace_back(op);
  return true;
}

const std::vector<std::string>& covered_ops() { return covered(); }

}  // namespace keras::testing
