// rich 15.0's console, text wrapping and table layout, as far as Keras's summary reaches them.
// Invariants kept from rich, each the reason for a byte Keras prints:
//  - Word wrapping (rich/_wrap.py divide_line): a word is the match of \s*\S+\s*; it stays on
//    the line when its length without trailing space fits what is left; a word longer than a
//    whole line is folded into chunks by Console.print and left whole (then cut with "…") in a
//    table cell. Trailing space that fits stays on the line.
//  - Table widths (Table._calculate_column_widths): each fixed column is measured as its width
//    plus padding, clamped to the room inside the borders; when they do not fit, the excess is
//    taken evenly (ratio_reduce, Python's round-half-even); when they fit, the spare columns go
//    to the columns in proportion to their widths (ratio_distribute, rounding up).
//  - Segments: a cell is printed as left padding, its text in runs of one style, right padding;
//    the cell's style (bold in the header) is added to each, and each styled segment gets its own
//    escape codes. Lines wider than the console are cropped, styles and all.
//  - Colours: palette colours 0-15 print as standard codes (30-37, 90-97), others as 38;5;N on a
//    256-colour terminal, and as the nearest standard colour (rich's palette distance) on a
//    16-colour one.
#include "keras/utils/rich_console.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace keras::utils::rich {

namespace {

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

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\f' || c == U'\v';
}

// --- The console --------------------------------------------------------------------------------

const char* env(const char* name) {
  return std::getenv(name);
}

bool all_digits(const char* s) {
  if (!s || !*s) return false;
  for (; *s; ++s)
    if (!std::isdigit(static_cast<unsigned char>(*s))) return false;
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool stdout_is_a_terminal() {
  const char* tty_compatible = env("TTY_COMPATIBLE");
  if (tty_compatible && std::string(tty_compatible) == "0") return false;
  if (tty_compatible && std::string(tty_compatible) == "1") return true;
  if (const char* force_color = env("FORCE_COLOR")) return *force_color != '\0';
  return ::isatty(STDOUT_FILENO) == 1;
}

bool dumb_terminal(bool terminal) {
  const char* term = env("TERM");
  std::string t = lower(term ? term : "");
  return terminal && (t == "dumb" || t == "unknown");
}

// rich's Console.size().width.
int console_width(bool dumb) {
  const char* columns = env("COLUMNS");
  if (all_digits(columns) && all_digits(env("LINES"))) return std::atoi(columns);
  if (dumb) return 80;
  if (all_digits(columns)) return std::atoi(columns);
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    winsize size{};
    if (::ioctl(fd, TIOCGWINSZ, &size) == 0) return size.ws_col ? size.ws_col : 80;
  }
  return 80;
}

// --- Wrapping -----------------------------------------------------------------------------------

Text slice(const Text& t, size_t begin, size_t end) {
  Text out;
  out.chars = t.chars.substr(begin, end - begin);
  out.styles.assign(t.styles.begin() + static_cast<long>(begin),
                    t.styles.begin() + static_cast<long>(end));
  return out;
}

void pad_right(Text& t, size_t n) {
  t.chars.append(n, U' ');
  t.styles.insert(t.styles.end(), n, Style{});
}

void pad_left(Text& t, size_t n) {
  t.chars.insert(0, n, U' ');
  t.styles.insert(t.styles.begin(), n, Style{});
}

void rstrip(Text& t) {
  size_t n = t.size();
  while (n > 0 && is_space(t.chars[n - 1])) --n;
  t = slice(t, 0, n);
}

// Text.truncate: "…" takes the place (and the style) of the last character that fits.
void truncate(Text& t, size_t width, bool ellipsis, bool pad) {
  size_t length = t.size();
  if (length > width) {
    if (ellipsis && width > 0) {
      Style last = t.styles[width - 1];
      t = slice(t, 0, width - 1);
      t.chars.push_back(U'\u2026');
      t.styles.push_back(last);
    } else {
      t = slice(t, 0, width);
    }
  }
  if (pad && length < width) pad_right(t, width - length);
}

// divide_line: where the lines break.
std::vector<size_t> divide_line(const std::u32string& s, size_t width, bool fold) {
  std::vector<size_t> breaks;
  size_t cell_offset = 0, pos = 0;
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
    if (width >= cell_offset && width - cell_offset >= word_length) {
      cell_offset += full;
    } else if (word_length > width) {
      if (fold) {
        // chop_cells: chunks of `width` characters (the last holds the rest).
        size_t chunk_start = start;
        while (true) {
          size_t chunk = std::min(width == 0 ? size_t{1} : width, end - chunk_start);
          if (chunk_start) breaks.push_back(chunk_start);
          if (chunk_start + chunk >= end) {
            cell_offset = chunk;
            break;
          }
          chunk_start += chunk;
        }
      } else {
        if (start) breaks.push_back(start);
        cell_offset = full;
      }
    } else if (cell_offset && start) {
      breaks.push_back(start);
      cell_offset = full;
    }
    pos = end;
  }
  return breaks;
}

std::vector<Text> divide(const Text& t, size_t width, bool fold) {
  std::vector<Text> lines;
  size_t begin = 0;
  for (size_t d : divide_line(t.chars, width, fold)) {
    lines.push_back(slice(t, begin, d));
    begin = d;
  }
  lines.push_back(slice(t, begin, t.size()));
  for (Text& line : lines) {
    // rstrip_end(width): trailing whitespace beyond the width goes.
    if (line.size() > width) {
      size_t spaces = 0;
      while (spaces < line.size() && is_space(line.chars[line.size() - 1 - spaces])) ++spaces;
      line = slice(line, 0, line.size() - std::min(spaces, line.size() - width));
    }
  }
  return lines;
}

// A table cell's Text.wrap(width, justify, overflow="ellipsis").
std::vector<Text> wrap_cell(const Text& t, size_t width, char justify) {
  std::vector<Text> lines = divide(t, width, /*fold=*/false);
  for (Text& line : lines) {
    auto room = [&] { return width > line.size() ? width - line.size() : 0; };
    if (justify == 'l') {
      truncate(line, width, true, /*pad=*/true);
    } else if (justify == 'c') {
      rstrip(line);
      truncate(line, width, true, false);
      pad_left(line, room() / 2);
      pad_right(line, room());
    } else {
      rstrip(line);
      truncate(line, width, true, false);
      pad_left(line, room());
    }
    truncate(line, width, true, false);
  }
  return lines;
}

// Runs of one style.
Line segments(const Text& t, Style base = {}) {
  Line out;
  for (size_t i = 0; i < t.size(); ++i) {
    Style s = base + t.styles[i];
    if (out.empty() || !(out.back().style == s)) out.push_back({{}, s});
    out.back().text.push_back(t.chars[i]);
  }
  return out;
}

size_t length(const Line& line) {
  size_t n = 0;
  for (const Segment& s : line) n += s.text.size();
  return n;
}

// Segment.adjust_line_length without padding: cut at `width`.
Line crop(const Line& line, size_t width) {
  Line out;
  size_t used = 0;
  for (const Segment& s : line) {
    if (used + s.text.size() < width) {
      out.push_back(s);
      used += s.text.size();
    } else {
      out.push_back({s.text.substr(0, width - used), s.style});
      break;
    }
  }
  return out;
}

// --- Table widths ------------------------------------------------------------------------------

// ratio_reduce: take `total` from `values` in proportion to `ratios`, each at most its maximum.
// Python's round() rounds halves to even, as nearbyint does by default.
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

// ratio_distribute: share `total` out in proportion to `ratios` (rounding up).
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

std::vector<int> column_widths(const std::vector<TableColumn>& columns, int max_width) {
  // A fixed column measures its width plus padding, at most the room there is.
  auto measure = [&](const TableColumn& c, int room) {
    return room < 1 ? 0 : std::min(c.width + 2, room);
  };
  std::vector<int> widths;
  int total = 0;
  for (const TableColumn& c : columns) {
    widths.push_back(std::max(measure(c, max_width), 1));
    total += widths.back();
  }
  if (total > max_width) {
    widths = ratio_reduce(total - max_width, std::vector<int>(columns.size(), 1), widths, widths);
    total = 0;
    for (size_t i = 0; i < columns.size(); ++i) {
      total += widths[i];
      widths[i] = measure(columns[i], widths[i]);
    }
  }
  if (total < max_width && total > 0) {  // a table with a width expands to it
    std::vector<int> extra = ratio_distribute(max_width - total, widths);
    for (size_t i = 0; i < widths.size(); ++i) widths[i] += extra[i];
  }
  return widths;
}

std::u32string repeat(char32_t c, int n) {
  return std::u32string(static_cast<size_t>(std::max(n, 0)), c);
}

// --- Colours ------------------------------------------------------------------------------------

// The xterm 256-colour palette above the 16 standard colours: a 6×6×6 cube, then 24 greys.
void eight_bit_rgb(int n, int rgb[3]) {
  if (n >= 232) {
    rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (n - 232);
    return;
  }
  static const int levels[6] = {0, 95, 135, 175, 215, 255};
  int i = n - 16;
  rgb[0] = levels[i / 36];
  rgb[1] = levels[(i % 36) / 6];
  rgb[2] = levels[i % 6];
}

// rich's STANDARD_PALETTE.match: the nearest of the 16 standard colours by its weighted
// ("redmean") distance, the first on ties.
int nearest_standard(int n) {
  static const int palette[16][3] = {
      {0, 0, 0},     {170, 0, 0},     {0, 170, 0},    {170, 85, 0},   {0, 0, 170},   {170, 0, 170},
      {0, 170, 170}, {170, 170, 170}, {85, 85, 85},   {255, 85, 85},  {85, 255, 85}, {255, 255, 85},
      {85, 85, 255}, {255, 85, 255},  {85, 255, 255}, {255, 255, 255}};
  int rgb[3];
  eight_bit_rgb(n, rgb);
  int best = 0;
  long best_distance = -1;
  for (int i = 0; i < 16; ++i) {
    long red_mean = (rgb[0] + palette[i][0]) / 2;
    long red = rgb[0] - palette[i][0], green = rgb[1] - palette[i][1],
         blue = rgb[2] - palette[i][2];
    long distance = (((512 + red_mean) * red * red) >> 8) + 4 * green * green +
                    (((767 - red_mean) * blue * blue) >> 8);
    if (best_distance < 0 || distance < best_distance) {
      best = i;
      best_distance = distance;
    }
  }
  return best;
}

std::string codes(Style style, const Console& console) {
  std::string out;
  if (style.bold) out += "1";
  if (style.color >= 0 && !console.no_color) {
    int n = style.color;
    if (n >= 16 && console.colors == ColorSystem::standard) n = nearest_standard(n);
    if (!out.empty()) out += ";";
    if (n < 8)
      out += std::to_string(30 + n);
    else if (n < 16)
      out += std::to_string(90 + n - 8);
    else
      out += "38;5;" + std::to_string(n);
  }
  return out;
}

}  // namespace

void Text::append(const std::string& utf8, Style style) {
  std::u32string cps = decode(utf8);
  chars += cps;
  styles.insert(styles.end(), cps.size(), style);
}

void Text::append(const Text& other) {
  chars += other.chars;
  styles.insert(styles.end(), other.styles.begin(), other.styles.end());
}

Console stdout_console() {
  Console console;
  bool terminal = stdout_is_a_terminal();
  bool dumb = dumb_terminal(terminal);
  console.width = console_width(dumb);
  if (terminal && !dumb) {
    const char* colorterm = env("COLORTERM");
    std::string truecolor = lower(colorterm ? colorterm : "");
    const char* term_env = env("TERM");
    std::string term = lower(term_env ? term_env : "");
    // Spaces around COLORTERM and TERM do not count (rich strips them).
    auto strip = [](std::string s) {
      size_t b = s.find_first_not_of(" \t\n\r\f\v"), e = s.find_last_not_of(" \t\n\r\f\v");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    truecolor = strip(truecolor);
    term = strip(term);
    std::string suffix =
        term.substr(term.rfind('-') == std::string::npos ? 0 : term.rfind('-') + 1);
    if (truecolor == "truecolor" || truecolor == "24bit" || suffix == "256color" ||
        suffix == "kitty")
      console.colors = ColorSystem::eight_bit;
    else
      console.colors = ColorSystem::standard;
    const char* no_color = env("NO_COLOR");
    console.no_color = no_color && *no_color;
  }
  return console;
}

Console capture_console() {
  Console console;
  console.width = console_width(/*dumb=*/false);
  return console;
}

std::vector<Line> print_text(const Text& text, int width) {
  size_t w = static_cast<size_t>(std::max(width, 0));
  std::vector<Line> out;
  for (Text& line : divide(text, w, /*fold=*/true)) {
    truncate(line, w, /*ellipsis=*/false, /*pad=*/false);
    out.push_back(segments(line));
  }
  return out;
}

std::vector<Line> table(const std::vector<TableColumn>& columns,
                        const std::vector<std::vector<Text>>& rows, int table_width) {
  size_t n = columns.size();
  std::vector<int> widths = column_widths(columns, table_width - static_cast<int>(n) - 1);

  std::vector<Line> out;
  auto rule = [&](char32_t left, char32_t fill, char32_t mid, char32_t right) {
    std::u32string line(1, left);
    for (size_t i = 0; i < n; ++i) {
      line += repeat(fill, widths[i]);
      line.push_back(i + 1 < n ? mid : right);
    }
    out.push_back({{line, Style{}}});
  };
  // Header cells are bold and aligned to the bottom of their row, other cells to the top.
  auto render_row = [&](const std::vector<Text>& cells, char32_t bar, bool header) {
    Style cell_style{header, -1};
    std::vector<std::vector<Line>> rendered;
    size_t height = 1;
    for (size_t i = 0; i < n; ++i) {
      std::vector<Line> lines;
      int content = widths[i] - 2;
      // rich renders nothing into no space (Console.render with max_width < 1).
      if (content >= 1) {
        for (const Text& text : wrap_cell(i < cells.size() ? cells[i] : Text(),
                                          static_cast<size_t>(content), columns[i].justify)) {
          Line line{{U" ", cell_style}};
          for (Segment& s : segments(text, cell_style)) line.push_back(std::move(s));
          line.push_back({U" ", cell_style});
          lines.push_back(line);
        }
      }
      height = std::max(height, lines.size());
      rendered.push_back(std::move(lines));
    }
    for (size_t row_line = 0; row_line < height; ++row_line) {
      Line line{{std::u32string(1, bar), Style{}}};
      for (size_t i = 0; i < n; ++i) {
        const std::vector<Line>& lines = rendered[i];
        size_t first = header ? height - lines.size() : 0;
        size_t w = static_cast<size_t>(std::max(widths[i], 0));
        if (row_line >= first && row_line - first < lines.size()) {
          Line cell = lines[row_line - first];
          if (length(cell) > w) cell = crop(cell, w);  // a column of width 1 shows one space
          for (Segment& s : cell) line.push_back(std::move(s));
        } else if (w > 0) {
          line.push_back({std::u32string(w, U' '), cell_style});  // the filler of a taller row
        }
        line.push_back({std::u32string(1, bar), Style{}});
      }
      out.push_back(line);
    }
  };

  rule(U'┏', U'━', U'┳', U'┓');
  std::vector<Text> header;
  for (const TableColumn& c : columns) header.emplace_back(c.header);
  render_row(header, U'┃', /*header=*/true);
  rule(U'┡', U'━', U'╇', U'┩');
  for (size_t r = 0; r < rows.size(); ++r) {
    if (r > 0) rule(U'├', U'─', U'┼', U'┤');
    render_row(rows[r], U'│', /*header=*/false);
  }
  rule(U'└', U'─', U'┴', U'┘');
  return out;
}

std::string render(const std::vector<Line>& lines, const Console& console) {
  std::string out;
  size_t width = static_cast<size_t>(std::max(console.width, 0));
  for (const Line& full : lines) {
    Line line = length(full) > width ? crop(full, width) : full;
    for (const Segment& s : line) {
      std::string text;
      for (char32_t c : s.text) encode(c, text);
      std::string c = console.colors == ColorSystem::none ? "" : codes(s.style, console);
      if (c.empty() || text.empty())
        out += text;
      else
        out += "\x1b[" + c + "m" + text + "\x1b[0m";
    }
    out += "\n";
  }
  return out;
}

}  // namespace keras::utils::rich
