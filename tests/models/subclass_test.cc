// Subclassing ModelImpl in C++ for custom forward logic, as subclassing keras.Model does.
#include <gtest/gtest.h>

#include "keras/config/config.h"
#include "keras/layers/core/dense.h"
#include "keras/layers/core/input_layer.h"
#include "keras/models/model.h"
#include "keras/ops/math.h"
#include "keras/utils/naming.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::Dense;
using layers::Tensors;

// Two dense layers with a residual connection, and a different path in training.
class ResidualMlp : public models::ModelImpl {
 public:
  explicit ResidualMlp(int64_t width)
      : ModelImpl("ResidualMlp"),
        hidden_(track(Dense(width, {.activation = "relu"}))),
        out_(track(Dense(width))) {}

  bool saw_training = false;

 protected:
  Tensors call(const Tensors& inputs, const layers::CallContext& context) override {
    saw_training = context.training;
    const Tensor& x = inputs.single();
    return ops::add(x, out_(hidden_(x)));
  }

 private:
  Dense hidden_, out_;
};

TEST(SubclassedModel, TracksLayersAndRunsItsCall) {
  utils::clear_session();
  auto model = models::make_model<ResidualMlp>(4);
  EXPECT_EQ(model.name(), "residual_mlp");
  Tensor x = testing::uniform(Shape{3, 4}).astype(DType::float32);
  Tensor y = model(x, {.training = true});
  EXPECT_TRUE(model->saw_training);
  EXPECT_EQ(y.shape(), (Shape{3, 4}));
  EXPECT_EQ(model.layers().size(), 2u);
  EXPECT_EQ(model.weights().size(), 4u);
  EXPECT_EQ(model.count_params(), 2 * (16 + 4));
  EXPECT_EQ(model.get_layer("dense")->class_name(), "Dense");

  // Usable in the functional API like any layer.
  Tensor in = Input({4});
  Model wrapper(in, model(in));
  testing::expect_near(wrapper(x), model(x), 0, 0, "wrapped subclass");

  // summary() lists the tracked layers (Keras treats subclassed models as sequential).
  std::string text = model.summary_text();
  EXPECT_NE(text.find("Model: \"residual_mlp\""), std::string::npos);
  EXPECT_NE(text.find("dense (Dense)"), std::string::npos);
  EXPECT_NE(text.find("dense_1 (Dense)"), std::string::npos);
  EXPECT_NE(text.find("Total params: 40"), std::string::npos);
  testing::expect_error<ValueError>([&] { model->inputs(); }, "has no defined inputs");
}

TEST(SubclassedModel, GradientsThroughItsWeights) {
  testing::check_layer_gradients({.make =
                                      [](DType dtype) {
                                        config::set_floatx(std::string(name(dtype)));
                                        layers::AnyLayer m = models::make_model<ResidualMlp>(3);
                                        config::set_floatx("float32");
                                        return m;
                                      },
                                  .input_shapes = {Shape{2, 3}},
                                  .expected_output_shapes = {Shape{2, 3}}},
                                 /*training=*/false);
}

}  // namespace
}  // namespace keras
