// The part of the `rich` library (15.0, the one Keras 3.15 installs) that Keras 3's
// model.summary() prints through: a Console (its width, whether it is a terminal, its colour
// system), styled text word-wrapped as Console.print wraps it, and Table(show_lines=True) with
// fixed column widths. Used by summary_utils.cc; exposed for its tests.
//
// Text is handled as code points (Python's str) with one style each; widths count code points
// (rich counts terminal cells: the same for everything a summary holds except East Asian wide
// characters, which rich counts twice).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace keras::utils::rich {

// rich's ColorSystem; truecolor prints palette colours as eight_bit does.
enum class ColorSystem { none, standard, eight_bit };

// Where rich would print: the console's width and colours.
struct Console {
  int width = 80;
  ColorSystem colors = ColorSystem::none;
  bool no_color = false;  // NO_COLOR: colours dropped, bold kept
};

// Console(highlight=False) on stdout, as Keras makes it when print_fn is unset: a terminal when
// TTY_COMPATIBLE is "1", not when it is "0", else when FORCE_COLOR is set (non-empty), else when
// stdout is a tty; colours from COLORTERM and TERM on a terminal (none on TERM=dumb or unknown);
// the width from $COLUMNS (all digits), else the first of stdin, stdout, stderr that is a
// terminal, else 80 (80 on a dumb terminal unless LINES is set too).
Console stdout_console();
// Console(highlight=False, force_terminal=False, color_system=None), Keras's capturing console
// for print_fn: plain text, the same width rule.
Console capture_console();

// A style: bold and a palette colour (0-255; -1 none), as Keras's markup uses them.
struct Style {
  bool bold = false;
  int color = -1;
  bool operator==(const Style&) const = default;
  bool null() const { return !bold && color < 0; }
  // rich's Style addition: the right side's colour wins, bold adds.
  Style operator+(const Style& other) const {
    return {bold || other.bold, other.color >= 0 ? other.color : color};
  }
};

// Code points with a style each (a rich Text whose spans never touch with equal styles).
struct Text {
  std::u32string chars;
  std::vector<Style> styles;

  Text() = default;
  explicit Text(const std::string& utf8, Style style = {}) { append(utf8, style); }
  void append(const std::string& utf8, Style style = {});
  void append(const Text& other);
  size_t size() const { return chars.size(); }
};

// A run of text printed with one style: rich writes "\x1b[<codes>m<text>\x1b[0m" for each
// segment that has a style, even next to one with the same style.
struct Segment {
  std::u32string text;
  Style style;
};
using Line = std::vector<Segment>;

// Console.print(text): word-wrapped at the console width (words longer than a line folded), one
// line per row.
std::vector<Line> print_text(const Text& text, int width);

struct TableColumn {
  std::string header;
  char justify = 'l';  // 'l', 'r', 'c'
  int width = 0;       // content width, without the one-space padding on each side
};
// Table(*columns, width=table_width, show_lines=True) with the HEAVY_HEAD box, bold headers
// aligned to the bottom of their row, cells to the top, wrapped with ellipses for overlong
// words; the lines as rendered (Console.print then crops them at its width).
std::vector<Line> table(const std::vector<TableColumn>& columns,
                        const std::vector<std::vector<Text>>& rows, int table_width);

// The lines as the console writes them: cropped at its width, styled as its colours allow, each
// ending in "\n".
std::string render(const std::vector<Line>& lines, const Console& console);

}  // namespace keras::utils::rich
