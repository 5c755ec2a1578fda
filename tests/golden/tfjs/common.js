// Shared helpers for the TensorFlow.js golden generators: seeded data, running a layer on given
// weights and inputs, and writing the cases as JSON for tests/support/golden.h.
//
// Every value is a float32 (inputs and weights are rounded with Math.fround before use), so the
// C++ tests feed exactly what TensorFlow.js saw.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

tf.setBackend('cpu');

// mulberry32: a small seeded generator, so a case's data never changes.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function size(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

// A float32 array of `shape` uniform in [lo, hi).
function uniform(shape, seed, lo = -1, hi = 1) {
  const next = rng(seed);
  const data = Array.from({length: size(shape)}, () => Math.fround(lo + (hi - lo) * next()));
  return {shape, dtype: 'float32', data};
}

// Integers in [lo, hi).
function integers(shape, seed, lo, hi, dtype = 'int32') {
  const next = rng(seed);
  const data = Array.from({length: size(shape)}, () => lo + Math.floor((hi - lo) * next()));
  return {shape, dtype, data};
}

function toTensor(a) {
  return tf.tensor(a.data, a.shape, a.dtype === 'float32' ? 'float32' : 'int32');
}

function fromTensor(t) {
  return {shape: t.shape, dtype: t.dtype, data: Array.from(t.dataSync())};
}

// Runs `layer` on `inputs` (one array, or several for merge layers) after giving it `weights`
// (in Keras's get_weights order), and returns the case.
function runLayer(name, layer, inputs, weights = [], options = {}) {
  const xs = inputs.map(toTensor);
  layer.apply(xs.length === 1 && !options.listInput ? xs[0] : xs);  // builds the layer
  if (weights.length) layer.setWeights(weights.map(toTensor));
  const out = layer.apply(xs.length === 1 && !options.listInput ? xs[0] : xs, options.kwargs || {});
  const outputs = (Array.isArray(out) ? out : [out]).map(fromTensor);
  return {name, inputs, weights, outputs, ...(options.extra ? {extra: options.extra} : {})};
}

function write(file, generator, cases) {
  const out = {
    generator: `tests/golden/tfjs/${generator} (TensorFlow.js layers ${tf.version.tfjs})`,
    cases,
  };
  const target = path.join(__dirname, '..', 'data', file);
  fs.writeFileSync(target, JSON.stringify(out) + '\n');
  console.log(`wrote ${cases.length} cases to ${path.relative(process.cwd(), target)}`);
}

module.exports = {tf, rng, uniform, integers, runLayer, write};
