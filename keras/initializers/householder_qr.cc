#include "keras/initializers/householder_qr.h"

#include <algorithm>
#include <cmath>

#include "keras/core/error.h"
#include "keras/ops/linalg.h"

namespace keras::initializers::detail {

namespace {

// Reflectors per panel: wide enough for the matmuls to run near peak, narrow enough that the
// column-by-column panel work stays a small share.
constexpr int64_t kPanel = 32;

// The reflectors H_i = I - beta_i v_i v_i^T of one panel, i in [k0, k0 + kb), with v_i zero
// above row i, as row-major host tensors: v (m x kb), vt (kb x m), and the kb x kb upper
// triangular t such that H_k0 ... H_last = I - V T V^T (and its transpose tt).
struct Panel {
  int64_t k0 = 0, kb = 0;
  Tensor v, vt, t, tt;
};

// Factors columns [k0, k0 + kb) of A (rows of `a`, each of length m) one reflector at a time,
// updating only the panel's own columns; writes diag(R) and builds the panel's T (LAPACK's
// dlarft, forward and columnwise: T[0:i, i] = -beta_i T[0:i, 0:i] V[:, 0:i]^T v_i).
Panel factor_panel(double* a, int64_t m, int64_t k0, int64_t kb, std::vector<double>& diag) {
  std::vector<double> vt(static_cast<size_t>(kb * m), 0.0), beta(static_cast<size_t>(kb), 0.0);
  for (int64_t i = 0; i < kb; ++i) {
    const int64_t k = k0 + i;
    double* x = a + k * m;
    double norm2 = 0.0;
    for (int64_t r = k; r < m; ++r) norm2 += x[r] * x[r];
    if (norm2 == 0.0) continue;  // a zero column: H = I, R_kk = 0
    double norm = std::sqrt(norm2);
    double alpha = x[k] >= 0.0 ? -norm : norm;  // R_kk; the sign avoids cancellation
    double* v = vt.data() + i * m;
    for (int64_t r = k; r < m; ++r) v[r] = x[r];
    v[k] -= alpha;
    const double b = 2.0 / (norm2 - x[k] * x[k] + v[k] * v[k]);
    beta[static_cast<size_t>(i)] = b;
    diag[static_cast<size_t>(k)] = alpha;
    for (int64_t j = i + 1; j < kb; ++j) {
      double* y = a + (k0 + j) * m;
      double dot = 0.0;
      for (int64_t r = k; r < m; ++r) dot += v[r] * y[r];
      dot *= b;
      for (int64_t r = k; r < m; ++r) y[r] -= dot * v[r];
    }
  }
  std::vector<double> t(static_cast<size_t>(kb * kb), 0.0), z(static_cast<size_t>(kb));
  for (int64_t i = 0; i < kb; ++i) {
    const double b = beta[static_cast<size_t>(i)];
    t[static_cast<size_t>(i * kb + i)] = b;
    if (b == 0.0) continue;
    const double* vi = vt.data() + i * m;
    for (int64_t j = 0; j < i; ++j) {
      const double* vj = vt.data() + j * m;
      double dot = 0.0;
      for (int64_t r = k0 + i; r < m; ++r) dot += vj[r] * vi[r];
      z[static_cast<size_t>(j)] = dot;
    }
    for (int64_t row = 0; row < i; ++row) {
      double s = 0.0;
      for (int64_t j = row; j < i; ++j)
        s += t[static_cast<size_t>(row * kb + j)] * z[static_cast<size_t>(j)];
      t[static_cast<size_t>(row * kb + i)] = -b * s;
    }
  }
  std::vector<double> v(static_cast<size_t>(m * kb)), tt(static_cast<size_t>(kb * kb));
  for (int64_t i = 0; i < kb; ++i) {
    for (int64_t r = 0; r < m; ++r)
      v[static_cast<size_t>(r * kb + i)] = vt[static_cast<size_t>(i * m + r)];
    for (int64_t j = 0; j < kb; ++j)
      tt[static_cast<size_t>(j * kb + i)] = t[static_cast<size_t>(i * kb + j)];
  }
  return {k0,
          kb,
          Tensor::from_vector(v, Shape{m, kb}),
          Tensor::from_vector(vt, Shape{kb, m}),
          Tensor::from_vector(t, Shape{kb, kb}),
          Tensor::from_vector(tt, Shape{kb, kb})};
}

// rows -= ((rows · V) · middle) · V^T, in place: applies I - V middle^T V^T to the columns of A
// that `rows` holds (a view of rows of `at`). V is zero above the panel, so the rows' leading
// entries, which may belong to R, are left as they are.
void apply_block(const Tensor& rows, const Panel& p, const Tensor& middle) {
  if (rows.shape()[0] == 0) return;
  Tensor update = ops::matmul(ops::matmul(ops::matmul(rows, p.v), middle), p.vt);
  double* y = rows.data<double>();
  const double* w = update.data<double>();
  const int64_t count = rows.size();
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < count; ++i) y[i] -= w[i];
}

}  // namespace

std::vector<double> householder_qr(Tensor& at) {
  KERAS_ASSERT(at.dtype() == DType::float64 && at.rank() == 2 && at.shape()[0] <= at.shape()[1]);
  const int64_t n = at.shape()[0], m = at.shape()[1];
  double* a = at.data<double>();
  std::vector<double> diag(static_cast<size_t>(n), 0.0);
  std::vector<Panel> panels;
  for (int64_t k0 = 0; k0 < n; k0 += kPanel) {
    Panel p = factor_panel(a, m, k0, std::min(kPanel, n - k0), diag);
    // The remaining columns: A2 <- (I - V T V^T)^T A2 = H_last ... H_k0 A2.
    apply_block(at.slice(k0 + p.kb, n), p, p.t);
    panels.push_back(std::move(p));
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity, from the last panel
  // to the first; columns before a panel's first are not touched by it.
  std::fill(a, a + n * m, 0.0);
  for (int64_t j = 0; j < n; ++j) a[j * m + j] = 1.0;
  for (auto it = panels.rbegin(); it != panels.rend(); ++it)
    apply_block(at.slice(it->k0, n), *it, it->tt);
  return diag;
}

}  // namespace keras::initializers::detail
