// Golden update sequences of the optimizers TensorFlow.js has: SGD, momentum (plain and
// Nesterov), RMSprop (plain, momentum, centered), Adagrad, Adam and Adamax. Each case starts two
// variables from seeded values and applies six steps of seeded gradients; the outputs are the
// variables after every step. The arguments are set so TensorFlow.js computes Keras 3's rule
// (keras/src/optimizers/*.py, KERAS.md §6.2):
//  - epsilon is given explicitly (Keras 3: 1e-7; TensorFlow.js would use its backend epsilon,
//    which is also 1e-7 on float32 backends, and Adagrad has no epsilon argument at all);
//  - momentum: TensorFlow.js accumulates a = momentum·a + g and steps -lr·a (Nesterov
//    -lr·(g + momentum·a)); with a constant learning rate that is Keras's m = momentum·m - lr·g,
//    w += m (Nesterov w += momentum·m - lr·g), since m = -lr·a;
//  - centered RMSprop: TensorFlow.js divides by sqrt(ms - (mg² + ε)); Keras by
//    sqrt(ms - mg² + ε), so the case passes ε = -1e-7;
//  - Adam: TensorFlow.js adds ε to sqrt(v̂) (v̂ = v/(1-β2^t)); Keras 3 adds it to sqrt(v) after
//    folding both bias corrections into the step ("epsilon hat"). The two agree when
//    ε_tfjs = ε/sqrt(1-β2^t), so the script sets the optimizer's epsilon before every step;
//  - Adamax and Adagrad (initial accumulator 0.1, ε inside the square root) match as they are.
// Weight decay (Keras's base optimizer: w -= w·wd·lr before the step) has no TensorFlow.js
// counterpart; the rmsprop_weight_decay case applies that formula here before each TensorFlow.js
// step. Adadelta is in tests/golden/torch/optimizers.py: TensorFlow.js's Adadelta divides by the
// accumulated squared gradient from before this step's update, Keras by the updated one.
// Run: cd tests/golden/tfjs && npm ci && node optimizers.js
'use strict';
const {tf, uniform, write} = require('./common');

const shapes = [[3, 2], [4]];
const steps = 6;
const cases = [];
let seed = 500;

// make(): the TensorFlow.js optimizer; keras: the Keras class name and config the C++ test
// builds; before(t, variables): hook run before step t (1-based); scale: gradient magnitude.
function run(name, make, keras, {before = null, scale = 1.0} = {}) {
  const initial = shapes.map((s) => uniform(s, seed++));
  const gradients = [];
  for (let t = 0; t < steps; ++t)
    for (const s of shapes) {
      const g = uniform(s, seed++);
      g.data = g.data.map((x) => Math.fround(x * scale));
      gradients.push(g);
    }
  const variables = initial.map((a, i) => tf.variable(tf.tensor(a.data, a.shape), true, `${name}_${i}`));
  const optimizer = make();
  const outputs = [];
  for (let t = 1; t <= steps; ++t) {
    if (before) before(t, optimizer, variables);
    const grads = variables.map((v, i) => ({
      name: v.name,
      tensor: tf.tensor(gradients[(t - 1) * shapes.length + i].data, v.shape),
    }));
    optimizer.applyGradients(grads);
    for (const v of variables)
      outputs.push({shape: v.shape, dtype: 'float32', data: Array.from(v.dataSync())});
  }
  cases.push({
    name,
    inputs: [...initial, ...gradients],
    weights: [],
    outputs,
    extra: {class_name: keras[0], config: keras[1], steps, variables: shapes.length},
  });
}

const eps = 1e-7;

run('sgd', () => tf.train.sgd(0.1), ['SGD', {learning_rate: 0.1}]);
run('sgd_momentum', () => tf.train.momentum(0.05, 0.9), ['SGD', {learning_rate: 0.05, momentum: 0.9}]);
run('sgd_nesterov', () => tf.train.momentum(0.05, 0.8, true),
    ['SGD', {learning_rate: 0.05, momentum: 0.8, nesterov: true}]);

run('rmsprop', () => tf.train.rmsprop(0.01, 0.9, 0.0, eps), ['RMSprop', {learning_rate: 0.01}]);
run('rmsprop_rho_momentum', () => tf.train.rmsprop(0.01, 0.8, 0.5, eps),
    ['RMSprop', {learning_rate: 0.01, rho: 0.8, momentum: 0.5}]);
run('rmsprop_centered', () => tf.train.rmsprop(0.01, 0.9, 0.0, -eps, true),
    ['RMSprop', {learning_rate: 0.01, centered: true}]);
run('rmsprop_centered_momentum', () => tf.train.rmsprop(0.005, 0.85, 0.7, -1e-4, true),
    ['RMSprop', {learning_rate: 0.005, rho: 0.85, momentum: 0.7, epsilon: 1e-4, centered: true}]);
// Keras's _apply_weight_decay before each step: w = w - w·wd·lr (float32, as Keras computes it).
const decay = (wd, lr) => (t, optimizer, variables) => {
  for (const v of variables) v.assign(tf.sub(v, tf.mul(tf.mul(v, wd), lr)));
};
run('rmsprop_weight_decay', () => tf.train.rmsprop(0.01, 0.9, 0.0, eps),
    ['RMSprop', {learning_rate: 0.01, weight_decay: 0.5}], {before: decay(0.5, 0.01)});

run('adagrad', () => tf.train.adagrad(0.1), ['Adagrad', {learning_rate: 0.1}]);
run('adagrad_accumulator', () => tf.train.adagrad(0.05, 0.5),
    ['Adagrad', {learning_rate: 0.05, initial_accumulator_value: 0.5}], {scale: 2.0});

// Keras's ε after the folded bias corrections is TensorFlow.js's ε/sqrt(1-β2^t) at step t.
const adamEpsilon = (epsilon, beta2) => (t, optimizer) => {
  optimizer.epsilon = epsilon / Math.sqrt(1 - Math.pow(beta2, t));
};
run('adam', () => tf.train.adam(0.01, 0.9, 0.999, eps), ['Adam', {learning_rate: 0.01}],
    {before: adamEpsilon(eps, 0.999)});
run('adam_betas_epsilon', () => tf.train.adam(0.02, 0.8, 0.95, 1e-3),
    ['Adam', {learning_rate: 0.02, beta_1: 0.8, beta_2: 0.95, epsilon: 1e-3}],
    {before: adamEpsilon(1e-3, 0.95), scale: 0.1});

run('adamax', () => tf.train.adamax(0.02, 0.9, 0.999, eps), ['Adamax', {learning_rate: 0.02}]);
run('adamax_betas_epsilon', () => tf.train.adamax(0.01, 0.7, 0.9, 1e-2),
    ['Adamax', {learning_rate: 0.01, beta_1: 0.7, beta_2: 0.9, epsilon: 1e-2}], {scale: 0.3});

write('optimizers.json', 'optimizers.js', cases);
