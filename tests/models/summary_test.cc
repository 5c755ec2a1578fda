// model.summary() compared, whole text, with what `rich` draws for the same models following
// Keras 3's print_summary (tests/golden/summaries/make_summaries.py).
#include <gtest/gtest.h>

#include "keras/core/json.h"
#include "keras/layers/core/dense.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/merging/concatenate.h"
#include "keras/models/sequential.h"
#include "keras/utils/naming.h"
#include "keras/utils/summary_utils.h"
#include "tests/support/golden.h"
#include "tests/support/saved_environment.h"

namespace keras {
namespace {

using layers::Dense;

class Summary : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("COLUMNS", "80", 1);  // as when stdout is not a terminal
    utils::clear_session();        // automatic names start again at dense, dropout, ...
  }
  std::string expected(const std::string& name) {
    return testing::golden_case(cases_, name).extra.at("text").get<std::string>();
  }
  testing::SavedEnvironment env_{"COLUMNS"};
  std::vector<testing::GoldenCase> cases_ = testing::load_golden("summaries.json");
};

// A stand-in for Dropout that keeps this test independent of the regularization layers.
class NoOpImpl : public layers::Layer {
 public:
  NoOpImpl() : Layer("Dropout") { built_at_construction(); }
  static std::shared_ptr<NoOpImpl> from_config(const Json&) { return std::make_shared<NoOpImpl>(); }

 protected:
  layers::Tensors call(const layers::Tensors& inputs, const layers::CallContext&) override {
    return inputs;
  }
};

Sequential mnist_mlp() {
  return Sequential({Input({784}), Dense(512, {.activation = "relu"}), layers::make<NoOpImpl>(),
                     Dense(512, {.activation = "relu"}), layers::make<NoOpImpl>(),
                     Dense(10, {.activation = "softmax"})});
}

TEST_F(Summary, SequentialMatchesRich) {
  Sequential model = mnist_mlp();
  EXPECT_EQ(model.summary_text(), expected("mnist_mlp"));
  std::string printed;
  model.summary({.print_fn = [&](const std::string& text) { printed = text; }});
  EXPECT_EQ(printed, expected("mnist_mlp"));
}

TEST_F(Summary, WiderTerminal) {
  ::setenv("COLUMNS", "124", 1);
  EXPECT_EQ(mnist_mlp().summary_text(), expected("mnist_mlp_120"));
}

TEST_F(Summary, LinesBeyondTheTerminalAreCropped) {
  Sequential model({Input({784}), Dense(512)});
  EXPECT_EQ(model.summary_text({.line_length = 100}), expected("cropped"));
}

TEST_F(Summary, MultiOutputFunctionalHasConnections) {
  Tensor x = Input({8}, {.name = "features"});
  Tensor h = Dense(16, {.activation = "relu", .name = "hidden"})(x);
  Tensor a = Dense(3, {.name = "head_a"})(h);
  Tensor b = Dense(1, {.name = "head_b"})(h);
  Model model(x, {a, b}, {.name = "two_heads"});
  EXPECT_EQ(model.summary_text(), expected("two_heads"));
}

TEST_F(Summary, MultiInputFunctional) {
  Tensor a = Input({32}, {.name = "a"});
  Tensor b = Input({16}, {.name = "b"});
  Tensor ha = Dense(8, {.name = "dense_a"})(a);
  Tensor hb = Dense(8, {.name = "dense_b"})(b);
  Tensor joined = layers::Concatenate({.name = "concat"})({ha, hb});
  Model model({a, b}, Dense(1, {.name = "score"})(joined), {.name = "two_inputs"});
  EXPECT_EQ(model.summary_text(), expected("two_inputs"));
}

TEST_F(Summary, NestedModel) {
  Sequential encoder({Input({4}), Dense(8, {.name = "inner_dense"})}, {.name = "encoder"});
  Tensor x = Input({4}, {.name = "x"});
  Tensor y = Dense(2, {.name = "out"})(encoder(x));
  Model model(x, y, {.name = "outer"});
  EXPECT_EQ(model.summary_text(), expected("nested"));
  EXPECT_EQ(model.summary_text({.expand_nested = true}), expected("nested_expanded"));
}

TEST_F(Summary, UnbuiltLayers) {
  Sequential model({Dense(4, {.name = "d1"}), Dense(2, {.name = "d2"})}, {.name = "lazy"});
  EXPECT_EQ(model.summary_text(), expected("unbuilt"));
}

TEST_F(Summary, TrainableColumnAndWrappedNames) {
  Dense frozen(6, {.name = "a_layer_with_a_very_long_name_that_wraps"});
  Sequential model({Input({4}), frozen, Dense(1, {.name = "top"})}, {.name = "frozen_and_long"});
  frozen->set_trainable(false);
  EXPECT_EQ(model.summary_text({.line_length = 70, .show_trainable = true}),
            expected("trainable_wrapping"));
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

}  // namespace
}  // namespace keras

namespace keras {
namespace {

// Random tables drawn by rich.table and by kerascpp's drawer: wrapping, ellipses, justification
// and width reduction agree character for character.
TEST(SummaryTable, MatchesRichForRandomTables) {
  int checked = 0;
  for (const auto& c : testing::load_golden("summaries.json")) {
    if (c.name.rfind("table_", 0) != 0) continue;
    std::vector<utils::TableColumn> columns;
    for (const Json& col : c.extra.at("columns"))
      columns.push_back({col.at("header").get<std::string>(),
                         col.at("justify").get<std::string>()[0], col.at("width").get<int>()});
    std::vector<std::vector<std::string>> rows;
    for (const Json& row : c.extra.at("rows")) rows.push_back(row.get<std::vector<std::string>>());
    EXPECT_EQ(utils::render_table(columns, rows, c.extra.at("width").get<int>()),
              c.extra.at("text").get<std::string>())
        << c.name;
    ++checked;
  }
  EXPECT_EQ(checked, 40);
}

}  // namespace
}  // namespace keras
