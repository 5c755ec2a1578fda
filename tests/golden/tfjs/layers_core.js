// Golden outputs of the core and reshaping layers (Dense, Embedding, Masking, Flatten, Reshape,
// Permute, RepeatVector) from TensorFlow.js layers.
// Run: cd tests/golden/tfjs && npm ci && node layers_core.js
'use strict';
const {tf, uniform, integers, runLayer, write} = require('./common');

function fromTensor(t) {
  return {shape: t.shape, dtype: t.dtype, data: Array.from(t.dataSync())};
}

// A case whose outputs are followed by the mask the layer computes for its input.
function runWithMask(name, layer, input, weights = []) {
  const c = runLayer(name, layer, [input], weights);
  const x = tf.tensor(input.data, input.shape, input.dtype === 'float32' ? 'float32' : 'int32');
  c.outputs.push(fromTensor(layer.computeMask(x)));
  return c;
}

// uniform() with the timesteps listed (as [batch, step] pairs) set to `value` in every feature.
function withMaskedSteps(a, steps, value) {
  const features = a.shape[a.shape.length - 1];
  const perBatch = a.data.length / a.shape[0];
  for (const [b, t] of steps)
    for (let f = 0; f < features; ++f) a.data[b * perBatch + t * features + f] = Math.fround(value);
  return a;
}

const cases = [];
for (const activation of ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu']) {
  cases.push(runLayer(`dense_${activation}`, tf.layers.dense({units: 3, activation}),
                      [uniform([4, 5], 1)], [uniform([5, 3], 2), uniform([3], 3)]));
}
cases.push(runLayer('dense_rank3_no_bias', tf.layers.dense({units: 2, useBias: false}),
                    [uniform([2, 3, 4], 4)], [uniform([4, 2], 5)]));

// Embedding: rank-1, rank-2 and rank-3 ids, with and without mask_zero (the mask follows).
cases.push(runLayer('embedding_rank1', tf.layers.embedding({inputDim: 7, outputDim: 3}),
                    [integers([5], 10, 0, 7)], [uniform([7, 3], 11)]));
cases.push(runLayer('embedding_rank2', tf.layers.embedding({inputDim: 10, outputDim: 4}),
                    [integers([3, 5], 12, 0, 10)], [uniform([10, 4], 13)]));
cases.push(runLayer('embedding_rank3', tf.layers.embedding({inputDim: 6, outputDim: 2}),
                    [integers([2, 3, 2], 14, 0, 6)], [uniform([6, 2], 15)]));
cases.push(runWithMask('embedding_mask_zero',
                       tf.layers.embedding({inputDim: 5, outputDim: 3, maskZero: true}),
                       integers([3, 6], 16, 0, 5), [uniform([5, 3], 17)]));

// Masking: whole timesteps equal to mask_value are zeroed; the mask follows the output.
cases.push(runWithMask('masking_zero', tf.layers.masking({maskValue: 0}),
                       withMaskedSteps(uniform([3, 5, 4], 20), [[0, 1], [0, 4], [2, 0]], 0)));
cases.push(runWithMask('masking_value', tf.layers.masking({maskValue: 0.5}),
                       withMaskedSteps(uniform([2, 4, 3], 21), [[0, 2], [1, 0], [1, 3]], 0.5)));
// A timestep with only some features equal to mask_value is kept.
{
  const x = withMaskedSteps(uniform([2, 3, 3], 22), [[1, 1]], 0);
  x.data[0] = 0;
  x.data[1] = 0;
  cases.push(runWithMask('masking_partial_step', tf.layers.masking({maskValue: 0}), x));
}

// Reshaping layers.
cases.push(runLayer('flatten_rank3', tf.layers.flatten(), [uniform([2, 3, 4], 30)]));
cases.push(runLayer('flatten_rank4', tf.layers.flatten(), [uniform([2, 3, 2, 4], 31)]));
cases.push(runLayer('flatten_channels_first', tf.layers.flatten({dataFormat: 'channelsFirst'}),
                    [uniform([2, 3, 2, 4], 32)]));
cases.push(runLayer('flatten_channels_first_rank3',
                    tf.layers.flatten({dataFormat: 'channelsFirst'}), [uniform([2, 3, 5], 33)]));
cases.push(runLayer('reshape_3_4', tf.layers.reshape({targetShape: [3, 4]}),
                    [uniform([2, 12], 40)]));
cases.push(runLayer('reshape_infer', tf.layers.reshape({targetShape: [-1, 2, 2]}),
                    [uniform([2, 3, 4], 41)]));
cases.push(runLayer('reshape_flat', tf.layers.reshape({targetShape: [24]}),
                    [uniform([2, 2, 3, 4], 42)]));
cases.push(runLayer('permute_2_1', tf.layers.permute({dims: [2, 1]}), [uniform([2, 3, 4], 50)]));
cases.push(runLayer('permute_3_1_2', tf.layers.permute({dims: [3, 1, 2]}),
                    [uniform([2, 3, 4, 5], 51)]));
cases.push(runLayer('permute_identity', tf.layers.permute({dims: [1, 2, 3]}),
                    [uniform([2, 2, 3, 2], 52)]));
cases.push(runLayer('repeat_vector_3', tf.layers.repeatVector({n: 3}), [uniform([2, 4], 60)]));
cases.push(runLayer('repeat_vector_1', tf.layers.repeatVector({n: 1}), [uniform([3, 2], 61)]));

write('layers_core.json', 'layers_core.js', cases);
