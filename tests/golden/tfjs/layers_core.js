// Golden outputs of the core layers (Dense, ...) from TensorFlow.js layers.
// Run: cd tests/golden/tfjs && npm ci && node layers_core.js
'use strict';
const {tf, uniform, runLayer, write} = require('./common');

const cases = [];
for (const activation of ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu']) {
  cases.push(runLayer(`dense_${activation}`, tf.layers.dense({units: 3, activation}),
                      [uniform([4, 5], 1)], [uniform([5, 3], 2), uniform([3], 3)]));
}
cases.push(runLayer('dense_rank3_no_bias', tf.layers.dense({units: 2, useBias: false}),
                    [uniform([2, 3, 4], 4)], [uniform([4, 2], 5)]));
write('layers_core.json', 'layers_core.js', cases);
