// Golden outputs of the merging layers (Add, Average, Maximum, Minimum, Multiply, Concatenate,
// Dot) from TensorFlow.js layers: same shapes, broadcasting within a rank, inputs of different
// ranks (expanded after the batch axis), rank-3 inputs, several concatenation axes and dot axes,
// and Dot with normalize. Subtract is not in TensorFlow.js: tests/golden/torch/merging.py.
// Run: cd tests/golden/tfjs && npm ci && node layers_merging.js
'use strict';
const {tf, uniform, runLayer, write} = require('./common');

const cases = [];
let seed = 100;
const inputs = (...shapes) => shapes.map((s) => uniform(s, seed++));
const merge = (name, layer, xs) => cases.push(runLayer(name, layer, xs, [], {listInput: true}));

const elementwise = {
  add: () => tf.layers.add(),
  average: () => tf.layers.average(),
  maximum: () => tf.layers.maximum(),
  minimum: () => tf.layers.minimum(),
  multiply: () => tf.layers.multiply(),
};
for (const [name, make] of Object.entries(elementwise)) {
  merge(`${name}_rank2`, make(), inputs([4, 5], [4, 5]));
  merge(`${name}_three_rank3`, make(), inputs([2, 3, 4], [2, 3, 4], [2, 3, 4]));
  merge(`${name}_broadcast`, make(), inputs([2, 3, 4], [2, 1, 4], [2, 3, 1]));
  merge(`${name}_ranks`, make(), inputs([2, 3, 4], [2, 4]));
}

const concatenations = [
  [-1, [[2, 3, 4], [2, 3, 2]]],
  [1, [[2, 3, 4], [2, 1, 4], [2, 2, 4]]],
  [2, [[2, 3, 1], [2, 3, 4]]],
  [1, [[3, 2], [3, 5]]],
];
for (const [axis, shapes] of concatenations) {
  merge(`concatenate_axis${axis}_rank${shapes[0].length}`, tf.layers.concatenate({axis}),
        inputs(...shapes));
}

const dots = [
  ['dot_rank2', {axes: -1}, [[4, 5], [4, 5]]],
  ['dot_rank2_normalize', {axes: 1, normalize: true}, [[4, 5], [4, 5]]],
  ['dot_rank3_last', {axes: -1}, [[2, 4, 5], [2, 4, 5]]],
  ['dot_rank3_axes12', {axes: [1, 2]}, [[2, 3, 5], [2, 6, 3]]],
  ['dot_rank3_axes21_normalize', {axes: [2, 1], normalize: true}, [[2, 3, 4], [2, 4, 5]]],
  ['dot_rank3_axis1', {axes: 1}, [[2, 3, 4], [2, 3, 5]]],
  ['dot_rank2_rank3', {axes: [1, 2]}, [[2, 4], [2, 3, 4]]],
  ['dot_rank3_rank2_normalize', {axes: [1, 1], normalize: true}, [[2, 3, 4], [2, 3]]],
];
for (const [name, config, shapes] of dots) {
  merge(name, tf.layers.dot(config), inputs(...shapes));
  cases[cases.length - 1].extra = config;
}

write('layers_merging.json', 'layers_merging.js', cases);
