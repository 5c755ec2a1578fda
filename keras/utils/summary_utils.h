// model.summary() as Keras 3 prints it (keras/src/utils/summary_utils.py), including the table
// that Keras draws with the `rich` library: heavy box-drawing header, a line between rows,
// cells wrapped at spaces, column widths computed and reduced as rich computes them.
#pragma once

#include <string>
#include <vector>

#include "keras/models/model.h"

namespace keras::utils {

// The whole summary: `Model: "<name>"`, the table, and the Total / Trainable / Non-trainable
// (and Optimizer) params lines, each ending in a newline. `terminal` adds rich's bold text and
// colours (ANSI escapes); without it the text is plain, as Keras prints when captured.
std::string summary_text(const models::ModelImpl& model, const models::SummaryOptions& options,
                         bool terminal);

// 1628200 -> "1.55 MB" (base 1024, units B, KB, MB, GB, TB, PB).
std::string readable_memory_size(double bytes);
// 407050 -> "407,050".
std::string thousands(int64_t value);

bool stdout_is_terminal();
// Python's shutil.get_terminal_size().columns: $COLUMNS when it is a positive integer, else the
// width of the terminal on stdout, else 80.
int terminal_columns();

// The table renderer, exposed for tests: a rich.table.Table with show_lines=True, the given
// column widths (content widths, without padding) and justifications ('l', 'r', 'c'), drawn at
// `table_width` characters.
struct TableColumn {
  std::string header;
  char justify = 'l';
  int width = 0;
};
std::string render_table(const std::vector<TableColumn>& columns,
                         const std::vector<std::vector<std::string>>& rows, int table_width);

}  // namespace keras::utils
