// Keras 3's print_summary on kerascpp models: which columns (a functional model is printed as a
// plain stack only when every depth has one node with one input and no layer is called twice),
// the rows (nested models expanded depth first under "└ " with three spaces per level), the cells
// with Keras's markup colours (class names 33, numbers 34, None 45, Trainable Y/N bold 34/9), and
// the counts: trainable and non-trainable weights each counted once, the optimizer's variables
// once it is built, sizes from each variable's dtype.
#include "keras/utils/summary_utils.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
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
using rich::Style;
using rich::Text;

const Style kSymbol{false, 33}, kNumber{false, 34}, kNone{false, 45}, kBold{true, -1};

Text number_text(const std::string& s) {
  return Text(s, kNumber);
}

// "(None, 512)": Keras joins the dimensions, so one dimension prints "(5)", not "(5,)".
void append_shape(Text& t, const Shape& shape) {
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

// A node's outputs are a flat list in Keras (dicts flattened in key order), so several outputs
// print as "[(None, 2), (None, 3)]"; only a shape computed from the build shapes keeps a dict
// ("{a: (None, 2), ...}", Python's str() without the quotes).
Text format_layer_shape(layers::Layer& layer) {
  Text t;
  std::vector<Shape> shapes;
  bool dict = false;
  std::vector<std::string> keys;
  if (!layer.inbound_nodes().empty()) {
    for (const TensorMeta& m : layer.inbound_nodes().back()->output_metas)  // the last call's
      shapes.push_back(m.shape);
  } else if (layer.build_shapes()) {
    try {
      Shapes out = layer.compute_output_shape(*layer.build_shapes());
      shapes = out.flat();
      dict = out.kind() == Shapes::Kind::dict;
      keys = out.keys();
    } catch (const Error&) {
      return Text("?");
    }
  } else {
    return Text("?");
  }
  if (shapes.size() == 1) {
    append_shape(t, shapes[0]);
    return t;
  }
  t.append(dict ? "{" : "[");
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (i) t.append(", ");
    if (dict) t.append(keys[i] + ": ");
    append_shape(t, shapes[i]);
  }
  t.append(dict ? "}" : "]");
  return t;
}

Text connections(const layers::Layer& layer, const models::FunctionalImpl* functional) {
  Text t;
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

bool is_sequential_like(const ModelImpl& model, const std::vector<LayerPtr>& layers) {
  const auto* functional = dynamic_cast<const models::FunctionalImpl*>(&model);
  if (dynamic_cast<const models::SequentialImpl*>(&model) || !functional) return true;
  std::vector<const layers::CallNode*> nodes;
  for (const auto& [depth, depth_nodes] : functional->nodes_by_depth()) {
    if (depth_nodes.size() > 1 || (depth_nodes.size() == 1 && depth_nodes[0]->inputs.size() > 1))
      return false;
    nodes.insert(nodes.end(), depth_nodes.begin(), depth_nodes.end());
  }
  // A layer called more than once in this graph (shared) makes it non-sequential.
  for (const LayerPtr& layer : layers) {
    int calls = 0;
    for (const auto& node : layer->inbound_nodes())
      calls += std::find(nodes.begin(), nodes.end(), node.get()) != nodes.end() ? 1 : 0;
    if (calls > 1) return false;
  }
  return true;
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
  std::vector<std::vector<Text>> cells;
  for (const auto& row : rows) {
    std::vector<Text> line;
    for (const auto& cell : row) line.emplace_back(cell);
    cells.push_back(line);
  }
  return rich::render(rich::table(columns, cells, table_width), {.width = table_width});
}

std::string summary_text(const ModelImpl& model, const models::SummaryOptions& options,
                         const rich::Console& console) {
  const auto* functional = dynamic_cast<const models::FunctionalImpl*>(&model);
  std::vector<LayerPtr> layers = model.layers();
  bool sequential_like = is_sequential_like(model, layers);

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

  std::vector<std::vector<Text>> rows;
  std::function<void(layers::Layer&, int)> add_layer = [&](layers::Layer& layer, int level) {
    Text name;
    for (int i = 0; i < level; ++i) name.append("   ");
    if (level) name.append("└ ");
    name.append(layer.name() + " (");
    name.append(layer.class_name(), kSymbol);
    name.append(")");
    Text params;
    if (!layer.built()) {
      params = number_text("0");
      params.append(" (unbuilt)");
    } else {
      params = number_text(thousands(layer.count_params()));
    }
    std::vector<Text> row{name, format_layer_shape(layer), params};
    if (!sequential_like) row.push_back(connections(layer, functional));
    if (options.show_trainable) {
      if (layer.weights().empty())
        row.emplace_back("-", kBold);
      else
        row.emplace_back(layer.trainable() ? "Y" : "N", Style{true, layer.trainable() ? 34 : 9});
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

  // Each console.print() of Keras: the title, the table, one line per count.
  std::vector<rich::Line> lines =
      rich::print_text(Text("Model: \"" + model.name() + "\"", kBold), console.width);
  for (rich::Line& line : rich::table(columns, rows, line_length)) lines.push_back(line);
  auto params_line = [&](const char* label, int64_t count, double bytes) {
    Text t(label, kBold);
    t.append(thousands(count), kNumber);
    t.append(" (" + readable_memory_size(bytes) + ")");
    for (rich::Line& line : rich::print_text(t, console.width)) lines.push_back(line);
  };
  params_line(" Total params: ", total_count, total_bytes);
  params_line(" Trainable params: ", trainable.count, trainable.bytes);
  params_line(" Non-trainable params: ", non_trainable.count, non_trainable.bytes);
  if (!optimizer.empty())
    params_line(" Optimizer params: ", optimizer_weights.count, optimizer_weights.bytes);
  return rich::render(lines, console);
}

}  // namespace keras::utils
