// keras::ops::einsum against a float64 loop over every assignment of the subscripts, and its
// gradients (of the composed ops) against central finite differences.
#include "keras/ops/einsum.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <string>

#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

// The reference: the equation's operands written out as one character per axis ("..." becomes
// the digits of its axes, aligned from the right), then a loop over every subscript's values.
std::string spell(const std::string& term, int rank) {
  size_t dots = term.find("...");
  if (dots == std::string::npos) return term;
  int named = static_cast<int>(term.size()) - 3;
  std::string digits;
  for (int j = rank - named - 1; j >= 0; --j) digits.push_back(static_cast<char>('0' + j));
  return term.substr(0, dots) + digits + term.substr(dots + 3);
}

Tensor reference_einsum(const std::string& equation, const std::vector<Tensor>& xs) {
  size_t arrow = equation.find("->");
  std::string lhs = equation.substr(0, arrow);
  std::vector<std::string> terms;
  for (size_t start = 0;;) {
    size_t comma = lhs.find(',', start);
    terms.push_back(lhs.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  int ellipsis = 0;
  std::vector<std::string> spelled;
  for (size_t i = 0; i < xs.size(); ++i) {
    spelled.push_back(spell(terms[i], xs[i].rank()));
    if (terms[i].find("...") != std::string::npos)
      ellipsis = std::max(ellipsis, xs[i].rank() - static_cast<int>(terms[i].size()) + 3);
  }
  std::string out;
  if (arrow != std::string::npos) {
    out = equation.substr(arrow + 2);
    size_t dots = out.find("...");
    if (dots != std::string::npos) {
      std::string digits;
      for (int j = ellipsis - 1; j >= 0; --j) digits.push_back(static_cast<char>('0' + j));
      out = out.substr(0, dots) + digits + out.substr(dots + 3);
    }
  } else {
    for (int j = ellipsis - 1; j >= 0; --j) out.push_back(static_cast<char>('0' + j));
    std::map<char, int> count;
    for (const std::string& s : spelled)
      for (char c : s)
        if (std::isalpha(static_cast<unsigned char>(c))) ++count[c];
    for (auto [c, n] : count)
      if (n == 1) out.push_back(c);
  }
  std::map<char, int64_t> size;
  for (size_t i = 0; i < xs.size(); ++i)
    for (size_t a = 0; a < spelled[i].size(); ++a)
      size[spelled[i][a]] = std::max(size[spelled[i][a]], xs[i].shape()[static_cast<int>(a)]);
  std::vector<char> labels;
  for (auto [c, n] : size) labels.push_back(c);
  std::vector<int64_t> out_dims;
  for (char c : out) out_dims.push_back(size[c]);
  Shape out_shape(out_dims);
  std::vector<double> result(static_cast<size_t>(out_shape.num_elements()), 0.0);
  std::vector<std::vector<double>> values;
  for (const Tensor& x : xs) values.push_back(x.to_vector<double>());

  std::map<char, int64_t> at;
  for (char c : labels) at[c] = 0;
  auto flat = [&](const std::string& s, const Shape& shape) {
    int64_t index = 0;
    for (size_t a = 0; a < s.size(); ++a) {
      int64_t n = shape[static_cast<int>(a)];
      index = index * n + (n == 1 ? 0 : at[s[a]]);  // a size-1 axis broadcasts
    }
    return index;
  };
  while (true) {
    double product = 1.0;
    for (size_t i = 0; i < xs.size(); ++i)
      product *= values[i][static_cast<size_t>(flat(spelled[i], xs[i].shape()))];
    result[static_cast<size_t>(flat(out, out_shape))] += product;
    size_t k = labels.size();
    while (k > 0) {
      char c = labels[k - 1];
      if (++at[c] < size[c]) break;
      at[c] = 0;
      --k;
    }
    if (k == 0) break;
  }
  return Tensor::from_vector(result, out_shape);
}

struct Case {
  std::string equation;
  std::vector<Shape> shapes;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      // EinsumDense's equations
      {"ab,bc->ac", {Shape{4, 3}, Shape{3, 5}}},
      {"abc,cd->abd", {Shape{2, 3, 4}, Shape{4, 5}}},
      {"abc,cde->abde", {Shape{2, 3, 4}, Shape{4, 2, 3}}},
      {"abc,bcd->ad", {Shape{2, 3, 4}, Shape{3, 4, 5}}},
      {"abcd,cde->abe", {Shape{2, 3, 2, 4}, Shape{2, 4, 3}}},  // attention output projection
      {"abc,cde->abde", {Shape{2, 3, 4}, Shape{4, 2, 5}}},     // attention q/k/v projections
      {"...b,bc->...c", {Shape{4, 3}, Shape{3, 2}}},
      {"...b,bc->...c", {Shape{2, 4, 3}, Shape{3, 2}}},
      {"...b,bc->...c", {Shape{2, 2, 4, 3}, Shape{3, 2}}},
      {"...ab,bc->...ac", {Shape{2, 4, 3}, Shape{3, 2}}},
      {"ab...,bc->ac...", {Shape{2, 3, 4, 2}, Shape{3, 5}}},
      {"ab...,bc->ac...", {Shape{2, 3}, Shape{3, 5}}},
      // batch labels, outer products, reductions
      {"bij,bjk->bik", {Shape{2, 3, 4}, Shape{2, 4, 5}}},
      {"bhqd,bhkd->bhqk", {Shape{2, 2, 3, 4}, Shape{2, 2, 5, 4}}},
      {"ab,cd->abcd", {Shape{2, 3}, Shape{4, 2}}},
      {"ab,cd->cadb", {Shape{2, 3}, Shape{4, 2}}},
      {"ab,ab->a", {Shape{3, 4}, Shape{3, 4}}},
      {"ab,ab->", {Shape{3, 4}, Shape{3, 4}}},
      {"ab,ab->ba", {Shape{3, 4}, Shape{3, 4}}},
      {"a,a->", {Shape{5}, Shape{5}}},
      {"ab,b->a", {Shape{3, 4}, Shape{4}}},
      {"abc,b->ca", {Shape{2, 3, 4}, Shape{3}}},
      {"abc,dc->", {Shape{2, 3, 4}, Shape{5, 4}}},
      {"abcd,bd->ca", {Shape{2, 3, 4, 5}, Shape{3, 5}}},
      {"xay,ayz->zxa", {Shape{2, 3, 4}, Shape{3, 4, 2}}},
      // ellipses on both sides, broadcasting size-1 axes
      {"...ij,...jk->...ik", {Shape{2, 1, 3, 4}, Shape{5, 4, 2}}},
      {"...i,...i->...", {Shape{3, 1, 4}, Shape{2, 4}}},
      // implicit output, one operand, upper case
      {"ij,jk", {Shape{3, 4}, Shape{4, 2}}},
      {"ba,ca", {Shape{3, 4}, Shape{2, 4}}},
      {"ij->ji", {Shape{3, 4}}},
      {"ijk->ki", {Shape{2, 3, 4}}},
      {"ijk->", {Shape{2, 3, 4}}},
      {"...j->j", {Shape{2, 3, 4}}},
      {"aB,Bc->ca", {Shape{2, 3}, Shape{3, 4}}},
      {" ab , bc -> ac ", {Shape{2, 3}, Shape{3, 4}}},
  };
  return all;
}

std::string without_spaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

std::vector<Tensor> operands_for(const Case& c, uint64_t seed) {
  std::vector<Tensor> xs;
  for (size_t i = 0; i < c.shapes.size(); ++i)
    xs.push_back(testing::uniform(c.shapes[i], -1.0, 1.0, seed + i));
  return xs;
}

void expect_close(const Tensor& got, const Tensor& want, double tol, const std::string& where) {
  ASSERT_EQ(got.shape(), want.shape()) << where;
  std::vector<double> g = got.to_vector<double>(), w = want.to_vector<double>();
  for (size_t i = 0; i < g.size(); ++i)
    ASSERT_NEAR(g[i], w[i], tol * (1 + std::fabs(w[i]))) << where << " element " << i;
}

TEST(Einsum, MatchesLoopReference) {
  for (const Case& c : cases()) {
    std::vector<Tensor> xs = operands_for(c, 3);
    Tensor want = reference_einsum(without_spaces(c.equation), xs);
    expect_close(ops::einsum(c.equation, xs), want, 1e-12, c.equation + " float64");
    std::vector<Tensor> xs32;
    for (const Tensor& x : xs) xs32.push_back(x.astype(DType::float32));
    Tensor got32 = ops::einsum(c.equation, xs32);
    EXPECT_EQ(got32.dtype(), DType::float32) << c.equation;
    expect_close(got32, want, 2e-5, c.equation + " float32");
  }
}

TEST(Einsum, MixedFloatDtypesMeetAtTheWiderOne) {
  Tensor a = testing::uniform({2, 3}).astype(DType::float32), b = testing::uniform({3, 4});
  Tensor y = ops::einsum("ab,bc->ac", {a, b});
  EXPECT_EQ(y.dtype(), DType::float64);
  expect_close(y, reference_einsum("ab,bc->ac", {a.astype(DType::float64), b}), 1e-12, "mixed");
}

// Symbolic operands with unknown dimensions: shapes carried through, and a program run for
// concrete inputs matches the reference.
TEST(Einsum, UnknownDimensions) {
  struct Symbolic {
    std::string equation;
    std::vector<Shape> symbolic, concrete;
    Shape expected;
  };
  std::vector<Symbolic> all = {
      {"abc,cd->abd", {Shape{-1, 3, 4}, Shape{4, 5}}, {Shape{2, 3, 4}, Shape{4, 5}}, {-1, 3, 5}},
      {"abc,cd->abd", {Shape{-1, -1, 4}, Shape{4, 5}}, {Shape{2, 3, 4}, Shape{4, 5}}, {-1, -1, 5}},
      {"abc,cde->abde",
       {Shape{-1, -1, 4}, Shape{4, 2, 3}},
       {Shape{2, 3, 4}, Shape{4, 2, 3}},
       {-1, -1, 2, 3}},
      {"...b,bc->...c", {Shape{-1, 3}, Shape{3, 2}}, {Shape{4, 3}, Shape{3, 2}}, {-1, 2}},
      {"abc,bcd->ad", {Shape{-1, 3, 4}, Shape{3, 4, 5}}, {Shape{2, 3, 4}, Shape{3, 4, 5}}, {-1, 5}},
      // two contracted axes whose merged size is unknown next to an unknown axis: one is summed
      // after the matmul instead
      {"abc,bcd->ad",
       {Shape{-1, -1, -1}, Shape{-1, -1, 5}},
       {Shape{2, 3, 4}, Shape{3, 4, 5}},
       {-1, 5}},
      {"bij,bjk->bik",
       {Shape{-1, 3, 4}, Shape{-1, 4, 5}},
       {Shape{2, 3, 4}, Shape{2, 4, 5}},
       {-1, 3, 5}},
  };
  for (const Symbolic& s : all) {
    std::vector<Tensor> placeholders, feed;
    for (size_t i = 0; i < s.symbolic.size(); ++i) {
      placeholders.push_back(graph::placeholder({DType::float64, s.symbolic[i]}));
      feed.push_back(testing::uniform(s.concrete[i], -1.0, 1.0, 20 + i));
    }
    Tensor y = ops::einsum(s.equation, placeholders);
    EXPECT_EQ(y.shape(), s.expected) << s.equation;
    graph::Program program(placeholders, {y});
    expect_close(program.run(feed)[0], reference_einsum(s.equation, feed), 1e-12, s.equation);
  }
}

// d(Σ r·einsum(x...))/dx by graph::gradients against central differences, in float64.
void check_einsum_gradient(const Case& c) {
  std::vector<Tensor> values = operands_for(c, 40);
  std::vector<Tensor> placeholders;
  for (const Tensor& v : values) placeholders.push_back(graph::placeholder(v.meta()));
  Tensor y = ops::einsum(c.equation, placeholders);
  Tensor r = testing::uniform(ops::einsum(c.equation, values).shape(), -1.0, 1.0, 77);
  Tensor loss = ops::sum(ops::multiply(y, r));
  std::vector<Tensor> grads = graph::gradients(loss, placeholders);
  graph::Program backward(placeholders, grads), forward(placeholders, {loss});
  std::vector<Tensor> analytic = backward.run(values);
  const double eps = 1e-6;
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(analytic[i].shape(), values[i].shape()) << c.equation;
    std::vector<double> x = values[i].to_vector<double>(), g = analytic[i].to_vector<double>();
    for (size_t j = 0; j < x.size(); ++j) {
      std::vector<Tensor> feed = values;
      std::vector<double> shifted = x;
      shifted[j] = x[j] + eps;
      feed[i] = Tensor::from_vector(shifted, values[i].shape());
      double plus = forward.run(feed)[0].item<double>();
      shifted[j] = x[j] - eps;
      feed[i] = Tensor::from_vector(shifted, values[i].shape());
      double minus = forward.run(feed)[0].item<double>();
      double numeric = (plus - minus) / (2 * eps);
      EXPECT_NEAR(g[j], numeric, 1e-8 + 1e-6 * std::fabs(numeric))
          << c.equation << ": d/d operand " << i << " element " << j;
    }
  }
}

TEST(Einsum, GradientsMatchFiniteDifferences) {
  for (const Case& c : cases()) check_einsum_gradient(c);
}

TEST(Einsum, BadInput) {
  Tensor a = testing::uniform({2, 3}), b = testing::uniform({3, 4}), c = testing::uniform({4});
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("ab,bc->ac", {a, b, c});
      },
      {"one or two operands", "got 3"});
  testing::expect_error<ValueError>([&] { ops::einsum("ab,bc->ac", {}); }, "got 0");
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("ab->ab", {a, b});
      },
      {"1 input terms", "2 operands"});
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("ab,b1->a", {a, b});
      },
      {"invalid character '1'", "ab,b1->a"});
  testing::expect_error<ValueError>([&] { ops::einsum("a.b,bc->ac", {a, b}); }, "ellipsis");
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("......,bc->c", {a, b});
      },
      "more than one ellipsis");
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("abc,bc->ac", {a, b});
      },
      {"operand 0", "(2, 3)", "rank 2", "'abc'", "3 axes"});
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("a...bc,bc->ac", {a, b});
      },
      {"operand 0", "at least 3"});
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("ab,cb->ac", {a, b});
      },
      {"'b'", "size 3 in operand 0", "4 in operand 1"});
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("aa->a", {testing::uniform({3, 3})});
      },
      {"'a' appears twice in operand 0", "diagonals"});
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("ab,bc->ad", {a, b});
      },
      {"'d'", "appears in no operand"});
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("ab,bc->aa", {a, b});
      },
      {"'a'", "twice in the output"});
  testing::expect_error<TypeError>(
      [&] {
        ops::einsum("ab,bc->ac", {a, testing::integers({3, 4}, 0, 3, DType::int32)});
      },
      {"operand 1", "int32", "floating-point"});
  testing::expect_error<ValueError>(
      [&] {
        ops::einsum("ab,bc->ac", {a, Tensor()});
      },
      {"operand 1", "empty"});
}

}  // namespace
}  // namespace keras
