// model.summary() compared byte for byte with what Keras 3 itself printed for the same models
// (tests/golden/keras3/make_summaries.py -> tests/golden/data/keras3_summaries.json): stdout not
// a terminal and print_fn give the plain text; the "terminal_" cases are what Keras prints to a
// 256-colour terminal. The models are built here per case name, in the order and with the names
// of the generator's builders; the summary() arguments and $COLUMNS come from the case.
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <map>
#include <sstream>

#include "keras/core/error.h"
#include "keras/core/json.h"
#include "keras/layers/layers.h"
#include "keras/models/sequential.h"
#include "keras/ops/math.h"
#include "keras/optimizers/optimizers.h"
#include "keras/utils/naming.h"
#include "keras/utils/summary_utils.h"
#include "tests/ops/harness.h"
#include "tests/support/golden.h"
#include "tests/support/saved_environment.h"

namespace keras {
namespace {

namespace L = layers;
using L::Dense;
using L::Tensors;

// On a mismatch, both texts as they print, and the first line that differs.
void expect_same_text(const std::string& actual, const std::string& expected) {
  if (actual == expected) return;
  std::istringstream a(actual), e(expected);
  std::string line_a, line_e;
  int line = 1;
  while (std::getline(a, line_a) && std::getline(e, line_e) && line_a == line_e) ++line;
  ADD_FAILURE() << "first difference on line " << line << "\nkerascpp:\n"
                << actual << "\nKeras 3:\n"
                << expected;
}

// --- The models, as the generator's builders make them ------------------------------------------

Model mnist_mlp() {
  return Sequential({Input({784}), Dense(512, {.activation = "relu"}), L::Dropout(0.2),
                     Dense(512, {.activation = "relu"}), L::Dropout(0.2),
                     Dense(10, {.activation = "softmax"})});
}

Model lazy_sequential() {
  return Sequential({Dense(4), Dense(2)}, {.name = "lazy"});
}

Model sequential_built_by_build() {
  Sequential model({Dense(4), Dense(2)});
  model.build(L::Shapes(Shape{-1, 3}));
  return model;
}

Model sequential_built_by_call() {
  Sequential model({Dense(4), Dense(2)});
  model(Tensor::zeros(Shape{2, 3}, DType::float32));
  return model;
}

Model empty_sequential() {
  return Sequential();
}

Model rank_one_input() {
  return Sequential({Input(Shape{}), L::Activation("relu")});
}

Model fixed_batch_and_unknown_dims() {
  return Sequential({Input({-1, 8}, {.batch_size = 16}), Dense(4), L::LayerNormalization()});
}

Model core_layers() {
  Tensor tokens = Input({10}, {.dtype = DType::int32, .name = "tokens"});
  Tensor x = L::Embedding(1000, 8, {.name = "embedding"})(tokens);
  x = L::Identity({.name = "identity"})(x);
  x = L::Lambda([](const Tensor& t) { return ops::multiply(t, 2.0); }, {.name = "doubled"})(x);
  x = L::EinsumDense("abc,cd->abd", Shape{10, 5}, {.bias_axes = "d", .name = "einsum_dense"})(x);
  x = Dense(3, {.name = "dense"})(x);
  return Model(tokens, x, {.name = "core"});
}

Model masking_sequential() {
  return Sequential({Input({10, 8}), L::Masking(), Dense(3)}, {.name = "masked"});
}

Model reshaping_layers() {
  return Sequential({Input({6, 4}), L::Permute({2, 1}), L::Reshape({3, 8}), L::Flatten(),
                     L::RepeatVector(3), L::Reshape({-1})},
                    {.name = "reshaping"});
}

Model activation_layers() {
  return Sequential({Input({5}), L::Activation("tanh"), L::ReLU(), L::LeakyReLU(), L::PReLU(),
                     L::ELU(), L::Softmax()},
                    {.name = "activations"});
}

Model regularization_layers() {
  return Sequential(
      {Input({4, 6}), L::Dropout(0.5), L::SpatialDropout1D(0.5), L::AlphaDropout(0.5),
       L::GaussianNoise(0.1), L::GaussianDropout(0.1), L::ActivityRegularization({.l1 = 0.01}),
       L::Reshape({2, 2, 6}), L::SpatialDropout2D(0.5)},
      {.name = "regularization"});
}

Model normalization_layers() {
  return Sequential({Input({6}), Dense(8), L::BatchNormalization(), L::LayerNormalization(),
                     L::UnitNormalization(), Dense(1)},
                    {.name = "normalization"});
}

Model merging_layers() {
  Tensor a = Input({4}, {.name = "a"});
  Tensor b = Input({4}, {.name = "b"});
  Tensor added = L::Add({.name = "add"})({a, b});
  Tensor subtracted = L::Subtract({.name = "subtract"})({a, b});
  Tensor multiplied = L::Multiply({.name = "multiply"})({added, subtracted});
  Tensor averaged = L::Average({.name = "average"})({a, b, multiplied});
  Tensor largest = L::Maximum({.name = "maximum"})({a, averaged});
  Tensor smallest = L::Minimum({.name = "minimum"})({b, averaged});
  Tensor joined = L::Concatenate({.name = "concatenate"})({largest, smallest});
  Tensor dotted = L::Dot(1, {.name = "dot"})({largest, smallest});
  return Model({a, b}, {joined, dotted}, {.name = "merging"});
}

Model merging_functions() {
  Tensor a = Input({3});
  Tensor b = Input({3});
  return Model({a, b}, L::concatenate({L::add({a, b}), L::multiply({a, b})}));
}

Model two_heads() {
  Tensor x = Input({8}, {.name = "features"});
  Tensor h = Dense(16, {.activation = "relu", .name = "hidden"})(x);
  return Model(x, {Dense(3, {.name = "head_a"})(h), Dense(1, {.name = "head_b"})(h)},
               {.name = "two_heads"});
}

Model two_inputs() {
  Tensor a = Input({32}, {.name = "a"});
  Tensor b = Input({16}, {.name = "b"});
  Tensor joined = L::Concatenate({.name = "concat"})(
      {Dense(8, {.name = "dense_a"})(a), Dense(8, {.name = "dense_b"})(b)});
  return Model({a, b}, Dense(1, {.name = "score"})(joined), {.name = "two_inputs"});
}

Model diamond() {
  Tensor x = Input({4});
  Tensor left = Dense(3)(x);
  Tensor right = Dense(3)(x);
  return Model(x, L::Add()({left, right}));
}

Model functional_chain() {
  Tensor x = Input({4}, {.name = "x"});
  Tensor y = Dense(2, {.name = "second"})(Dense(3, {.name = "first"})(x));
  return Model(x, y, {.name = "chain"});
}

Model shared_layer() {
  Tensor a = Input({4}, {.name = "left"});
  Tensor b = Input({4}, {.name = "right"});
  Dense shared(2, {.name = "shared"});
  return Model({a, b}, L::Add({.name = "sum"})({shared(a), shared(b)}), {.name = "siamese"});
}

Model shared_layer_in_a_chain() {
  Tensor x = Input({3}, {.name = "x"});
  Dense twice(3, {.name = "twice"});
  return Model(x, twice(twice(x)), {.name = "repeated"});
}

Model nested() {
  Sequential encoder({Input({4}), Dense(8, {.name = "inner_dense"})}, {.name = "encoder"});
  Tensor x = Input({4}, {.name = "x"});
  return Model(x, Dense(2, {.name = "out"})(encoder(x)), {.name = "outer"});
}

Model nested_two_levels() {
  Sequential inner({Input({4}), Dense(5, {.name = "deep"})}, {.name = "inner"});
  Tensor x = Input({4}, {.name = "mid_in"});
  Model middle(x, Dense(3, {.name = "mid_dense"})(inner(x)), {.name = "middle"});
  return Sequential({Input({4}), middle, Dense(1, {.name = "top"})}, {.name = "outer"});
}

Model nested_multi_output() {
  Tensor x = Input({4}, {.name = "x"});
  Model inner(x, {Dense(2, {.name = "ha"})(x), Dense(3, {.name = "hb"})(x)}, {.name = "inner"});
  Tensor y = Input({4}, {.name = "y"});
  Tensors both = inner(Tensors(y));
  return Model(y, L::Concatenate({.name = "join"})({both[0], both[1]}), {.name = "outer"});
}

Model nested_dict_output() {
  Tensor x = Input({4}, {.name = "x"});
  Model inner(x,
              Tensors(std::map<std::string, Tensor>{{"b", Dense(3, {.name = "hb"})(x)},
                                                    {"a", Dense(2, {.name = "ha"})(x)}}),
              {.name = "inner"});
  Tensor y = Input({4}, {.name = "y"});
  Tensors outputs = inner(Tensors(y));
  return Model(y, {outputs.at("a"), outputs.at("b")}, {.name = "outer"});
}

Model nested_shared() {
  Tensor x = Input({4}, {.name = "x"});
  Model tower(x, Dense(2, {.name = "tower_dense"})(x), {.name = "tower"});
  Tensor a = Input({4}, {.name = "a"});
  Tensor b = Input({4}, {.name = "b"});
  return Model({a, b}, L::Add({.name = "sum"})({tower(a), tower(b)}), {.name = "twins"});
}

Model nested_sequential_in_sequential() {
  Sequential block({Dense(6, {.name = "block_dense"}), L::ReLU({.name = "block_relu"})},
                   {.name = "block"});
  return Sequential({Input({3}), block, Dense(2, {.name = "head"})}, {.name = "stack"});
}

Model frozen_layer() {
  Sequential model({Input({4}), Dense(6, {.name = "a_layer_with_a_very_long_name_that_wraps"}),
                    L::Dropout(0.1, {.name = "drop"}), Dense(1, {.name = "top"})},
                   {.name = "frozen_and_long"});
  model.layers()[0]->set_trainable(false);
  return model;
}

Model frozen_model_with_batch_norm() {
  Sequential model({Input({5}), Dense(4), L::BatchNormalization(), Dense(2)}, {.name = "frozen"});
  model.set_trainable(false);
  return model;
}

Model frozen_nested() {
  Sequential encoder(
      {Input({3}), Dense(4, {.name = "enc_dense"}), L::BatchNormalization({.name = "enc_bn"})},
      {.name = "encoder"});
  encoder.layers()[0]->set_trainable(false);
  Tensor x = Input({3}, {.name = "x"});
  return Model(x, Dense(1, {.name = "out"})(encoder(x)), {.name = "partly_frozen"});
}

Model long_names() {
  return Sequential(
      {Input({3}), Dense(2, {.name = std::string(50, 'x')}),
       Dense(2, {.name = "a name with spaces that is long enough to wrap over lines"}),
       L::BatchNormalization({.name = "bn_" + std::string(40, 'y')})},
      {.name = std::string(90, 'm')});
}

Model large_counts() {
  return Sequential({Input({20}, {.dtype = DType::int32}), L::Embedding(50000, 128), L::Flatten(),
                     Dense(1000), Dense(10)},
                    {.name = "large"});
}

Model kilobytes() {
  return Sequential({Input({10}), Dense(100)});
}

Model float64_and_float16_weights() {
  return Sequential({Input({3}), Dense(4, {.dtype = DType::float64}),
                     Dense(4, {.dtype = DType::float16}), Dense(2)},
                    {.name = "dtypes"});
}

class TwoDense : public ModelImpl {
 public:
  TwoDense() : ModelImpl("TwoDense"), first_(track(Dense(4))), second_(track(Dense(2))) {}

 protected:
  L::Tensors call(const L::Tensors& inputs, const L::CallContext&) override {
    return second_(first_(inputs.single()));
  }

 private:
  Dense first_, second_;
};

Model subclassed() {
  Model model = models::make_model<TwoDense>();
  model(Tensor::zeros(Shape{2, 3}, DType::float32));
  return model;
}

Model compiled_not_trained() {
  Sequential model({Input({3}), Dense(2)});
  model.compile({.optimizer = "adam", .loss = "mse"});
  return model;
}

// The generator's data(n, inputs, outputs).
std::pair<Tensor, Tensor> data(int64_t n, int64_t inputs, int64_t outputs) {
  std::vector<float> x, y;
  for (int64_t i = 0; i < n * inputs; ++i) x.push_back(static_cast<float>(i % 5) / 4.0f);
  for (int64_t i = 0; i < n * outputs; ++i) y.push_back(static_cast<float>(i % 3) / 2.0f);
  return {Tensor::from_vector(x, Shape{n, inputs}), Tensor::from_vector(y, Shape{n, outputs})};
}

void fit_one_batch(Model& model) {
  auto [x, y] = data(4, 3, 2);
  model.fit(x, y, {.batch_size = 4, .epochs = 1, .verbose = 0});
}

Model compiled_and_trained_adam() {
  Model model = Sequential({Input({3}), Dense(4), L::BatchNormalization(), Dense(2)});
  model.compile({.optimizer = "adam", .loss = "mse"});
  fit_one_batch(model);
  return model;
}

Model compiled_and_trained_sgd() {
  Model model = Sequential({Input({3}), Dense(2)});
  model.compile({.optimizer = "sgd", .loss = "mse"});
  fit_one_batch(model);
  return model;
}

Model compiled_and_trained_momentum_frozen() {
  Model model = Sequential({Input({3}), Dense(4, {.name = "frozen"}), Dense(2)});
  model.layers()[0]->set_trainable(false);
  model.compile({.optimizer = optimizers::SGD({.momentum = 0.9}), .loss = "mse"});
  fit_one_batch(model);
  return model;
}

Model name_with_markup() {
  return Sequential({Input({2}), Dense(2, {.name = "dense[bold]"})}, {.name = "model[red]"});
}

const std::map<std::string, std::function<Model()>>& builders() {
  static const std::map<std::string, std::function<Model()>> all = {
      {"mnist_mlp", mnist_mlp},
      {"lazy_sequential", lazy_sequential},
      {"sequential_built_by_build", sequential_built_by_build},
      {"sequential_built_by_call", sequential_built_by_call},
      {"empty_sequential", empty_sequential},
      {"rank_one_input", rank_one_input},
      {"fixed_batch_and_unknown_dims", fixed_batch_and_unknown_dims},
      {"core_layers", core_layers},
      {"masking_sequential", masking_sequential},
      {"reshaping_layers", reshaping_layers},
      {"activation_layers", activation_layers},
      {"regularization_layers", regularization_layers},
      {"normalization_layers", normalization_layers},
      {"merging_layers", merging_layers},
      {"merging_functions", merging_functions},
      {"two_heads", two_heads},
      {"two_inputs", two_inputs},
      {"diamond", diamond},
      {"functional_chain", functional_chain},
      {"shared_layer", shared_layer},
      {"shared_layer_in_a_chain", shared_layer_in_a_chain},
      {"nested", nested},
      {"nested_two_levels", nested_two_levels},
      {"nested_multi_output", nested_multi_output},
      {"nested_dict_output", nested_dict_output},
      {"nested_shared", nested_shared},
      {"nested_sequential_in_sequential", nested_sequential_in_sequential},
      {"frozen_layer", frozen_layer},
      {"frozen_model_with_batch_norm", frozen_model_with_batch_norm},
      {"frozen_nested", frozen_nested},
      {"long_names", long_names},
      {"large_counts", large_counts},
      {"kilobytes", kilobytes},
      {"float64_and_float16_weights", float64_and_float16_weights},
      {"subclassed", subclassed},
      {"compiled_not_trained", compiled_not_trained},
      {"compiled_and_trained_adam", compiled_and_trained_adam},
      {"compiled_and_trained_sgd", compiled_and_trained_sgd},
      {"compiled_and_trained_momentum_frozen", compiled_and_trained_momentum_frozen},
      {"name_with_markup", name_with_markup},
  };
  return all;
}

models::SummaryOptions options_of(const Json& args) {
  models::SummaryOptions options;
  if (args.contains("line_length")) options.line_length = args.at("line_length").get<int>();
  if (args.contains("positions"))
    options.positions = args.at("positions").get<std::vector<double>>();
  options.expand_nested = args.value("expand_nested", false);
  options.show_trainable = args.value("show_trainable", false);
  if (args.contains("layer_range"))
    options.layer_range = std::pair(args.at("layer_range").at(0).get<std::string>(),
                                    args.at("layer_range").at(1).get<std::string>());
  return options;
}

// What model.summary() writes to std::cout.
std::string printed(const Model& model, const models::SummaryOptions& options) {
  std::ostringstream captured;
  std::streambuf* saved = std::cout.rdbuf(captured.rdbuf());
  try {
    model.summary(options);
  } catch (...) {
    std::cout.rdbuf(saved);
    throw;
  }
  std::cout.rdbuf(saved);
  return captured.str();
}

// The variables rich reads, as the case had them. TTY_COMPATIBLE=0 stands for the generator's
// stdout, a file: this test's own stdout may be a terminal.
const char* const kConsoleVariables[] = {"COLUMNS",   "LINES", "FORCE_COLOR",   "NO_COLOR",
                                         "COLORTERM", "TERM",  "TTY_COMPATIBLE"};

class KerasSummary : public ::testing::Test {
 protected:
  void set_console(const testing::GoldenCase& c) {
    for (const char* name : kConsoleVariables) ::unsetenv(name);
    ::setenv("COLUMNS", std::to_string(c.extra.at("columns").get<int>()).c_str(), 1);
    const Json& env = c.extra.at("env");
    if (env.empty()) ::setenv("TTY_COMPATIBLE", "0", 1);
    for (const auto& [name, value] : env.items())
      ::setenv(name.c_str(), value.get<std::string>().c_str(), 1);
  }
  testing::SavedEnvironment env_{"COLUMNS",   "LINES", "FORCE_COLOR",   "NO_COLOR",
                                 "COLORTERM", "TERM",  "TTY_COMPATIBLE"};
};

TEST_F(KerasSummary, EveryCaseMatchesKeras3ByteForByte) {
  int summaries = 0;
  for (const testing::GoldenCase& c : testing::load_golden("keras3_summaries.json")) {
    if (c.name.rfind("rich_table_", 0) == 0) continue;
    SCOPED_TRACE(c.name);
    const Json& e = c.extra;
    utils::clear_session();  // automatic names start again, as after Keras's clear_session()
    Model model = builders().at(e.at("model").get<std::string>())();
    set_console(c);
    models::SummaryOptions options = options_of(e.at("args"));
    ++summaries;
    if (e.contains("error")) {
      EXPECT_EQ(e.at("error").at("type"), "ValueError");
      testing::expect_error<ValueError>([&] { printed(model, options); },
                                        e.at("error").at("message").get<std::string>());
      continue;
    }
    const std::string expected = e.at("stdout").get<std::string>();
    expect_same_text(printed(model, options), expected);
    if (!e.at("env").empty()) continue;
    // print_fn gets the whole text in one call, as in Keras; summary_text() returns it.
    std::vector<std::string> calls;
    options.print_fn = [&](const std::string& text) { calls.push_back(text); };
    model.summary(options);
    EXPECT_EQ(static_cast<int>(calls.size()), e.at("print_fn_calls").get<int>());
    if (!calls.empty()) {
      expect_same_text(calls[0], expected);
    }
    expect_same_text(model.summary_text(options), expected);
  }
  EXPECT_EQ(summaries, 80);
}

// The layer_range error names what was passed, as Python's str() of a tuple.
TEST_F(KerasSummary, LayerRangeThatMatchesNothing) {
  utils::clear_session();
  testing::expect_error<ValueError>(
      [] { mnist_mlp().summary_text({.layer_range = std::pair("x", "dense")}); },
      "Passed layer_names do not match the layer names in the model. Received: ('x', 'dense')");
}

TEST(SummaryFormat, MemorySizesAndThousands) {
  EXPECT_EQ(utils::readable_memory_size(0), "0.00 B");
  EXPECT_EQ(utils::readable_memory_size(1023), "1023.00 B");
  EXPECT_EQ(utils::readable_memory_size(1024), "1.00 KB");
  EXPECT_EQ(utils::readable_memory_size(1628200), "1.55 MB");
  EXPECT_EQ(utils::thousands(0), "0");
  EXPECT_EQ(utils::thousands(999), "999");
  EXPECT_EQ(utils::thousands(1000), "1,000");
  EXPECT_EQ(utils::thousands(407050), "407,050");
  EXPECT_EQ(utils::thousands(1234567890), "1,234,567,890");
}

// Random tables drawn by rich.table (the rich Keras 3.15.1 installs) and by kerascpp's drawer:
// wrapping, ellipses, justification and width reduction agree character for character.
TEST(SummaryTable, MatchesRichForRandomTables) {
  int checked = 0;
  for (const auto& c : testing::load_golden("keras3_summaries.json")) {
    if (c.name.rfind("rich_table_", 0) != 0) continue;
    const Json& table = c.extra.at("table");
    std::vector<utils::TableColumn> columns;
    for (const Json& col : table.at("columns"))
      columns.push_back({col.at("header").get<std::string>(),
                         col.at("justify").get<std::string>()[0], col.at("width").get<int>()});
    std::vector<std::vector<std::string>> rows;
    for (const Json& row : table.at("rows")) rows.push_back(row.get<std::vector<std::string>>());
    EXPECT_EQ(utils::render_table(columns, rows, table.at("width").get<int>()),
              c.extra.at("text").get<std::string>())
        << c.name;
    ++checked;
  }
  EXPECT_EQ(checked, 40);
}

}  // namespace
}  // namespace keras
