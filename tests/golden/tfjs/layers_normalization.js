// Golden outputs of BatchNormalization and LayerNormalization from TensorFlow.js layers.
// Run: cd tests/golden/tfjs && npm ci && node layers_normalization.js
//
// BatchNormalization cases run in inference mode on given weights (gamma, beta, moving_mean,
// moving_variance), or train: the case's first inputs are fed in training mode one after the
// other (each call updates the moving statistics), the last input in inference mode. Their
// outputs are the training outputs, then moving_mean and moving_variance after training, then
// the inference output.
//
// Only the last axis is normalized here: the CPU kernel of tf.batchNorm indexes mean, variance,
// gamma and beta by the flat element index modulo their length, so any other axis gives wrong
// numbers (tests/golden/torch/normalization.py covers axis=1 with PyTorch instead).
'use strict';
const {tf, uniform, runLayer, write} = require('./common');

function toTensor(a) {
  return tf.tensor(a.data, a.shape, 'float32');
}

function fromTensor(t) {
  return {shape: t.shape, dtype: t.dtype, data: Array.from(t.dataSync())};
}

function trainBatchNorm(name, args, inputs, weights) {
  const layer = tf.layers.batchNormalization(args);
  const xs = inputs.map(toTensor);
  layer.apply(xs[0]);  // builds the layer
  layer.setWeights(weights.map(toTensor));
  const outputs = [];
  for (const x of xs.slice(0, -1)) outputs.push(fromTensor(layer.apply(x, {training: true})));
  const w = layer.getWeights();
  outputs.push(fromTensor(w[w.length - 2]), fromTensor(w[w.length - 1]));
  outputs.push(fromTensor(layer.apply(xs[xs.length - 1], {training: false})));
  return {name, inputs, weights, outputs, extra: args};
}

// gamma, beta, moving_mean, moving_variance of size c (variances positive).
function bnWeights(c, seed) {
  return [uniform([c], seed, 0.5, 1.5), uniform([c], seed + 1, -0.5, 0.5),
          uniform([c], seed + 2, -0.5, 0.5), uniform([c], seed + 3, 0.5, 2)];
}

const cases = [];
cases.push(runLayer('bn_inference_2d', tf.layers.batchNormalization({}), [uniform([4, 3], 1, -2, 2)],
                    bnWeights(3, 10)));
cases.push(runLayer('bn_inference_4d', tf.layers.batchNormalization({}),
                    [uniform([2, 3, 3, 2], 3, -2, 2)], bnWeights(2, 30)));
cases.push(trainBatchNorm('bn_train_2d', {momentum: 0.9},
                          [1, 2, 3, 4].map(s => uniform([6, 4], 100 + s, -3, 5)), bnWeights(4, 40)));
cases.push(trainBatchNorm('bn_train_4d', {momentum: 0.8, epsilon: 0.01},
                          [1, 2, 3].map(s => uniform([3, 2, 4, 2], 200 + s, -1, 3)),
                          bnWeights(2, 50)));
cases.push(trainBatchNorm('bn_train_3d', {},
                          [1, 2, 3].map(s => uniform([2, 5, 3], 300 + s, -2, 2)), bnWeights(3, 60)));

// LayerNormalization: gamma and beta shaped like the normalized axes.
cases.push(runLayer('ln_2d', tf.layers.layerNormalization({}), [uniform([3, 5], 4, -2, 2)],
                    [uniform([5], 70, 0.5, 1.5), uniform([5], 71)]));
cases.push(runLayer('ln_3d', tf.layers.layerNormalization({epsilon: 1e-5}),
                    [uniform([2, 3, 4], 5, -2, 2)],
                    [uniform([4], 72, 0.5, 1.5), uniform([4], 73)]));
cases.push(runLayer('ln_3d_axes_12', tf.layers.layerNormalization({axis: [1, 2]}),
                    [uniform([2, 3, 4], 6, -2, 2)],
                    [uniform([3, 4], 74, 0.5, 1.5), uniform([3, 4], 75)]));
cases.push(runLayer('ln_4d_axis1', tf.layers.layerNormalization({axis: 1, epsilon: 0.1}),
                    [uniform([2, 3, 2, 2], 7, -2, 2)],
                    [uniform([3], 76, 0.5, 1.5), uniform([3], 77)]));
cases.push(runLayer('ln_no_center', tf.layers.layerNormalization({center: false}),
                    [uniform([3, 4], 8, -2, 2)], [uniform([4], 78, 0.5, 1.5)]));
cases.push(runLayer('ln_no_scale', tf.layers.layerNormalization({scale: false}),
                    [uniform([3, 4], 9, -2, 2)], [uniform([4], 79)]));
write('layers_normalization.json', 'layers_normalization.js', cases);
