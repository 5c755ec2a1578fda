// model.summary() as Keras 3 prints it (keras/src/utils/summary_utils.py print_summary): the
// title, a rich table of the layers (Layer (type), Output Shape, Param #, and Connected to for
// models that are not a plain stack; Trainable on request), and the parameter counts, drawn and
// coloured as rich draws them (keras/utils/rich_console.h).
#pragma once

#include <string>
#include <vector>

#include "keras/models/model.h"
#include "keras/utils/rich_console.h"

namespace keras::utils {

// The whole summary as `console` prints it: `Model: "<name>"` and the Total / Trainable /
// Non-trainable (and Optimizer) params lines wrapped at its width, the table cropped at it,
// escape codes as its colours allow, each line ending in a newline. ValueError when a column
// would be narrower than 4 ("Insufficient console width to print summary.") and when
// layer_range matches no layer.
std::string summary_text(const models::ModelImpl& model, const models::SummaryOptions& options,
                         const rich::Console& console);

// 1628200 -> "1.55 MB" (base 1024, units B, KB, MB, GB, TB, PB).
std::string readable_memory_size(double bytes);
// 407050 -> "407,050".
std::string thousands(int64_t value);

// Python's shutil.get_terminal_size().columns, which sets the table's default width: $COLUMNS
// when it is a positive integer, else the width of the terminal on stdout, else 80.
int terminal_columns();

// The table drawer, exposed for tests: rich.table.Table with show_lines=True, the given column
// widths (content widths, without padding) and justifications, drawn at `table_width` characters,
// plain.
using rich::TableColumn;
std::string render_table(const std::vector<TableColumn>& columns,
                         const std::vector<std::vector<std::string>>& rows, int table_width);

}  // namespace keras::utils
