#include "tests/layers/layer_test.h"

#include <gtest/gtest.h>

#include <cmath>

#include "keras/core/json.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "keras/layers/serialization.h"
#include "keras/models/model.h"
#include "keras/ops/math.h"
#include "keras/ops/reduction.h"
#include "tests/ops/harness.h"

namespace keras::testing {

namespace {

using layers::AnyLayer;
using layers::Tensors;

std::vector<Tensor> inputs_for(const LayerTestCase& c, DType dtype) {
  if (c.make_inputs) return c.make_inputs(dtype);
  std::vector<Tensor> out;
  for (size_t i = 0; i < c.input_shapes.size(); ++i)
    out.push_back(uniform(c.input_shapes[i], -1.0, 1.0, 7 + i).astype(dtype));
  return out;
}

Tensors structure(const LayerTestCase& c, std::vector<Tensor> inputs) {
  if (inputs.size() == 1 && !c.list_input) return Tensors(inputs[0]);
  return Tensors(std::move(inputs));
}

Shape with_unknown_batch(const Shape& s) {
  std::vector<int64_t> dims = s.dims();
  if (!dims.empty()) dims[0] = Shape::kUnknown;
  return Shape(dims);
}

// The largest magnitude among the tensors' elements (at least 1): the scale of the absolute
// tolerance of half-precision outputs, whose errors follow the inputs' and weights' sizes.
double scale_of(const Tensors& tensors) {
  double scale = 1.0;
  for (const Tensor& t : tensors)
    if (is_floating(t.dtype()))
      for (double v : t.to_vector<double>())
        if (std::isfinite(v)) scale = std::max(scale, std::fabs(v));
  return scale;
}

// bfloat16 and float16 layers (weights and computations in that dtype), and the mixed policies
// set through the config (float32 weights, computations in the half type): each computes, in its
// compute dtype, what the float64 layer computes with the same weights on the same (rounded)
// inputs, within a few units of the half type's precision relative to the outputs' scale.
void check_half_precision(const LayerTestCase& c, const AnyLayer& layer64) {
  std::vector<Tensor> weights64 = layer64->get_weights();
  for (const char* name : {"bfloat16", "float16", "mixed_bfloat16", "mixed_float16"}) {
    DTypePolicy policy(name);
    SCOPED_TRACE(str("dtype policy ", name));
    DType compute = policy.compute_dtype();
    AnyLayer layer;
    if (policy.is_mixed()) {
      // The mixed layer comes from the config. A model's policy is its layers' (their configs
      // hold theirs), so models are checked in the plain dtypes only.
      AnyLayer plain = c.make(DType::float32);
      if (!c.serializable || dynamic_cast<const models::ModelImpl*>(plain.get())) continue;
      Json config = layers::serialize(*plain);
      config["config"]["dtype"] = policy.to_json();
      layer = AnyLayer(layers::deserialize(config));
      EXPECT_EQ(layer->dtype_policy(), policy);
    } else {
      layer = c.make(compute);
    }
    std::vector<Tensor> inputs = inputs_for(c, compute);
    layer(structure(c, inputs));  // builds
    std::vector<Tensor> weights;
    for (size_t i = 0; i < weights64.size(); ++i)
      weights.push_back(weights64[i].astype(layer->weights()[i].dtype()));
    layer->set_weights(weights);
    for (const Variable& w : layer->weights()) {
      if (is_floating(w.dtype())) {
        EXPECT_EQ(w.dtype(), policy.variable_dtype()) << w.name();
      }
    }
    Tensors out = layer(structure(c, inputs));
    std::vector<Tensor> inputs64;
    for (const Tensor& t : inputs)
      inputs64.push_back(is_floating(t.dtype()) ? t.astype(DType::float64) : t);
    Tensors want = layer64(structure(c, inputs64));
    ASSERT_EQ(out.size(), want.size());
    double unit = compute == DType::bfloat16 ? std::ldexp(1.0, -8) : std::ldexp(1.0, -11);
    double tolerance = 16 * unit * scale_of(want);
    for (size_t i = 0; i < out.size(); ++i) {
      EXPECT_EQ(out[i].dtype(), c.expected_output_dtype.value_or(compute)) << "output " << i;
      expect_near(out[i].astype(DType::float64), want[i], 0.0, tolerance,
                  str("output ", i, " under ", name));
    }
  }
}

}  // namespace

void expect_near(const Tensor& got, const Tensor& want, double rtol, double atol,
                 const std::string& where) {
  ASSERT_TRUE(got.defined()) << where << ": no tensor";
  ASSERT_EQ(got.shape(), want.shape()) << where << ": shapes differ";
  std::vector<double> g = got.to_vector<double>(), w = want.to_vector<double>();
  int reported = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    bool ok = (std::isnan(w[i]) && std::isnan(g[i])) || g[i] == w[i] ||
              std::fabs(g[i] - w[i]) <= atol + rtol * std::fabs(w[i]);
    if (!ok && reported++ < 5)
      ADD_FAILURE() << where << ": element " << i << " is " << g[i] << ", expected " << w[i];
  }
}

void check_layer_gradients(const LayerTestCase& c, bool training) {
  AnyLayer layer = c.make(DType::float64);
  std::vector<Tensor> values = inputs_for(c, DType::float64);
  std::string where = str("gradients (", training ? "training" : "inference", ")");
  // Build on concrete inputs first, so the weights exist before the graph reads them.
  layer(structure(c, values), {.training = training});

  std::vector<Tensor> placeholders, wrt, feed;
  for (size_t i = 0; i < values.size(); ++i) {
    placeholders.push_back(graph::placeholder(values[i].meta(), str("x", i)));
    feed.push_back(values[i]);
  }
  Tensors outputs = layer(structure(c, placeholders), {.training = training});
  Tensor loss;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (!is_floating(outputs[i].dtype())) continue;
    Tensor r = uniform(c.expected_output_shapes.at(i), -1.0, 1.0, 300 + i);
    Tensor term = ops::sum(ops::multiply(outputs[i], r));
    loss = loss.defined() ? ops::add(loss, term) : term;
  }
  ASSERT_TRUE(loss.defined()) << where << ": no float output";

  std::vector<int> input_index;
  for (size_t i = 0; i < values.size(); ++i) {
    bool constant = std::find(c.constant_inputs.begin(), c.constant_inputs.end(),
                              static_cast<int>(i)) != c.constant_inputs.end();
    if (constant || !is_floating(values[i].dtype())) continue;
    wrt.push_back(placeholders[i]);
    input_index.push_back(static_cast<int>(i));
  }
  std::vector<Variable> weights = layer->trainable_weights();
  for (const Variable& w : weights) wrt.push_back(w.value());
  if (wrt.empty()) return;

  std::vector<Tensor> grads = graph::gradients(loss, wrt);
  graph::Program backward(placeholders, grads);
  std::vector<Tensor> analytic = backward.run(feed);
  // The finite differences call the layer eagerly, not through a program traced from the same
  // graph: a weight that the traced call captured as a constant (computed on its value outside
  // the graph) then shows up as a gradient of zero against a nonzero difference.
  auto evaluate = [&] {
    Tensors out = layer(structure(c, feed), {.training = training});
    double total = 0;
    for (size_t i = 0; i < out.size(); ++i) {
      if (!is_floating(out[i].dtype())) continue;
      Tensor r = uniform(c.expected_output_shapes.at(i), -1.0, 1.0, 300 + i);
      total += ops::sum(ops::multiply(out[i].astype(DType::float64), r)).item<double>();
    }
    return total;
  };

  auto compare = [&](const std::vector<double>& got, std::vector<double> x, auto set,
                     const std::string& what) {
    int reported = 0;
    for (size_t j = 0; j < x.size(); ++j) {
      double saved = x[j];
      x[j] = saved + c.grad_eps;
      set(x);
      double plus = evaluate();
      x[j] = saved - c.grad_eps;
      set(x);
      double minus = evaluate();
      x[j] = saved;
      set(x);
      double numeric = (plus - minus) / (2 * c.grad_eps);
      if (std::fabs(got[j] - numeric) > c.grad_atol + c.grad_rtol * std::fabs(numeric) &&
          reported++ < 5)
        ADD_FAILURE() << where << ": d/d " << what << " element " << j << ": autodiff " << got[j]
                      << ", finite differences " << numeric;
    }
  };
  for (size_t k = 0; k < input_index.size(); ++k) {
    size_t i = static_cast<size_t>(input_index[k]);
    Shape shape = values[i].shape();
    compare(
        analytic[k].to_vector<double>(), values[i].to_vector<double>(),
        [&](const std::vector<double>& x) { feed[i] = Tensor::from_vector(x, shape); },
        str("input ", i));
    feed[i] = values[i];
  }
  for (size_t k = 0; k < weights.size(); ++k) {
    Variable w = weights[k];
    Shape shape = w.shape();
    compare(
        analytic[input_index.size() + k].to_vector<double>(), w.value().to_vector<double>(),
        [&](const std::vector<double>& x) { w.assign(Tensor::from_vector(x, shape)); },
        str("weight ", w.name()));
  }
}

void run_layer_test(const LayerTestCase& c) {
  ASSERT_TRUE(c.make) << "a LayerTestCase needs make";
  DType dtype = DType::float32;
  AnyLayer layer = c.make(dtype);
  std::string who = str(layer->class_name(), " '", layer->name(), "'");
  SCOPED_TRACE(who);
  std::vector<Tensor> inputs = inputs_for(c, dtype);
  Tensors input_struct = structure(c, inputs);
  DType out_dtype = c.expected_output_dtype.value_or(dtype);

  // Eager call: shapes, dtype, weights.
  Tensors outputs = layer(input_struct);
  ASSERT_EQ(outputs.size(), c.expected_output_shapes.size()) << "output count";
  for (size_t i = 0; i < outputs.size(); ++i) {
    EXPECT_EQ(outputs[i].shape(), c.expected_output_shapes[i]) << "output " << i << " shape";
    EXPECT_EQ(outputs[i].dtype(), out_dtype) << "output " << i << " dtype";
  }
  EXPECT_TRUE(layer->built());
  EXPECT_EQ(static_cast<int>(layer->trainable_weights().size()), c.expected_trainable_weights);
  EXPECT_EQ(static_cast<int>(layer->non_trainable_weights().size()),
            c.expected_non_trainable_weights);
  EXPECT_EQ(static_cast<int>(layer->variables().size() - layer->weights().size()),
            c.expected_seed_generators);
  for (const Variable& w : layer->weights()) EXPECT_EQ(w.dtype(), dtype) << w.name();

  // compute_output_shape, with the batch known and unknown.
  std::vector<Shape> in_shapes;
  for (const Tensor& t : inputs) in_shapes.push_back(t.shape());
  layers::Shapes shape_struct =
      input_struct.is_single() ? layers::Shapes(in_shapes[0]) : layers::Shapes(in_shapes);
  layers::Shapes computed = layer->compute_output_shape(shape_struct);
  ASSERT_EQ(computed.size(), c.expected_output_shapes.size());
  for (size_t i = 0; i < computed.size(); ++i)
    EXPECT_EQ(computed[i], c.expected_output_shapes[i]) << "compute_output_shape " << i;

  // Functional: Keras tensors with an unknown batch; a Model computes what the layer does.
  std::vector<Tensor> keras_inputs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::vector<int64_t> sample(inputs[i].shape().begin() + 1, inputs[i].shape().end());
    keras_inputs.push_back(Input(Shape(sample), {.dtype = inputs[i].dtype()}));
  }
  Tensors symbolic = layer(structure(c, keras_inputs));
  ASSERT_EQ(symbolic.size(), c.expected_output_shapes.size());
  for (size_t i = 0; i < symbolic.size(); ++i) {
    EXPECT_TRUE(layers::is_keras_tensor(symbolic[i]));
    EXPECT_EQ(symbolic[i].shape(), with_unknown_batch(c.expected_output_shapes[i]))
        << "symbolic output " << i;
    EXPECT_EQ(symbolic[i].dtype(), out_dtype);
  }
  Model model(structure(c, keras_inputs), symbolic);
  Tensors through_model = model(input_struct);
  for (size_t i = 0; i < outputs.size(); ++i)
    expect_near(through_model[i], outputs[i], 1e-6, 1e-7, str("model output ", i));

  // Config round trip, then the same weights give the same outputs.
  if (c.serializable) {
    Json serialized = layers::serialize(*layer);
    layers::LayerPtr copy = layers::deserialize(serialized);
    ASSERT_TRUE(copy);
    EXPECT_EQ(copy->class_name(), layer->class_name());
    EXPECT_EQ(layers::serialize(*copy).at("config").dump(), serialized.at("config").dump())
        << "config round trip";
    if (!copy->built()) (*copy)(input_struct);
    ASSERT_EQ(copy->weights().size(), layer->weights().size());
    copy->set_weights(layer->get_weights());
    Tensors copied = (*copy)(input_struct);
    for (size_t i = 0; i < outputs.size(); ++i)
      expect_near(copied[i], outputs[i], 0, 0, str("deserialized layer output ", i));
  } else {
    expect_error<NotImplementedError>([&] { layers::serialize(*layer); }, layer->name());
  }

  // set_weights errors name the layer and the counts or shapes.
  std::vector<Tensor> weights = layer->get_weights();
  std::vector<Tensor> too_many = weights;
  too_many.push_back(Tensor::zeros(Shape{1}, dtype));
  expect_error<ValueError>(
      [&] { layer->set_weights(too_many); },
      {layer->name(), str("length ", too_many.size()), str("expecting ", weights.size())});
  if (!weights.empty()) {
    std::vector<Tensor> wrong = weights;
    std::vector<int64_t> dims = wrong[0].shape().dims();
    dims.push_back(2);
    wrong[0] = Tensor::zeros(Shape(dims), dtype);
    expect_error<ValueError>(
        [&] { layer->set_weights(wrong); },
        {layer->name(), weights[0].shape().to_string(), Shape(dims).to_string()});
  }

  // Training against inference.
  if (!c.random) {
    Tensors trained = layer(input_struct, {.training = true});
    Tensors inferred = layer(input_struct, {.training = false});
    for (size_t i = 0; i < outputs.size(); ++i) {
      std::vector<double> a = trained[i].to_vector<double>(), b = inferred[i].to_vector<double>();
      if (c.training_differs) {
        EXPECT_NE(a, b) << "training should change output " << i;
      } else {
        expect_near(trained[i], inferred[i], 0, 0, str("training output ", i));
      }
    }
  } else {
    Tensors a = layer(input_struct, {.training = true});
    Tensors b = layer(input_struct, {.training = false});
    for (size_t i = 0; i < outputs.size(); ++i) {
      EXPECT_NE(a[i].to_vector<double>(), b[i].to_vector<double>()) << "random training output";
      expect_near(b[i], outputs[i], 0, 0, "inference is deterministic");
    }
  }

  // Freezing.
  size_t all = layer->weights().size();
  layer->set_trainable(false);
  EXPECT_TRUE(layer->trainable_weights().empty());
  EXPECT_EQ(layer->non_trainable_weights().size(), all);
  layer->set_trainable(true);
  EXPECT_EQ(static_cast<int>(layer->trainable_weights().size()), c.expected_trainable_weights);

  // Masks.
  if (inputs[0].rank() >= 2) {
    std::vector<int64_t> mask_dims(inputs[0].shape().begin(), inputs[0].shape().end() - 1);
    Tensor mask = integers(Shape(mask_dims), 0, 2, DType::bool_, 11);
    std::vector<Tensor> masked = inputs;
    masked[0] = masked[0].with_keras_mask(mask);
    Tensors out = layer(structure(c, masked));
    if (c.supports_masking) {
      ASSERT_TRUE(out[0].keras_mask().defined()) << "the mask should pass through";
      EXPECT_EQ(out[0].keras_mask().to_vector<uint8_t>(), mask.to_vector<uint8_t>());
    }
  }

  // float64 weights and outputs.
  AnyLayer layer64 = c.make(DType::float64);
  Tensors out64 = layer64(structure(c, inputs_for(c, DType::float64)));
  for (const Variable& w : layer64->weights()) EXPECT_EQ(w.dtype(), DType::float64) << w.name();
  if (!c.expected_output_dtype) {
    for (const Tensor& t : out64) EXPECT_EQ(t.dtype(), DType::float64);
  }
  check_half_precision(c, layer64);

  if (c.gradients) {
    check_layer_gradients(c, /*training=*/false);
    if (!c.random) check_layer_gradients(c, /*training=*/true);
  }
}

}  // namespace keras::testing
