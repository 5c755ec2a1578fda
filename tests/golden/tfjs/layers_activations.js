// Golden outputs of the activation layers (Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax)
// from TensorFlow.js layers.
// Run: cd tests/golden/tfjs && npm ci && node layers_activations.js
'use strict';
const {tf, uniform, integers, runLayer, write} = require('./common');

const cases = [];
// Inputs in [-8, 8) so relu6 and max_value clip, and exp-based activations saturate somewhat.
const x = (shape, seed) => uniform(shape, seed, -8, 8);

for (const activation of ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu',
                          'softplus', 'softsign', 'gelu', 'mish', 'swish']) {
  cases.push(runLayer(`activation_${activation}`, tf.layers.activation({activation}),
                      [x([4, 6], 10)]));
}

cases.push(runLayer('relu_default', tf.layers.reLU(), [x([3, 7], 20)]));
cases.push(runLayer('relu_max_value', tf.layers.reLU({maxValue: 2.5}), [x([3, 7], 21)]));

cases.push(runLayer('leaky_relu_default', tf.layers.leakyReLU(), [x([3, 7], 30)]));
cases.push(runLayer('leaky_relu_0.1', tf.layers.leakyReLU({alpha: 0.1}), [x([3, 7], 31)]));

cases.push(runLayer('prelu', tf.layers.prelu(), [x([4, 5], 40)], [uniform([5], 41, 0, 1)]));
cases.push(runLayer('prelu_shared_axes', tf.layers.prelu({sharedAxes: [1]}), [x([2, 3, 4], 42)],
                    [uniform([1, 4], 43, 0, 1)]));
cases.push(runLayer('prelu_shared_axes_1_2', tf.layers.prelu({sharedAxes: [1, 2]}),
                    [x([2, 3, 4, 2], 44)], [uniform([1, 1, 2], 45, 0, 1)]));

cases.push(runLayer('elu_default', tf.layers.elu(), [x([3, 7], 50)]));

cases.push(runLayer('softmax_last_axis', tf.layers.softmax({axis: -1}), [x([3, 5], 60)]));
cases.push(runLayer('softmax_rank3', tf.layers.softmax({axis: -1}), [x([2, 3, 4], 61)]));
// A single non-last axis is not supported by TensorFlow.js; the C++ test checks it against a
// float64 reference.
cases.push(runLayer('softmax_axes_1_2', tf.layers.softmax({axis: [1, 2]}), [x([2, 3, 4], 62)]));

// A mask of the input's shape with at least one kept entry per row: TensorFlow.js adds -1e9 to
// the masked logits (Keras 2's way), which equals Keras 3's where() + zeroing on such rows.
{
  const input = x([3, 5], 63);
  const mask = integers([3, 5], 64, 0, 2);
  for (let r = 0; r < 3; ++r) mask.data[r * 5] = 1;
  const layer = tf.layers.softmax();
  const out = layer.apply(tf.tensor(input.data, input.shape),
                          {mask: tf.tensor(mask.data, mask.shape, 'bool')});
  cases.push({
    name: 'softmax_masked',
    inputs: [input, {...mask, dtype: 'bool'}],
    weights: [],
    outputs: [{shape: out.shape, dtype: out.dtype, data: Array.from(out.dataSync())}],
  });
}

write('layers_activations.json', 'layers_activations.js', cases);
