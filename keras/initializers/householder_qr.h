// The QR factorization behind the Orthogonal initializer (keras.ops.qr, reduced mode), on the
// host in float64. An internal helper of keras/initializers, not a public op.
#pragma once

#include <vector>

#include "keras/core/tensor.h"

namespace keras::initializers::detail {

// `at` is A^T for an m x n matrix A with m >= n: a float64 host tensor of shape (n, m) whose row
// j is column j of A. Factors A = QR with Householder reflections, overwrites `at` in place with
// Q^T (the n orthonormal columns of Q as rows) and returns diag(R).
//
// Blocked as LAPACK's dgeqrf/dorgqr: panels of 32 columns are factored one reflector at a time,
// each panel's reflectors are gathered as I - V T V^T (compact WY), and the bulk of the work,
// applying them to the remaining columns, is float64 matmuls through keras::ops on views of `at`.
std::vector<double> householder_qr(Tensor& at);

}  // namespace keras::initializers::detail
