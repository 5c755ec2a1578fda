// The Layer base: names, the call protocol (training resolution, autocast, masks), weights,
// losses and updates, configs and the class registry, with user-defined layer classes.
#include "keras/core/json.h"
#include "keras/layers/layer.h"

#include <gtest/gtest.h>

#include "keras/layers/core/dense.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "keras/layers/serialization.h"
#include "keras/models/model.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "keras/utils/naming.h"
#include "tests/layers/layer_test.h"
#include "tests/ops/harness.h"

namespace keras {
namespace {

using layers::CallContext;
using layers::Dense;
using layers::Tensors;

// A user layer: y = x * w (one weight of the last dimension), remembers the training flag it
// saw, adds sum(y) as a loss when asked.
class ScaleImpl : public layers::Layer {
 public:
  explicit ScaleImpl(double init = 2.0, bool add_loss = false, layers::LayerOptions options = {})
      : Layer("Scale", options), init_(init), add_loss_(add_loss) {}

  std::optional<bool> last_training;
  Variable w;

  Json get_config() const override {
    Json config = Layer::get_config();
    config["init"] = init_;
    config["add_loss"] = add_loss_;
    return config;
  }
  static std::shared_ptr<ScaleImpl> from_config(const Json& config) {
    return std::make_shared<ScaleImpl>(config.value("init", 2.0), config.value("add_loss", false),
                                       layers::layer_options_from_config(config, "Scale"));
  }

 protected:
  void build_state(const layers::Shapes& input_shape) override {
    w = add_weight({.name = "w",
                    .shape = Shape{input_shape.single().dim(-1)},
                    .initializer = initializers::get(
                        Json{{"class_name", "Constant"}, {"config", {{"value", init_}}}})});
  }
  Tensors call(const Tensors& inputs, const CallContext& context) override {
    last_training = context.training;
    Tensor y = ops::multiply(inputs.single(), w);
    if (add_loss_) add_loss(ops::sum(y));
    return y;
  }

 private:
  double init_;
  bool add_loss_;
};

// A layer that makes a mask: x != 0 over the last axis (as Masking does).
class MaskMakerImpl : public layers::Layer {
 public:
  MaskMakerImpl() : Layer("MaskMaker") {
    built_at_construction();
    set_supports_masking(true);
  }
  Tensors compute_mask(const Tensors& inputs, const Tensors&) override {
    return Tensors(ops::greater(ops::max(ops::abs(inputs.single()), -1), 0.0));
  }

 protected:
  Tensors call(const Tensors& inputs, const CallContext&) override { return inputs; }
};

// A layer that does not support masking: its outputs (new tensors) get no mask.
class PlainImpl : public layers::Layer {
 public:
  PlainImpl() : Layer("Plain") { built_at_construction(); }

 protected:
  Tensors call(const Tensors& inputs, const CallContext&) override {
    return ops::multiply(inputs.single(), 1.0);
  }
};

TEST(LayerNames, SnakeCaseAsKeras) {
  EXPECT_EQ(utils::to_snake_case("Conv2D"), "conv2d");
  EXPECT_EQ(utils::to_snake_case("MaxPooling2D"), "max_pooling2d");
  EXPECT_EQ(utils::to_snake_case("Conv2DTranspose"), "conv2d_transpose");
  EXPECT_EQ(utils::to_snake_case("DepthwiseConv2D"), "depthwise_conv2d");
  EXPECT_EQ(utils::to_snake_case("BatchNormalization"), "batch_normalization");
  EXPECT_EQ(utils::to_snake_case("GlobalAveragePooling2D"), "global_average_pooling2d");
  EXPECT_EQ(utils::to_snake_case("SimpleRNN"), "simple_rnn");
  EXPECT_EQ(utils::to_snake_case("LSTM"), "lstm");
  EXPECT_EQ(utils::to_snake_case("ReLU"), "re_lu");
  EXPECT_EQ(utils::to_snake_case("LeakyReLU"), "leaky_re_lu");
  EXPECT_EQ(utils::to_snake_case("PReLU"), "p_re_lu");
  EXPECT_EQ(utils::to_snake_case("MultiHeadAttention"), "multi_head_attention");
  EXPECT_EQ(utils::to_snake_case("InputLayer"), "input_layer");
}

TEST(LayerNames, UniquePerClassUntilClearSession) {
  utils::clear_session();
  EXPECT_EQ(Dense(2)->name(), "dense");
  EXPECT_EQ(Dense(2)->name(), "dense_1");
  EXPECT_EQ(Dense(2, {.name = "mine"})->name(), "mine");
  EXPECT_EQ(Dense(2)->name(), "dense_2");
  EXPECT_EQ(layers::InputLayer(Shape{3})->name(), "input_layer");
  utils::clear_session();
  EXPECT_EQ(Dense(2)->name(), "dense");
  testing::expect_error<ValueError>([] { Dense(2, {.name = "a/b"}); }, {"`/`", "a/b"});
}

TEST(LayerCall, TrainingIsResolvedAsKeras) {
  auto scale = layers::make<ScaleImpl>();
  Tensor x = Tensor::ones(Shape{2, 3}, DType::float32);
  scale(x);
  EXPECT_EQ(scale->last_training, false);  // default: inference
  scale(x, {.training = true});
  EXPECT_EQ(scale->last_training, true);

  // Inside a model the model's training flag reaches the layer.
  Tensor in = Input({3});
  Model model(in, scale(in));
  model(x, {.training = true});
  EXPECT_EQ(scale->last_training, true);
  model(x);
  EXPECT_EQ(scale->last_training, false);
  EXPECT_FALSE(layers::in_training_call());
}

TEST(LayerCall, FloatInputsAreCastToTheLayerDtype) {
  Dense dense(2, {.dtype = DType::float64});
  Tensor y = dense(Tensor::ones(Shape{1, 3}, DType::float32));
  EXPECT_EQ(y.dtype(), DType::float64);
  EXPECT_EQ(dense->kernel().dtype(), DType::float64);
}

TEST(LayerCall, WeightsAreCreatedOnceAndLocked) {
  auto scale = layers::make<ScaleImpl>(3.0);
  EXPECT_FALSE(scale->built());
  scale->build(layers::Shapes(Shape{-1, 4}));
  EXPECT_TRUE(scale->built());
  ASSERT_EQ(scale->weights().size(), 1u);
  EXPECT_EQ(scale->w.shape(), Shape{4});
  EXPECT_EQ(scale->w.value().to_vector<float>(), std::vector<float>(4, 3.0f));
  EXPECT_EQ(scale->get_build_config().dump(), R"({"input_shape":[null,4]})");
  EXPECT_EQ(scale->count_params(), 4);
  testing::expect_error<ValueError>([] { layers::make<ScaleImpl>()->count_params(); },
                                    {"count_params", "isn't built"});
}

TEST(LayerCall, KerasTensorsRecordNodesAndShapes) {
  Tensor x = Input({5}, {.name = "features"});
  auto scale = layers::make<ScaleImpl>();
  Tensor y = scale(x);
  ASSERT_TRUE(layers::is_keras_tensor(y));
  EXPECT_EQ(y.shape(), (Shape{-1, 5}));
  const layers::KerasHistory& h = layers::keras_history(y);
  EXPECT_EQ(h.layer.get(), scale.get());
  EXPECT_EQ(h.node_index, 0);
  ASSERT_EQ(scale->inbound_nodes().size(), 1u);
  EXPECT_EQ(layers::keras_tensor_name(scale->inbound_nodes()[0]->inputs[0]), "features");
  Tensor again = scale(x);  // a second call: a second node, weights shared
  EXPECT_EQ(scale->inbound_nodes().size(), 2u);
  EXPECT_EQ(layers::keras_history(again).node_index, 1);
  EXPECT_EQ(scale->weights().size(), 1u);
  testing::expect_error<ValueError>(
      [&] {
        scale({x, Tensor::ones(Shape{1, 5}, DType::float32)});
      },
      "mixed with other tensors");
}

TEST(LayerLosses, AddLossRegularizersAndActivityPenalty) {
  auto scale = layers::make<ScaleImpl>(2.0, /*add_loss=*/true);
  Tensor x = Tensor::ones(Shape{2, 3}, DType::float32);
  scale(x);
  ASSERT_EQ(scale->losses().size(), 1u);
  EXPECT_FLOAT_EQ(scale->losses()[0].item<float>(), 12.0f);  // sum(2 * ones(2, 3))
  scale(x);
  EXPECT_EQ(scale->losses().size(), 1u) << "the outermost call clears the previous losses";

  // Weight penalties and the activity penalty (divided by the batch size, Keras >= 3.14).
  Dense dense(2, {.kernel_initializer = "ones",
                  .kernel_regularizer = regularizers::L1(0.01),
                  .activity_regularizer = regularizers::L2(0.01)});
  Tensor y = dense(Tensor::full(Shape{5, 5}, 2.0, DType::float32));  // y = 10 everywhere
  std::vector<Tensor> losses = dense->losses();
  ASSERT_EQ(losses.size(), 2u);
  EXPECT_NEAR(losses[0].item<double>(), 0.01 * (5 * 2 * 100) / 5.0, 1e-5);  // activity
  EXPECT_NEAR(losses[1].item<double>(), 0.01 * 10, 1e-6);                   // kernel L1
  (void)y;

  // Losses traced while a functional model is built are dropped; a later real call adds them.
  Tensor in = Input({3});
  auto traced = layers::make<ScaleImpl>(2.0, true);
  Model model(in, traced(in));
  EXPECT_TRUE(traced->call_losses().empty());
  model(x);
  EXPECT_EQ(model->call_losses().size(), 1u);

  // In a graph the regularization penalties read the variables symbolically.
  std::vector<Tensor> symbolic = dense->regularization_losses(/*symbolic=*/true);
  ASSERT_EQ(symbolic.size(), 1u);
  EXPECT_TRUE(symbolic[0].is_symbolic());
}

TEST(LayerMasks, PassThroughSupportingLayersAndAreDroppedOtherwise) {
  std::vector<float> values{1, 1, 0, 0, 2, 2};  // (3, 2): the middle row is all zeros
  Tensor x = Tensor::from_vector(values, Shape{3, 2});
  Tensor masked = layers::make<MaskMakerImpl>()(x);
  ASSERT_TRUE(masked.keras_mask().defined());
  EXPECT_EQ(masked.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{1, 0, 1}));
  Tensor through = Dense(4)(masked);
  ASSERT_TRUE(through.keras_mask().defined()) << "Dense supports masking";
  EXPECT_EQ(through.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{1, 0, 1}));
  Tensor dropped = layers::make<PlainImpl>()(masked);
  EXPECT_FALSE(dropped.keras_mask().defined());

  // The functional API carries masks too, and re-computes them when the model runs.
  Tensor in = Input({2});
  Tensor out = Dense(4)(layers::make<MaskMakerImpl>()(in));
  EXPECT_TRUE(out.keras_mask().defined());
  Model model(in, out);
  Tensor y = model(x);
  ASSERT_TRUE(y.keras_mask().defined());
  EXPECT_EQ(y.keras_mask().to_vector<uint8_t>(), (std::vector<uint8_t>{1, 0, 1}));
}

TEST(LayerConfig, BaseKeysAndUserClasses) {
  Dense dense(3, {.name = "d", .trainable = false});
  Json config = dense->get_config();
  auto it = config.begin();
  EXPECT_EQ((it++).key(), "name");
  EXPECT_EQ((it++).key(), "trainable");
  EXPECT_EQ((it++).key(), "dtype");
  EXPECT_EQ(config.at("trainable"), false);
  EXPECT_EQ(config.at("dtype").dump(),
            R"({"module":"keras","class_name":"DTypePolicy","config":{"name":"float32"},)"
            R"("registered_name":null})");

  // A user class, registered under a name: serialized with Keras's "Custom>" registered name
  // and rebuilt (and built) from it.
  layers::register_layer<ScaleImpl>("Scale");
  auto scale = layers::make<ScaleImpl>(5.0, false, layers::LayerOptions{.name = "my_scale"});
  scale->build(layers::Shapes(Shape{-1, 2}));
  Json serialized = layers::serialize(*scale);
  EXPECT_EQ(serialized.at("registered_name"), "Custom>Scale");
  EXPECT_TRUE(serialized.at("module").is_null());
  layers::LayerPtr back = layers::deserialize(serialized);
  EXPECT_EQ(back->name(), "my_scale");
  EXPECT_TRUE(back->built());
  EXPECT_EQ(back->get_weights()[0].to_vector<float>(), (std::vector<float>{5, 5}));

  testing::expect_error<ValueError>(
      [] {
        layers::deserialize(Json{
            {"module", "keras.layers"}, {"class_name", "NoSuchLayer"}, {"config", Json::object()}});
      },
      {"Could not locate class 'NoSuchLayer'", "register_layer"});
  // Unknown keys are ignored, as new Keras versions add keys.
  Json with_extra = layers::serialize(*Dense(2));
  with_extra["config"]["some_future_key"] = 3;
  EXPECT_NO_THROW(layers::deserialize(with_extra));
}

TEST(LayerTest, UserLayerGoesThroughTheSharedTest) {
  layers::register_layer<ScaleImpl>("Scale");
  testing::run_layer_test({
      .make =
          [](DType dtype) {
            return layers::AnyLayer(
                layers::make<ScaleImpl>(1.5, false, layers::LayerOptions{.dtype = dtype}));
          },
      .input_shapes = {Shape{3, 4}},
      .expected_output_shapes = {Shape{3, 4}},
      .expected_trainable_weights = 1,
  });
}

TEST(InputLayer, ShapesDtypesAndErrors) {
  Tensor x = Input({28, 28, 1}, {.batch_size = 32, .dtype = DType::int32, .name = "image"});
  EXPECT_EQ(x.shape(), (Shape{32, 28, 28, 1}));
  EXPECT_EQ(x.dtype(), DType::int32);
  EXPECT_EQ(layers::keras_tensor_name(x), "image");
  Tensor y = Input({}, {.batch_shape = Shape{-1, 7}});
  EXPECT_EQ(y.shape(), (Shape{-1, 7}));
  testing::expect_error<ValueError>(
      [] {
        Input({3}, {.batch_shape = Shape{-1, 3}});
      },
      "both `shape` and `batch_shape`");
  testing::expect_error<ValueError>([] { Input({}, {.batch_size = 2, .batch_shape = Shape{2}}); },
                                    "both `batch_size` and `batch_shape`");

  layers::InputLayer input(Shape{784}, {.name = "pixels"});
  EXPECT_EQ(input->get_config().dump(),
            R"({"batch_shape":[null,784],"dtype":"float32","sparse":false,"ragged":false,)"
            R"("name":"pixels","optional":false})");
  auto back = layers::InputLayerImpl::from_config(
      Json::parse(R"({"batch_input_shape": [null, 10], "dtype": "float32", "name": "old"})"));
  EXPECT_EQ(back->batch_shape(), (Shape{-1, 10}));
  testing::expect_error<ValueError>(
      [&] {
        (*input)(Tensor::ones(Shape{1, 784}, DType::float32));
      },
      "cannot be called");
}

}  // namespace
}  // namespace keras
