// Golden results of the metrics TensorFlow.js computes with Keras semantics: the per-sample
// functions tf.metrics.binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy,
// meanSquaredError, meanAbsoluteError, binaryCrossentropy, categoricalCrossentropy and
// tf.losses.sigmoidCrossEntropy / softmaxCrossEntropy (from logits, label smoothing; reduction
// NONE). TensorFlow.js has no stateful metrics, so the accumulation over batches is Keras 3's
// Mean written out below (keras/src/metrics/reduction_metrics.py: reduce_to_samplewise_values,
// MeanMetricWrapper's mask folding), applied to those per-sample values.
//
// Each case holds several batches: inputs are [y_true, y_pred, (sample_weight), (mask)] per
// batch as `extra.batches` says; outputs[b] is the metric's result after batch b. extra.class and
// extra.config build the metric in kerascpp.
//
// Elementwise values (Keras 3's binary_accuracy does not reduce the last axis) come from the
// TensorFlow.js functions applied to inputs with a trailing size-1 axis, so that their mean over
// the last axis is the element itself.
// Run: cd tests/golden/tfjs && npm ci && node metrics.js
'use strict';
const {tf, uniform, integers, write} = require('./common');

const EPSILON = 1e-7;

function toTensor(a) {
  return tf.tensor(a.data, a.shape, a.dtype === 'float32' ? 'float32' : 'int32');
}

function range(a, b) {
  return Array.from({length: b - a}, (_, i) => a + i);
}

// Keras's squeeze_or_expand_to_same_rank.
function squeezeOrExpand(x1, x2, expandRank1 = true) {
  const r1 = x1.rank, r2 = x2.rank;
  if (r1 === r2) return [x1, x2];
  if (r1 === r2 + 1 && x1.shape[r1 - 1] === 1) {
    if (r2 === 1 && expandRank1) x2 = x2.expandDims(-1);
    else x1 = x1.squeeze([r1 - 1]);
  }
  if (r2 === r1 + 1 && x2.shape[r2 - 1] === 1) {
    if (r1 === 1 && expandRank1) x1 = x1.expandDims(-1);
    else x2 = x2.squeeze([r2 - 1]);
  }
  return [x1, x2];
}

// Keras's apply_mask with reduction "sum".
function applyMask(sw, mask) {
  if (!mask) return sw;
  let m = mask.toFloat();
  if (!sw) return m;
  let w = sw.toFloat();
  [m, w] = squeezeOrExpand(m, w);
  return w.mul(m);
}

// Keras 3's Mean: total and count in float32, as the metric's variables.
class KerasMean {
  constructor() {
    this.total = 0;
    this.count = 0;
  }
  update(values, sw) {
    let v = values.toFloat();
    let w = sw ? sw.toFloat() : null;
    if (w) {
      [v, w] = squeezeOrExpand(v, w);
      const wn = w.rank;
      if (v.rank > wn) v = v.mean(range(wn, v.rank));
      w = tf.broadcastTo(w, v.shape);
      v = v.mul(w);
      if (wn > 1) w = w.mean(range(1, wn));
    }
    if (v.rank > 1) v = v.mean(range(1, v.rank));
    this.total = Math.fround(this.total + v.sum().dataSync()[0]);
    const n = w ? w.sum().dataSync()[0] : (v.rank >= 1 ? v.shape[0] : 1);
    this.count = Math.fround(this.count + n);
  }
  result() {
    return this.count === 0 ? 0 : this.total / this.count;
  }
}

const cases = [];
let seed = 1000;
const next = () => seed++;

// A metric case: fn(y_true, y_pred) gives the per-sample values (tf tensors); each batch is
// {y_true, y_pred, sample_weight?, mask?} of golden arrays. post maps the mean to the result.
function metricCase(name, cls, config, fn, batches, post = (x) => x) {
  const mean = new KerasMean();
  const inputs = [];
  const layout = [];
  const outputs = [];
  for (const b of batches) {
    const entry = {};
    for (const key of ['y_true', 'y_pred', 'sample_weight', 'mask']) {
      if (b[key]) {
        entry[key] = inputs.length;
        inputs.push(b[key]);
      }
    }
    layout.push(entry);
    const yt = toTensor(b.y_true), yp = toTensor(b.y_pred);
    const sw = b.sample_weight ? toTensor(b.sample_weight) : null;
    const mask = b.mask ? toTensor(b.mask) : null;
    const values = fn(yt, yp);
    mean.update(values, applyMask(sw, mask));
    outputs.push({shape: [], dtype: 'float64', data: [post(mean.result())]});
  }
  cases.push({name, inputs, weights: [], outputs, extra: {class: cls, config, batches: layout}});
}

// --- data -------------------------------------------------------------------------------------
const f32 = (shape, data) => ({shape, dtype: 'float32', data: data.map(Math.fround)});
const binaryLabels = (shape) => {
  const a = integers(shape, next(), 0, 2);
  return f32(shape, a.data);
};
const probabilities = (shape) => uniform(shape, next(), 0, 1);
const weights = (shape) => uniform(shape, next(), 0, 2);
const maskOf = (shape, keepEvery = 3) => {
  // Deterministic pattern with at least one kept entry per row.
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({length: n}, (_, i) => ((i * 7 + 3) % keepEvery === 0 ? 0 : 1));
  return {shape, dtype: 'bool', data};
};
function softmaxRows(shape, seedValue, scale = 2) {
  const logits = uniform(shape, seedValue, -scale, scale).data;
  const c = shape[shape.length - 1];
  const out = [];
  for (let i = 0; i < logits.length; i += c) {
    const row = logits.slice(i, i + c).map(Math.exp);
    const s = row.reduce((a, b) => a + b, 0);
    for (const v of row) out.push(Math.fround(v / s));
  }
  return f32(shape, out);
}
function oneHot(shape, labels) {
  const c = shape[shape.length - 1];
  const out = [];
  for (const l of labels) for (let j = 0; j < c; ++j) out.push(j === l ? 1 : 0);
  return f32(shape, out);
}
function withTies(a, every, value) {
  // Sets every `every`-th element to `value` (exact threshold ties).
  return {...a, data: a.data.map((v, i) => (i % every === 0 ? Math.fround(value) : v))};
}

// --- accuracy ---------------------------------------------------------------------------------
{
  const batches = [3, 5, 2].map((n, i) => ({
    y_true: f32([n, 3], integers([n, 3], next(), 0, 3).data),
    y_pred: f32([n, 3], integers([n, 3], next(), 0, 3).data),
    ...(i > 0 ? {sample_weight: weights([n])} : {}),
  }));
  metricCase('accuracy', 'Accuracy', {}, (t, p) => tf.equal(t, p).toFloat(), batches);
}

// --- binary accuracy --------------------------------------------------------------------------
const elementwise = (metric) => (t, p) =>
  metric(t.expandDims(-1), p.expandDims(-1));  // [..., 1]: the last-axis mean is the element
{
  const batches = [4, 6, 3].map((n, i) => ({
    y_true: binaryLabels([n, 4]),
    y_pred: withTies(probabilities([n, 4]), 5, 0.5),  // 0.5 itself is a 0 (strict >)
    ...(i !== 1 ? {sample_weight: weights([n])} : {}),
  }));
  metricCase('binary_accuracy_weighted', 'BinaryAccuracy', {},
             elementwise(tf.metrics.binaryAccuracy), batches);
  const masked = [4, 5].map((n) => ({
    y_true: binaryLabels([n, 4]),
    y_pred: probabilities([n, 4]),
    mask: maskOf([n, 4]),
  }));
  metricCase('binary_accuracy_masked', 'BinaryAccuracy', {},
             elementwise(tf.metrics.binaryAccuracy), masked);
  const thr = [5, 4].map((n) => ({
    y_true: binaryLabels([n, 3]),
    y_pred: withTies(probabilities([n, 3]), 4, 0.7),
    sample_weight: weights([n, 3]),
  }));
  metricCase('binary_accuracy_threshold', 'BinaryAccuracy', {threshold: 0.7},
             (t, p) => tf.equal(t, tf.greater(p, tf.scalar(0.7)).toFloat()).toFloat(), thr);
  // Rank-1 labels against [N, 1] predictions: squeeze_or_expand_to_same_rank.
  const ranks = [6, 3].map((n) => ({y_true: binaryLabels([n]), y_pred: probabilities([n, 1])}));
  metricCase('binary_accuracy_rank1', 'BinaryAccuracy', {},
             (t, p) => tf.metrics.binaryAccuracy(t.expandDims(-1), p), ranks);
}

// --- categorical accuracy ---------------------------------------------------------------------
{
  const batches = [4, 6, 3].map((n, i) => {
    const p = softmaxRows([n, 5], next());
    // A tie between classes 1 and 3 in the first row: argmax takes the first.
    if (i === 0) p.data[1] = p.data[3] = Math.fround(0.9);
    return {
      y_true: oneHot([n, 5], integers([n], next(), 0, 5).data),
      y_pred: p,
      ...(i > 0 ? {sample_weight: weights([n])} : {}),
    };
  });
  metricCase('categorical_accuracy', 'CategoricalAccuracy', {}, tf.metrics.categoricalAccuracy,
             batches);
  const seq = [2, 3].map((n) => ({
    y_true: oneHot([n, 4, 3], integers([n * 4], next(), 0, 3).data),
    y_pred: softmaxRows([n, 4, 3], next()),
    mask: maskOf([n, 4]),
  }));
  metricCase('categorical_accuracy_sequence_mask', 'CategoricalAccuracy', {},
             tf.metrics.categoricalAccuracy, seq);
}

// --- sparse categorical accuracy --------------------------------------------------------------
{
  const batches = [5, 4, 3].map((n, i) => ({
    y_true: integers(i === 1 ? [n, 1] : [n], next(), 0, 4),
    y_pred: softmaxRows([n, 4], next()),
    ...(i !== 0 ? {sample_weight: weights([n])} : {}),
  }));
  metricCase('sparse_categorical_accuracy', 'SparseCategoricalAccuracy', {},
             tf.metrics.sparseCategoricalAccuracy, batches);
  const seq = [2, 3].map((n) => ({
    y_true: integers([n, 5], next(), 0, 3),
    y_pred: softmaxRows([n, 5, 3], next()),
    sample_weight: weights([n, 5]),
    mask: maskOf([n, 5]),
  }));
  metricCase('sparse_categorical_accuracy_sequence', 'SparseCategoricalAccuracy', {},
             tf.metrics.sparseCategoricalAccuracy, seq);
}

// --- regression -------------------------------------------------------------------------------
{
  const reg = (n, d, extra = {}) => ({
    y_true: uniform([n, d], next(), -2, 2),
    y_pred: uniform([n, d], next(), -2, 2),
    ...extra,
  });
  const batches = () => [reg(4, 3), reg(5, 3, {sample_weight: weights([5])}),
                         reg(2, 3, {sample_weight: weights([2, 1])})];
  metricCase('mean_squared_error', 'MeanSquaredError', {}, tf.metrics.meanSquaredError,
             batches());
  metricCase('mean_absolute_error', 'MeanAbsoluteError', {}, tf.metrics.meanAbsoluteError,
             batches());
  const seq = () => [2, 3].map((n) => ({
    y_true: uniform([n, 4, 2], next(), -1, 1),
    y_pred: uniform([n, 4, 2], next(), -1, 1),
    mask: maskOf([n, 4]),
  }));
  metricCase('mean_squared_error_sequence_mask', 'MeanSquaredError', {},
             tf.metrics.meanSquaredError, seq());
  metricCase('mean_absolute_error_sequence_mask', 'MeanAbsoluteError', {},
             tf.metrics.meanAbsoluteError, seq());
  // Rank-1 labels against [N, 1] predictions.
  const ranks = [5, 3].map((n) => ({
    y_true: uniform([n], next(), -1, 1),
    y_pred: uniform([n, 1], next(), -1, 1),
    sample_weight: weights([n]),
  }));
  metricCase('mean_squared_error_rank1', 'MeanSquaredError', {},
             (t, p) => tf.metrics.meanSquaredError(t.expandDims(-1), p), ranks);
  // RMSE: Keras's Mean over the elementwise squared errors, then the square root.
  const sqErr = (t, p) => tf.square(tf.sub(p, t));
  metricCase('root_mean_squared_error', 'RootMeanSquaredError', {}, sqErr,
             [reg(4, 3), reg(5, 3, {sample_weight: weights([5])}),
              reg(3, 3, {sample_weight: weights([3, 3])})],
             Math.sqrt);
}

// --- crossentropies ---------------------------------------------------------------------------
{
  const bce = [4, 6, 3].map((n, i) => ({
    y_true: binaryLabels([n, 3]),
    y_pred: uniform([n, 3], next(), 0.02, 0.98),
    ...(i > 0 ? {sample_weight: weights([n])} : {}),
  }));
  metricCase('binary_crossentropy', 'BinaryCrossentropy', {}, tf.metrics.binaryCrossentropy,
             bce);
  const logits = [4, 5].map((n) => ({
    y_true: binaryLabels([n, 3]),
    y_pred: uniform([n, 3], next(), -4, 4),
    sample_weight: weights([n]),
  }));
  const sigmoidCe = (ls) => (t, p) =>
    tf.losses.sigmoidCrossEntropy(t, p, undefined, ls, tf.Reduction.NONE).mean(-1);
  metricCase('binary_crossentropy_logits_smoothing', 'BinaryCrossentropy',
             {from_logits: true, label_smoothing: 0.2}, sigmoidCe(0.2), logits);

  const cce = [4, 5, 3].map((n, i) => ({
    y_true: oneHot([n, 4], integers([n], next(), 0, 4).data),
    y_pred: softmaxRows([n, 4], next()),
    ...(i > 0 ? {sample_weight: weights([n])} : {}),
  }));
  metricCase('categorical_crossentropy', 'CategoricalCrossentropy', {},
             tf.metrics.categoricalCrossentropy, cce);
  const cceLogits = [3, 4].map((n) => ({
    y_true: oneHot([n, 5], integers([n], next(), 0, 5).data),
    y_pred: uniform([n, 5], next(), -3, 3),
    sample_weight: weights([n]),
  }));
  const softmaxCe = (ls) => (t, p) =>
    tf.losses.softmaxCrossEntropy(t, p, undefined, ls, tf.Reduction.NONE);
  metricCase('categorical_crossentropy_logits_smoothing', 'CategoricalCrossentropy',
             {from_logits: true, label_smoothing: 0.1}, softmaxCe(0.1), cceLogits);
  const cceSeq = [2, 3].map((n) => ({
    y_true: oneHot([n, 3, 4], integers([n * 3], next(), 0, 4).data),
    y_pred: softmaxRows([n, 3, 4], next()),
    mask: maskOf([n, 3]),
  }));
  metricCase('categorical_crossentropy_sequence_mask', 'CategoricalCrossentropy', {},
             tf.metrics.categoricalCrossentropy, cceSeq);

  // Sparse: TensorFlow.js's categorical crossentropy of one-hot labels.
  const sparseCe = (fromLogits) => (t, p) => {
    const c = p.shape[p.shape.length - 1];
    const labels = t.rank === p.rank ? t.squeeze([t.rank - 1]) : t;
    const onehot = tf.oneHot(labels.toInt(), c).toFloat();
    return fromLogits ? tf.losses.softmaxCrossEntropy(onehot, p, undefined, 0, tf.Reduction.NONE)
                      : tf.metrics.categoricalCrossentropy(onehot, p);
  };
  const scce = [4, 5, 3].map((n, i) => ({
    y_true: integers(i === 1 ? [n, 1] : [n], next(), 0, 4),
    y_pred: softmaxRows([n, 4], next()),
    ...(i > 0 ? {sample_weight: weights([n])} : {}),
  }));
  metricCase('sparse_categorical_crossentropy', 'SparseCategoricalCrossentropy', {},
             sparseCe(false), scce);
  const scceLogits = [3, 4].map((n) => ({
    y_true: integers([n], next(), 0, 5),
    y_pred: uniform([n, 5], next(), -3, 3),
    sample_weight: weights([n]),
  }));
  metricCase('sparse_categorical_crossentropy_logits', 'SparseCategoricalCrossentropy',
             {from_logits: true}, sparseCe(true), scceLogits);

  // ignore_class: entries with that label give 0 and are masked; Keras folds that mask into the
  // weights only when sample weights are given (without them the zeros are counted).
  const ignored = (t, p) => {
    const valid = tf.notEqual(t, tf.scalar(0, 'int32'));
    const safe = tf.where(valid, t, tf.zerosLike(t));
    return tf.where(valid, sparseCe(false)(safe, p), tf.zerosLike(valid).toFloat());
  };
  const ignoreBatches = (withWeights) => [5, 4].map((n) => ({
    y_true: integers([n], next(), 0, 3),
    y_pred: softmaxRows([n, 3], next()),
    ...(withWeights ? {sample_weight: weights([n])} : {}),
  }));
  metricCase('sparse_categorical_crossentropy_ignore_class', 'SparseCategoricalCrossentropy',
             {ignore_class: 0}, ignored, ignoreBatches(false));
  // With weights the validity mask multiplies them: fold it in here as Keras's Mean does.
  {
    const batches = ignoreBatches(true);
    const mean = new KerasMean();
    const inputs = [], layout = [], outputs = [];
    for (const b of batches) {
      layout.push({y_true: inputs.length, y_pred: inputs.length + 1,
                   sample_weight: inputs.length + 2});
      inputs.push(b.y_true, b.y_pred, b.sample_weight);
      const t = toTensor(b.y_true), p = toTensor(b.y_pred), w = toTensor(b.sample_weight);
      const valid = tf.notEqual(t, tf.scalar(0, 'int32'));
      mean.update(ignored(t, p), applyMask(w, valid));
      outputs.push({shape: [], dtype: 'float64', data: [mean.result()]});
    }
    cases.push({name: 'sparse_categorical_crossentropy_ignore_class_weighted', inputs,
                weights: [], outputs,
                extra: {class: 'SparseCategoricalCrossentropy', config: {ignore_class: 0},
                        batches: layout}});
  }
}

write('metrics.json', 'metrics.js', cases);
