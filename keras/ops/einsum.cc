#include "keras/ops/einsum.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>

#include "keras/ops/linalg.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/ops/shape.h"

namespace keras::ops {

namespace {

// Axis labels: a letter is its character code; the ellipsis axis j places from the right end of
// the ellipsis is kEllipsis + j, so ellipses of different lengths align from the right.
constexpr int kEllipsis = 1000;
// Size-1 axes einsum adds for matmul's M or N when an operand has no free axis.
constexpr int kFakeM = 2000, kFakeN = 2001;

struct Term {
  std::string text;
  std::vector<int> before, after;  // letters before and after the ellipsis
  bool ellipsis = false;
};

// A tensor and the label of each of its axes.
struct Labeled {
  Tensor t;
  std::vector<int> labels;
};

bool has(const std::vector<int>& labels, int label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

int position(const std::vector<int>& labels, int label) {
  return static_cast<int>(std::find(labels.begin(), labels.end(), label) - labels.begin());
}

std::string label_name(int label) {
  if (label >= kEllipsis) return str("'...' (axis ", label - kEllipsis, " from its right end)");
  return str("'", static_cast<char>(label), "'");
}

Term parse_term(std::string_view text, const std::string& equation) {
  Term term;
  term.text = std::string(text);
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '.') {
      if (text.substr(i, 3) != "...")
        throw ValueError(str("einsum: invalid equation '", equation,
                             "': a '.' must be part of an ellipsis '...'"));
      if (term.ellipsis)
        throw ValueError(str("einsum: invalid equation '", equation, "': the term '", text,
                             "' holds more than one ellipsis"));
      term.ellipsis = true;
      i += 3;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c)))
      throw ValueError(str("einsum: invalid character '", c, "' in equation '", equation,
                           "'; subscripts are letters (a-z, A-Z) and '...'"));
    (term.ellipsis ? term.after : term.before).push_back(c);
    ++i;
  }
  return term;
}

// The labels of an operand of rank `rank` written as `term`.
std::vector<int> expand(const Term& term, const Tensor& x, size_t index,
                        const std::string& equation) {
  int named = static_cast<int>(term.before.size() + term.after.size());
  if (!term.ellipsis && x.rank() != named)
    throw ValueError(str("einsum: operand ", index, " has shape ", x.shape(), " (rank ", x.rank(),
                         ") but its subscripts '", term.text, "' in '", equation, "' name ", named,
                         " axes"));
  if (term.ellipsis && x.rank() < named)
    throw ValueError(str("einsum: operand ", index, " has shape ", x.shape(), " (rank ", x.rank(),
                         ") but its subscripts '", term.text, "' in '", equation,
                         "' name at least ", named, " axes"));
  std::vector<int> labels = term.before;
  for (int j = x.rank() - named - 1; j >= 0; --j) labels.push_back(kEllipsis + j);
  labels.insert(labels.end(), term.after.begin(), term.after.end());
  for (int c : term.before)
    if (std::count(labels.begin(), labels.end(), c) > 1)
      throw ValueError(str("einsum: subscript ", label_name(c), " appears twice in operand ", index,
                           " of '", equation, "'; traces and diagonals are not supported"));
  for (int c : term.after)
    if (std::count(labels.begin(), labels.end(), c) > 1)
      throw ValueError(str("einsum: subscript ", label_name(c), " appears twice in operand ", index,
                           " of '", equation, "'; traces and diagonals are not supported"));
  return labels;
}

// Moves the axes of x into the order of `target` (a permutation of x.labels).
Labeled permute(const Labeled& x, const std::vector<int>& target) {
  std::vector<int> perm;
  for (int label : target) perm.push_back(position(x.labels, label));
  bool identity = true;
  for (size_t i = 0; i < perm.size(); ++i) identity = identity && perm[i] == static_cast<int>(i);
  if (identity) return {x.t, target};
  return {transpose(x.t, perm), target};
}

// Drops the axes whose labels satisfy `drop`: summed (sum) or squeezed (size 1).
template <class Pred>
Labeled reduce_axes(const Labeled& x, Pred drop, bool squeeze_them) {
  std::vector<int> axes, kept;
  for (size_t i = 0; i < x.labels.size(); ++i) {
    if (drop(x.labels[i]))
      axes.push_back(static_cast<int>(i));
    else
      kept.push_back(x.labels[i]);
  }
  if (axes.empty()) return x;
  return {squeeze_them ? squeeze(x.t, axes) : sum(x.t, axes), kept};
}

int64_t size_of_label(const Labeled& x, int label) {
  return x.t.shape()[position(x.labels, label)];
}

// The product of the sizes of `labels` in x, or -1 when one is unknown in both operands.
int64_t merged_size(const Labeled& a, const Labeled& b, const std::vector<int>& labels) {
  int64_t product = 1;
  for (int label : labels) {
    int64_t n = std::max(size_of_label(a, label), size_of_label(b, label));
    if (n < 0) return -1;
    product *= n;
  }
  return product;
}

// x's shape with its trailing `count` axes merged into one of size `merged` (-1: unknown); empty
// when that shape would hold two unknown dimensions, which reshape cannot take.
std::optional<Shape> merge_trailing(const Labeled& x, size_t count, int64_t merged) {
  std::vector<int64_t> dims(x.t.shape().begin(), x.t.shape().end() - static_cast<long>(count));
  dims.push_back(merged);
  if (std::count(dims.begin(), dims.end(), int64_t{-1}) > 1) return std::nullopt;
  return Shape(dims);
}

// Like merge_trailing, for `count` axes starting at `start`.
std::optional<Shape> merge_middle(const Labeled& x, size_t start, size_t count, int64_t merged) {
  const std::vector<int64_t>& d = x.t.shape().dims();
  std::vector<int64_t> dims(d.begin(), d.begin() + static_cast<long>(start));
  dims.push_back(merged);
  dims.insert(dims.end(), d.begin() + static_cast<long>(start + count), d.end());
  if (std::count(dims.begin(), dims.end(), int64_t{-1}) > 1) return std::nullopt;
  return Shape(dims);
}

Tensor contract_two(Labeled a, Labeled b, const std::vector<int>& out) {
  // Classify the labels (in output order, so the final transpose is often the identity).
  std::vector<int> batch, a_free, b_free, contracted;
  for (int label : out) {
    bool in_a = has(a.labels, label), in_b = has(b.labels, label);
    if (in_a && in_b)
      batch.push_back(label);
    else if (in_a)
      a_free.push_back(label);
    else
      b_free.push_back(label);
  }
  for (int label : a.labels)
    if (!has(out, label)) contracted.push_back(label);  // also in b: one-sided ones were summed

  // Several contracted axes are merged into one for matmul. When a reshape cannot express that
  // (two unknown dimensions), all but one stay as batch axes and are summed afterwards.
  std::vector<int> summed_after;
  int64_t k = merged_size(a, b, contracted);
  if (contracted.size() >= 2) {
    size_t nb = batch.size();
    Labeled ta = permute(a, [&] {
      std::vector<int> v = batch;
      v.insert(v.end(), a_free.begin(), a_free.end());
      v.insert(v.end(), contracted.begin(), contracted.end());
      return v;
    }());
    size_t q1 = b_free.empty() ? 0 : b_free.size() - 1;
    Labeled tb = permute(b, [&] {
      std::vector<int> v = batch;
      v.insert(v.end(), b_free.begin(), b_free.begin() + static_cast<long>(q1));
      v.insert(v.end(), contracted.begin(), contracted.end());
      v.insert(v.end(), b_free.begin() + static_cast<long>(q1), b_free.end());
      return v;
    }());
    auto sa = merge_trailing(ta, contracted.size(), k);
    auto sb = merge_middle(tb, nb + q1, contracted.size(), k);
    if (!sa || !sb) {
      summed_after.assign(contracted.begin() + 1, contracted.end());
      batch.insert(batch.end(), summed_after.begin(), summed_after.end());
      contracted = {contracted.front()};
    }
  }

  // a: [batch, a_free, contracted]; b: [batch, b_free[:-1], contracted, b_free[-1]].
  size_t nb = batch.size(), p = a_free.size(), q = b_free.size();
  size_t q1 = q == 0 ? 0 : q - 1;
  std::vector<int> a_order = batch, b_order = batch;
  a_order.insert(a_order.end(), a_free.begin(), a_free.end());
  a_order.insert(a_order.end(), contracted.begin(), contracted.end());
  b_order.insert(b_order.end(), b_free.begin(), b_free.begin() + static_cast<long>(q1));
  b_order.insert(b_order.end(), contracted.begin(), contracted.end());
  b_order.insert(b_order.end(), b_free.begin() + static_cast<long>(q1), b_free.end());
  a = permute(a, a_order);
  b = permute(b, b_order);

  // One contracted axis K on each side.
  Tensor ta = a.t, tb = b.t;
  if (contracted.empty()) {
    ta = expand_dims(ta, static_cast<int>(nb + p));
    tb = expand_dims(tb, static_cast<int>(nb + q1));
  } else if (contracted.size() >= 2) {
    ta = reshape(ta, *merge_trailing(a, contracted.size(), k));
    tb = reshape(tb, *merge_middle(b, nb + q1, contracted.size(), k));
  }
  // A size-1 M (N) axis when a (b) has no free axis: a = [batch, am, M, K], b = [batch, bn, K, N].
  std::vector<int> am(a_free.begin(), a_free.end() - (p == 0 ? 0 : 1));
  std::vector<int> bn(b_free.begin(), b_free.begin() + static_cast<long>(q1));
  int m_label = p == 0 ? kFakeM : a_free.back(), n_label = q == 0 ? kFakeN : b_free.back();
  if (p == 0) ta = expand_dims(ta, static_cast<int>(nb));
  if (q == 0) tb = expand_dims(tb, -1);
  // Size-1 axes so that a's am and b's bn broadcast as matmul batch axes.
  if (!bn.empty()) {
    std::vector<int> at;
    for (size_t i = 0; i < bn.size(); ++i) at.push_back(static_cast<int>(nb + am.size() + i));
    ta = expand_dims(ta, at);
  }
  if (!am.empty() && nb > 0) {  // leading size-1 axes are implied by matmul's broadcasting
    std::vector<int> at;
    for (size_t i = 0; i < am.size(); ++i) at.push_back(static_cast<int>(nb + i));
    tb = expand_dims(tb, at);
  }
  Tensor r = matmul(ta, tb);
  std::vector<int> labels = batch;
  labels.insert(labels.end(), am.begin(), am.end());
  labels.insert(labels.end(), bn.begin(), bn.end());
  labels.push_back(m_label);
  labels.push_back(n_label);
  Labeled result{r, labels};
  result = reduce_axes(
      result, [](int label) { return label == kFakeM || label == kFakeN; }, true);
  result = reduce_axes(
      result, [&](int label) { return has(summed_after, label); }, false);
  return permute(result, out).t;
}

}  // namespace

Tensor einsum(std::string equation, std::vector<Tensor> operands) {
  std::string eq;
  for (char c : equation)
    if (!std::isspace(static_cast<unsigned char>(c))) eq.push_back(c);
  if (operands.empty() || operands.size() > 2)
    throw ValueError(str("einsum: kerascpp supports one or two operands, got ", operands.size(),
                         " for '", equation, "'"));
  for (size_t i = 0; i < operands.size(); ++i) {
    if (!operands[i].defined())
      throw ValueError(str("einsum: operand ", i, " of '", equation, "' is an empty tensor"));
    if (!is_floating(operands[i].dtype()))
      throw TypeError(str("einsum: operand ", i, " of '", equation, "' has dtype ",
                          operands[i].dtype(), "; einsum needs floating-point operands"));
  }
  if (operands.size() == 2 && operands[0].dtype() != operands[1].dtype()) {
    DType wide = operands[0].dtype() == DType::float64 || operands[1].dtype() == DType::float64
                     ? DType::float64
                     : DType::float32;
    for (Tensor& t : operands) t = cast(t, wide);
  }

  size_t arrow = eq.find("->");
  std::string lhs = eq.substr(0, arrow);
  std::vector<Term> terms;
  for (size_t start = 0;;) {
    size_t comma = lhs.find(',', start);
    terms.push_back(parse_term(std::string_view(lhs).substr(start, comma - start), equation));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (terms.size() != operands.size())
    throw ValueError(str("einsum: the equation '", equation, "' has ", terms.size(),
                         " input terms but ", operands.size(), " operands were given"));

  std::vector<Labeled> xs;
  int ellipsis_rank = 0;
  for (size_t i = 0; i < operands.size(); ++i) {
    xs.push_back({operands[i], expand(terms[i], operands[i], i, equation)});
    if (terms[i].ellipsis) {
      ellipsis_rank = std::max(
          ellipsis_rank,
          operands[i].rank() - static_cast<int>(terms[i].before.size() + terms[i].after.size()));
    }
  }
  std::vector<int> ellipsis_labels;
  for (int j = ellipsis_rank - 1; j >= 0; --j) ellipsis_labels.push_back(kEllipsis + j);

  std::vector<int> out;
  if (arrow != std::string::npos) {
    Term o = parse_term(std::string_view(eq).substr(arrow + 2), equation);
    out = o.before;
    if (o.ellipsis) out.insert(out.end(), ellipsis_labels.begin(), ellipsis_labels.end());
    out.insert(out.end(), o.after.begin(), o.after.end());
    for (size_t i = 0; i < out.size(); ++i) {
      if (std::count(out.begin(), out.end(), out[i]) > 1)
        throw ValueError(str("einsum: subscript ", label_name(out[i]),
                             " appears twice in the output of '", equation, "'"));
      bool found = false;
      for (const Labeled& x : xs) found = found || has(x.labels, out[i]);
      if (!found)
        throw ValueError(str("einsum: output subscript ", label_name(out[i]), " of '", equation,
                             "' appears in no operand"));
    }
  } else {
    out = ellipsis_labels;
    std::map<int, int> count;  // ordered: alphabetical, as NumPy's implicit output
    for (const Labeled& x : xs)
      for (int label : x.labels)
        if (label < kEllipsis) ++count[label];
    for (auto [label, n] : count)
      if (n == 1) out.push_back(label);
  }

  // Labels in both operands: sizes must agree, a size-1 axis broadcasts (it is squeezed away).
  if (xs.size() == 2) {
    Labeled &a = xs[0], &b = xs[1];
    std::vector<int> squeeze_a, squeeze_b;
    for (int label : a.labels) {
      if (!has(b.labels, label)) continue;
      int64_t sa = size_of_label(a, label), sb = size_of_label(b, label);
      if (sa == sb) continue;
      if (sa == 1) {
        squeeze_a.push_back(label);
      } else if (sb == 1) {
        squeeze_b.push_back(label);
      } else if (sa >= 0 && sb >= 0) {
        throw ValueError(str("einsum: subscript ", label_name(label), " of '", equation,
                             "' has size ", sa, " in operand 0 (shape ", a.t.shape(), ") and ", sb,
                             " in operand 1 (shape ", b.t.shape(), ")"));
      }
    }
    a = reduce_axes(
        a, [&](int label) { return has(squeeze_a, label); }, true);
    b = reduce_axes(
        b, [&](int label) { return has(squeeze_b, label); }, true);
  }
  // Labels of one operand only that the output lacks are summed there first.
  for (size_t i = 0; i < xs.size(); ++i) {
    const std::vector<int>* other = xs.size() == 2 ? &xs[1 - i].labels : nullptr;
    xs[i] = reduce_axes(
        xs[i], [&](int label) { return !has(out, label) && !(other && has(*other, label)); },
        false);
  }
  if (xs.size() == 1) return permute(xs[0], out).t;
  return contract_two(xs[0], xs[1], out);
}

}  // namespace keras::ops
