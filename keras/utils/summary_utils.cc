// Keras 3's print_summary, and the part of `rich` it relies on: Table(show_lines=True) with
// fixed column widths (rich's _calculate_column_widths and ratio_reduce), cells padded by one
// space and word-wrapped as rich's Text.wrap does (divide_line without folding, overlong words
// cut with an ellipsis), top-aligned, drawn with the HEAVY_HEAD box.
#include "keras/utils/summary_utils.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <set>

#include "keras/core/error.h"
#include "keras/layers/keras_tensor.h"
#include "keras/models/functional.h"
#include "keras/models/sequential.h"

namespace keras::utils {

namespace {

using layers::LayerPtr;
using layers::Shapes;
using models::ModelImpl;

// --- Text as cells: code points with a style each --------------------------------------------

enum Style : uint8_t { kPlain, kBold, kNumber, kNone, kSymbol };

struct StyledText {
  std::u32string text;
  std::vector<Style> style;  // one per code point

  void append(const std::string& utf8, Style s = kPlain);
  size_t size() const { return text.size(); }
};

std::u32string decode(const std::string& utf8) {
  std::u32string out;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k <= extra && i + static_cast<size_t>(k) < utf8.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + static_cast<size_t>(k)]) & 0x3F);
    out.push_back(cp);
    i += static_cast<size_t>(extra) + 1;
  }
  return out;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void StyledText::append(const std::string& utf8, Style s) {
  std::u32string cps = decode(utf8);
  text += cps;
  style.insert(style.end(), cps.size(), s);
}

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\f' || c == U'\v';
}

const char* ansi(Style s) {
  switch (s) {
    case kPlain:
      return "";
    case kBold:
      return "\x1b[1m";
    case kNumber:
      return "\x1b[38;5;34m";
    case kNone:
      return "\x1b[38;5;45m";
    case kSymbol:
      return "\x1b[38;5;33m";
  }
  return "";
}

std::string to_utf8(const StyledText& t, bool terminal) {
  std::string out;
  Style current = kPlain;
  for (size_t i = 0; i < t.size(); ++i) {
    Style s = terminal ? t.style[i] : kPlain;
    if (s != current) {
      if (current != kPlain) out += "\x1b[0m";
      out += ansi(s);
      current = s;
    }
    encode(t.text[i], out);
  }
  if (current != kPlain) out += "\x1b[0m";
  return out;
}

StyledText slice(const StyledText& t, size_t begin, size_t end) {
  StyledText out;
  out.text = t.text.substr(begin, end - begin);
  out.style.assign(t.style.begin() + static_cast<long>(begin),
                   t.style.begin() + static_cast<long>(end));
  return out;
}

void pad_right(StyledText& t, size_t n) {
  t.text.append(n, U' ');
  t.style.insert(t.style.end(), n, kPlain);
}

void pad_left(StyledText& t, size_t n) {
  t.text.insert(0, n, U' ');
  t.style.insert(t.style.begin(), n, kPlain);
}

void rstrip(StyledText& t) {
  size_t n = t.size();
  while (n > 0 && is_space(t.text[n - 1])) --n;
  t = slice(t, 0, n);
}

// rich's Text.truncate with the "ellipsis" overflow.
void truncate(StyledText& t, size_t width, bool pad) {
  size_t length = t.size();
  if (length > width) {
    t = slice(t, 0, width == 0 ? 0 : width - 1);
    t.text.push_back(U'\u2026');
    t.style.push_back(kPlain);
  }
  if (pad && length < width) pad_right(t, width - length);
}

// rich's Text.wrap(width, justify, overflow="ellipsis") for one line of text.
std::vector<StyledText> wrap(const StyledText& t, size_t width, char justify) {
  // words(): matches of \s*\S+\s* from the start; divide_line() without folding.
  std::vector<size_t> divides;
  size_t line_position = 0, pos = 0;
  const std::u32string& s = t.text;
  while (pos < s.size()) {
    size_t start = pos, p = pos;
    while (p < s.size() && is_space(s[p])) ++p;
    if (p == s.size()) break;  // only whitespace left: no word
    size_t word_end = p;
    while (word_end < s.size() && !is_space(s[word_end])) ++word_end;
    size_t end = word_end;
    while (end < s.size() && is_space(s[end])) ++end;
    size_t word_length = word_end - start;  // the word without its trailing space
    size_t full = end - start;
    if (line_position + word_length > width) {
      if (word_length > width) {
        if (start) divides.push_back(start);
        line_position = full;
      } else if (line_position && start) {
        divides.push_back(start);
        line_position = full;
      }
    } else {
      line_position += full;
    }
    pos = end;
  }
  std::vector<StyledText> lines;
  size_t begin = 0;
  for (size_t d : divides) {
    lines.push_back(slice(t, begin, d));
    begin = d;
  }
  lines.push_back(slice(t, begin, t.size()));
  for (StyledText& line : lines) {
    // rstrip_end(width): drop trailing whitespace beyond the width.
    if (line.size() > width) {
      size_t spaces = 0;
      while (spaces < line.size() && is_space(line.text[line.size() - 1 - spaces])) ++spaces;
      line = slice(line, 0, line.size() - std::min(spaces, line.size() - width));
    }
    auto room = [&] { return width > line.size() ? width - line.size() : 0; };
    if (justify == 'l') {
      truncate(line, width, /*pad=*/true);
    } else if (justify == 'c') {
      rstrip(line);
      truncate(line, width, false);
      pad_left(line, room() / 2);
      pad_right(line, room());
    } else {
      rstrip(line);
      truncate(line, width, false);
      pad_left(line, room());
    }
    truncate(line, width, false);
    if (line.size() > width) line = slice(line, 0, width);  // Segment.set_shape crops
  }
  return lines;
}

// rich's ratio_reduce: take `total` from `values` in proportion to `ratios`, each at most its
// maximum. Python's round() rounds halves to even, as nearbyint does by default.
std::vector<int> ratio_reduce(int total, const std::vector<int>& ratios,
                              const std::vector<int>& maximums, const std::vector<int>& values) {
  std::vector<int> r(ratios.size());
  int total_ratio = 0;
  for (size_t i = 0; i < ratios.size(); ++i) {
    r[i] = maximums[i] ? ratios[i] : 0;
    total_ratio += r[i];
  }
  if (!total_ratio) return values;
  int remaining = total;
  std::vector<int> out;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i] && total_ratio > 0) {
      int distributed = std::min(
          maximums[i], static_cast<int>(std::nearbyint(static_cast<double>(r[i]) * remaining /
                                                       static_cast<double>(total_ratio))));
      out.push_back(values[i] - distributed);
      remaining -= distributed;
      total_ratio -= r[i];
    } else {
      out.push_back(values[i]);
    }
  }
  return out;
}

// rich's ratio_distribute: share `total` out in proportion to `ratios` (rounding up).
std::vector<int> ratio_distribute(int total, const std::vector<int>& ratios) {
  int total_ratio = 0;
  for (int r : ratios) total_ratio += r;
  std::vector<int> out;
  int remaining = total;
  for (int r : ratios) {
    int distributed =
        total_ratio > 0
            ? static_cast<int>(std::ceil(static_cast<double>(r) * remaining / total_ratio))
            : remaining;
    out.push_back(distributed);
    total_ratio -= r;
    remaining -= distributed;
  }
  return out;
}

std::string repeat(const char* s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// The table's lines (rich renders it at `table_width`; the console crops lines to its width).
std::vector<StyledText> styled_table(const std::vector<TableColumn>& columns,
                                     const std::vector<std::vector<StyledText>>& rows,
                                     int table_width) {
  size_t n = columns.size();
  std::vector<int> widths;
  int sum = 0;
  for (const TableColumn& c : columns) {
    widths.push_back(c.width + 2);  // padding (0, 1)
    sum += c.width + 2;
  }
  int max_width = table_width - static_cast<int>(n) - 1;  // the vertical rules
  if (sum > max_width) {
    widths = ratio_reduce(sum - max_width, std::vector<int>(n, 1), widths, widths);
  } else if (sum < max_width && sum > 0) {
    // A table with a width expands: the spare columns go to the columns by their widths.
    std::vector<int> extra = ratio_distribute(max_width - sum, widths);
    for (size_t i = 0; i < n; ++i) widths[i] += extra[i];
  }

  std::vector<StyledText> out;
  auto rule = [&](const char* left, const char* fill, const char* mid, const char* right) {
    StyledText line;
    line.append(left);
    for (size_t i = 0; i < n; ++i) {
      line.append(repeat(fill, widths[i]));
      line.append(i + 1 < n ? mid : right);
    }
    out.push_back(line);
  };
  // rich aligns header cells to the bottom of their row, other cells to the top.
  auto render_row = [&](const std::vector<StyledText>& cells, const char* bar, bool bottom) {
    std::vector<std::vector<StyledText>> wrapped;
    size_t height = 1;
    for (size_t i = 0; i < n; ++i) {
      size_t w = static_cast<size_t>(std::max(widths[i] - 2, 0));
      // rich renders nothing into no space (Console.render with max_width < 1).
      wrapped.push_back(
          w == 0 ? std::vector<StyledText>()
                 : wrap(i < cells.size() ? cells[i] : StyledText(), w, columns[i].justify));
      height = std::max(height, wrapped.back().size());
    }
    for (size_t row_line = 0; row_line < height; ++row_line) {
      StyledText line;
      line.append(bar);
      for (size_t i = 0; i < n; ++i) {
        StyledText cell;
        size_t first = bottom ? height - wrapped[i].size() : 0;
        if (row_line >= first && row_line - first < wrapped[i].size())
          cell = wrapped[i][row_line - first];
        else
          pad_right(cell, static_cast<size_t>(std::max(widths[i] - 2, 0)));
        // Padding (0, 1), cropped to the column (a column of width 1 shows one space).
        StyledText padded;
        padded.append(" ");
        padded.text += cell.text;
        padded.style.insert(padded.style.end(), cell.style.begin(), cell.style.end());
        padded.append(" ");
        size_t w = static_cast<size_t>(std::max(widths[i], 0));
        padded = padded.size() > w ? slice(padded, 0, w) : padded;
        line.text += padded.text;
        line.style.insert(line.style.end(), padded.style.begin(), padded.style.end());
        line.append(bar);
      }
      out.push_back(line);
    }
  };

  rule("┏", "━", "┳", "┓");
  std::vector<StyledText> header;
  for (const TableColumn& c : columns) {
    StyledText t;
    t.append(c.header, kBold);
    header.push_back(t);
  }
  render_row(header, "┃", /*bottom=*/true);
  rule("┡", "━", "╇", "┩");
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) rule("├", "─", "┼", "┤");
    render_row(rows[r], "│", /*bottom=*/false);
  }
  rule("└", "─", "┴", "┘");
  return out;
}

// Lines as the console prints them: cropped to its width, one per line.
std::string print_lines(const std::vector<StyledText>& lines, int console_width, bool terminal) {
  std::string out;
  for (StyledText line : lines) {
    if (line.size() > static_cast<size_t>(console_width))
      line = slice(line, 0, static_cast<size_t>(console_width));
    out += to_utf8(line, terminal) + "\n";
  }
  return out;
}

// --- Keras's print_summary ---------------------------------------------------------------------

StyledText number_text(const std::string& s) {
  StyledText t;
  t.append(s, kNumber);
  return t;
}

// "(None, 512)": Keras joins the dimensions, so one dimension prints "(5)", not "(5,)".
void append_shape(StyledText& t, const Shape& shape) {
  t.append("(");
  for (int i = 0; i < shape.rank(); ++i) {
    if (i) t.append(", ");
    if (shape[i] < 0)
      t.append("None", kNone);
    else
      t.append(std::to_string(shape[i]), kNumber);
  }
  t.append(")");
}

StyledText format_layer_shape(layers::Layer& layer) {
  StyledText t;
  std::vector<Shape> shapes;
  Nested<TensorMeta>::Kind kind = Nested<TensorMeta>::Kind::single;
  std::vector<std::string> keys;
  if (!layer.inbound_nodes().empty()) {
    const auto& metas = layer.inbound_nodes().back()->output_metas;  // the last call's outputs
    for (const TensorMeta& m : metas) shapes.push_back(m.shape);
    kind = metas.kind();
    keys = metas.keys();
  } else if (layer.build_shapes()) {
    try {
      Shapes out = layer.compute_output_shape(*layer.build_shapes());
      shapes = out.flat();
      kind = static_cast<Nested<TensorMeta>::Kind>(out.kind());
      keys = out.keys();
    } catch (const Error&) {
      t.append("?");
      return t;
    }
  } else {
    t.append("?");
    return t;
  }
  if (shapes.size() == 1) {
    append_shape(t, shapes[0]);
    return t;
  }
  // Python's str() of the structure with the quotes removed: [(None, 2), (None, 3)].
  bool dict = kind == Nested<TensorMeta>::Kind::dict;
  t.append(dict ? "{" : "[");
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (i) t.append(", ");
    if (dict) t.append(keys[i] + ": ");
    append_shape(t, shapes[i]);
  }
  t.append(dict ? "}" : "]");
  return t;
}

StyledText connections(const layers::Layer& layer, const models::FunctionalImpl* functional) {
  StyledText t;
  for (const auto& node : layer.inbound_nodes()) {
    if (functional && !functional->owns_node(node.get())) continue;
    for (const Tensor& x : node->inputs) {
      const layers::KerasHistory& h = layers::keras_history(x);
      if (t.size()) t.append(", ");
      t.append(h.layer->name() + "[");
      t.append(std::to_string(h.node_index), kNumber);
      t.append("][");
      t.append(std::to_string(h.tensor_index), kNumber);
      t.append("]");
    }
  }
  if (!t.size()) t.append("-");
  return t;
}

struct Weights {
  int64_t count = 0;
  double bytes = 0;
};

Weights measure(const std::vector<Variable>& variables) {
  Weights w;
  std::set<const void*> seen;
  for (const Variable& v : variables) {
    if (!seen.insert(v.state_ptr().get()).second) continue;
    int64_t n = v.shape().num_elements();
    w.count += n;
    w.bytes += static_cast<double>(n) * static_cast<double>(size_of(v.dtype()));
  }
  return w;
}

std::pair<size_t, size_t> layer_index_bounds(const std::vector<LayerPtr>& layers,
                                             const models::SummaryOptions& options) {
  if (!options.layer_range) return {0, layers.size()};
  std::regex first(options.layer_range->first), last(options.layer_range->second);
  std::vector<size_t> lower, upper;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (std::regex_search(layers[i]->name(), first, std::regex_constants::match_continuous))
      lower.push_back(i);
    if (std::regex_search(layers[i]->name(), last, std::regex_constants::match_continuous))
      upper.push_back(i);
  }
  if (lower.empty() || upper.empty())
    throw ValueError(
        str("Passed layer_names do not match the layer names in the model. "
            "Received: ('",
            options.layer_range->first, "', '", options.layer_range->second, "')"));
  size_t min_lower = lower.front(), max_upper = upper.back();
  if (min_lower > max_upper) return {upper.front(), lower.back() + 1};
  return {min_lower, max_upper + 1};
}

}  // namespace

std::string readable_memory_size(double bytes) {
  static const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  for (const char* unit : units) {
    if (bytes / 1024 < 1) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.2f %s", bytes, unit);
      return buf;
    }
    bytes /= 1024;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f PB", bytes);
  return buf;
}

std::string thousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

bool stdout_is_terminal() {
  return isatty(STDOUT_FILENO) == 1;
}

int terminal_columns() {
  if (const char* env = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long v = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && v > 0) return static_cast<int>(v);
  }
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

std::string render_table(const std::vector<TableColumn>& columns,
                         const std::vector<std::vector<std::string>>& rows, int table_width) {
  std::vector<std::vector<StyledText>> styled;
  for (const auto& row : rows) {
    std::vector<StyledText> cells;
    for (const auto& cell : row) {
      StyledText t;
      t.append(cell);
      cells.push_back(t);
    }
    styled.push_back(cells);
  }
  return print_lines(styled_table(columns, styled, table_width), table_width, false);
}

std::string summary_text(const ModelImpl& model, const models::SummaryOptions& options,
                         bool terminal) {
  const auto* sequential = dynamic_cast<const models::SequentialImpl*>(&model);
  const auto* functional = dynamic_cast<const models::FunctionalImpl*>(&model);
  std::vector<LayerPtr> layers = model.layers();
  bool sequential_like = true;
  if (!sequential && functional) {
    std::vector<const layers::CallNode*> nodes;
    for (const auto& [depth, depth_nodes] : functional->nodes_by_depth()) {
      if (depth_nodes.size() > 1 ||
          (depth_nodes.size() == 1 && depth_nodes[0]->inputs.size() > 1)) {
        sequential_like = false;
        break;
      }
      nodes.insert(nodes.end(), depth_nodes.begin(), depth_nodes.end());
    }
    if (sequential_like) {
      // A layer called more than once in this graph (shared) makes it non-sequential.
      for (const LayerPtr& layer : layers) {
        int calls = 0;
        for (const auto& node : layer->inbound_nodes())
          calls += std::find(nodes.begin(), nodes.end(), node.get()) != nodes.end() ? 1 : 0;
        if (calls > 1) {
          sequential_like = false;
          break;
        }
      }
    }
  }

  int default_line_length;
  std::vector<double> positions = options.positions;
  std::vector<TableColumn> columns;
  if (sequential_like) {
    default_line_length = 88;
    if (positions.empty()) positions = {0.45, 0.80, 1.0};
    columns = {{"Layer (type)", 'l'}, {"Output Shape", 'l'}, {"Param #", 'r'}};
  } else {
    default_line_length = 108;
    if (positions.empty()) positions = {0.3, 0.56, 0.74, 1.0};
    columns = {
        {"Layer (type)", 'l'}, {"Output Shape", 'l'}, {"Param #", 'r'}, {"Connected to", 'l'}};
  }
  if (options.show_trainable) {
    default_line_length += 12;
    for (double& p : positions) p *= 0.90;
    positions.push_back(1.0);
    columns.push_back({"Trainable", 'c'});
  }
  if (positions.size() != columns.size())
    throw ValueError(str("summary: `positions` must give ", columns.size(),
                         " column positions, got ", options.positions.size()));
  default_line_length = std::min(default_line_length, terminal_columns() - 4);
  int line_length = options.line_length.value_or(default_line_length);
  int current = 0;
  for (size_t i = 0; i < positions.size(); ++i) {
    int width = static_cast<int>(positions[i] * line_length) - current;
    if (width < 4) throw ValueError("Insufficient console width to print summary.");
    columns[i].width = width;
    current += width;
  }

  std::vector<std::vector<StyledText>> rows;
  std::function<void(layers::Layer&, int)> add_layer = [&](layers::Layer& layer, int level) {
    StyledText name;
    if (level) name.append(repeat("   ", level) + "└ ");
    name.append(layer.name() + " (");
    name.append(layer.class_name(), kSymbol);
    name.append(")");
    StyledText params;
    if (!layer.built()) {
      params = number_text("0");
      params.append(" (unbuilt)");
    } else {
      params = number_text(thousands(layer.count_params()));
    }
    std::vector<StyledText> row{name, format_layer_shape(layer), params};
    if (!sequential_like) row.push_back(connections(layer, functional));
    if (options.show_trainable) {
      StyledText flag;
      if (!layer.weights().empty())
        flag.append(layer.trainable() ? "Y" : "N", kBold);
      else
        flag.append("-", kBold);
      row.push_back(flag);
    }
    rows.push_back(row);
    auto* nested = dynamic_cast<models::ModelImpl*>(&layer);
    if (options.expand_nested && nested)
      for (const LayerPtr& child : nested->layers()) add_layer(*child, level + 1);
  };
  auto [first, last] = layer_index_bounds(layers, options);
  for (size_t i = first; i < last; ++i) add_layer(*layers[i], 0);

  Weights trainable = measure(model.trainable_weights());
  Weights non_trainable = measure(model.non_trainable_weights());
  std::vector<Variable> optimizer = model.optimizer_variables();
  Weights optimizer_weights = measure(optimizer);
  int64_t total_count = trainable.count + non_trainable.count + optimizer_weights.count;
  double total_bytes = trainable.bytes + non_trainable.bytes + optimizer_weights.bytes;

  std::vector<StyledText> lines;
  StyledText title;
  title.append("Model: \"" + model.name() + "\"", kBold);
  lines.push_back(title);
  for (StyledText& line : styled_table(columns, rows, line_length)) lines.push_back(line);
  auto params_line = [&](const char* label, int64_t count, double bytes) {
    StyledText t;
    t.append(label, kBold);
    t.append(thousands(count), kNumber);
    t.append(" (" + readable_memory_size(bytes) + ")");
    lines.push_back(t);
  };
  params_line(" Total params: ", total_count, total_bytes);
  params_line(" Trainable params: ", trainable.count, trainable.bytes);
  params_line(" Non-trainable params: ", non_trainable.count, non_trainable.bytes);
  if (!optimizer.empty())
    params_line(" Optimizer params: ", optimizer_weights.count, optimizer_weights.bytes);
  std::string out = print_lines(lines, terminal_columns(), terminal);
  return out;
}

}  // namespace keras::utils
