// Golden values of the Keras loss functions and classes from TensorFlow.js (float32):
//  - the Keras-compatible loss functions of tfjs-layers (the functions compile({loss}) uses:
//    meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError,
//    meanSquaredLogarithmicError, hinge, squaredHinge, categoricalHinge, logcosh,
//    categoricalCrossentropy, sparseCategoricalCrossentropy, binaryCrossentropy,
//    kullbackLeiblerDivergence, poisson, cosineProximity), read from a compiled model;
//  - tf.losses (tfjs-core): softmaxCrossEntropy and sigmoidCrossEntropy (logits, with label
//    smoothing), huberLoss (delta), and computeWeightedLoss for sample weights, masks and the
//    reductions.
// Where Keras 3 does something around the function that tfjs lacks, the script does it first and
// says so in the case: hinge labels in {0, 1} are converted to {-1, 1} (Keras's
// convert_binary_labels_to_hinge), a class axis other than the last is moved last, probability
// labels are smoothed with Keras's formula before tfjs-layers' crossentropies, and the per-element
// huber / sigmoid crossentropy values are averaged over the last axis (Keras's mean). Inputs
// stay where tfjs and Keras 3 agree: tfjs clips logits in its sparse crossentropy (not used for
// logits) and kullbackLeiblerDivergence keeps y_true unclipped (labels here are > epsilon).
// Keras's reductions on the per-sample values: "sum" = SUM, "sum_over_batch_size" = MEAN of the
// weighted values, "mean_with_sample_weight" = MEAN with the weights; with a mask, the
// weights are sample_weight · mask and "sum_over_batch_size" is SUM_BY_NONZERO_WEIGHTS.
// Run: cd tests/golden/tfjs && npm ci && node losses.js
'use strict';
const {tf, uniform, integers, write} = require('./common');

const cases = [];
let seed = 700;
const next = () => seed++;

function toTensor(a) {
  return tf.tensor(a.data, a.shape, a.dtype === 'float32' ? 'float32' : 'int32');
}
function fromTensor(t) {
  return {shape: t.shape, dtype: 'float32', data: Array.from(t.dataSync())};
}
function array(shape, data, dtype = 'float32') {
  return {shape, dtype, data: data.map((v) => (dtype === 'float32' ? Math.fround(v) : v))};
}
function mapData(a, f) {
  return array(a.shape, a.data.map(f), a.dtype);
}

// tfjs-layers' loss functions, as compile() resolves them.
const model = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [1]})]});
function layersLoss(name) {
  model.compile({optimizer: 'sgd', loss: name});
  return model.model.lossFunctions[0];
}

// Rows of positive values summing to 1 along the last axis (entries >= 0.02).
function distribution(shape, s) {
  const u = uniform(shape, s, 0.1, 1);
  const n = shape[shape.length - 1];
  const data = u.data.slice();
  for (let i = 0; i < data.length; i += n) {
    const total = data.slice(i, i + n).reduce((a, b) => a + b, 0);
    for (let j = 0; j < n; ++j) data[i + j] = data[i + j] / total;
  }
  return array(shape, data);
}
function oneHot(labels, classes) {
  const data = [];
  for (const l of labels.data) for (let c = 0; c < classes; ++c) data.push(c === l ? 1 : 0);
  return array([...labels.shape, classes], data);
}
// Labels 0 or 1 as float32 (so that smoothing them keeps the fractions).
function binaryLabels(shape, s) {
  const i = integers(shape, s, 0, 2);
  return array(shape, i.data);
}

// A per-sample case: `fn`/`kwargs` name the Keras function, `value` is tfjs's result.
function fnCase(name, fn, kwargs, inputs, value, note) {
  const extra = {kind: 'function', fn, kwargs};
  if (note) extra.note = note;
  cases.push({name, inputs, weights: [], outputs: [fromTensor(value)], extra});
}

const mse = layersLoss('meanSquaredError');
const mae = layersLoss('meanAbsoluteError');
const mape = layersLoss('meanAbsolutePercentageError');
const msle = layersLoss('meanSquaredLogarithmicError');
const hinge = layersLoss('hinge');
const squaredHinge = layersLoss('squaredHinge');
const categoricalHinge = layersLoss('categoricalHinge');
const logcosh = layersLoss('logcosh');
const cce = layersLoss('categoricalCrossentropy');
const scce = layersLoss('sparseCategoricalCrossentropy');
const bce = layersLoss('binaryCrossentropy');
const kld = layersLoss('kullbackLeiblerDivergence');
const poisson = layersLoss('poisson');
const cosine = layersLoss('cosineProximity');

const run = (f, ...xs) => f(...xs.map(toTensor));

// --- Regression ---------------------------------------------------------------------------------
for (const [fn, f, lo, hi] of [
  ['mean_squared_error', mse, -2, 2],
  ['mean_absolute_error', mae, -2, 2],
  ['mean_absolute_percentage_error', mape, -3, 3],
  ['mean_squared_logarithmic_error', msle, -0.5, 3],
  ['log_cosh', logcosh, -3, 3],
]) {
  for (const shape of [[4, 5], [2, 3, 4]]) {
    const t = uniform(shape, next(), lo, hi), p = uniform(shape, next(), lo, hi);
    fnCase(`${fn}_rank${shape.length}`, fn, {}, [t, p], run(f, t, p));
  }
}
{
  // MAPE with a zero label (divided by epsilon), MSLE with negatives (clipped to epsilon).
  const t = array([2, 3], [0, 1.5, -2, 0.25, 3, -0.5]), p = uniform([2, 3], next(), -1, 1);
  fnCase('mean_absolute_percentage_error_zero_label', 'mean_absolute_percentage_error', {},
         [t, p], run(mape, t, p));
  const q = array([2, 3], [-1, 0, 0.5, 2, -0.25, 1]);
  fnCase('mean_squared_logarithmic_error_negative', 'mean_squared_logarithmic_error', {}, [q, p],
         run(msle, q, p));
}
for (const shape of [[4, 5], [2, 3, 4]]) {
  const t = uniform(shape, next()), p = uniform(shape, next());
  fnCase(`cosine_similarity_rank${shape.length}`, 'cosine_similarity', {axis: -1}, [t, p],
         run(cosine, t, p));
}
{
  // axis=1 of (2, 4, 3): tfjs reduces the last axis, so both are moved there first.
  const t = uniform([2, 4, 3], next()), p = uniform([2, 4, 3], next());
  const value = cosine(toTensor(t).transpose([0, 2, 1]), toTensor(p).transpose([0, 2, 1]));
  fnCase('cosine_similarity_axis1', 'cosine_similarity', {axis: 1}, [t, p], value,
         'axis 1 moved last for tfjs');
  const z = array([2, 3], [0, 0, 0, 1, 2, 3]);
  fnCase('cosine_similarity_zero_vector', 'cosine_similarity', {axis: -1}, [z, z], run(cosine, z, z));
}
for (const delta of [1.0, 0.5, 2.5]) {
  const t = uniform([4, 5], next(), -3, 3), p = uniform([4, 5], next(), -3, 3);
  const value = tf.mean(tf.losses.huberLoss(toTensor(t), toTensor(p), undefined, delta,
                                            tf.Reduction.NONE), -1);
  fnCase(`huber_delta${delta}`, 'huber', {delta}, [t, p], value,
         'tf.losses.huberLoss per element, averaged over the last axis');
}

// --- Hinge --------------------------------------------------------------------------------------
for (const [fn, f] of [['hinge', hinge], ['squared_hinge', squaredHinge]]) {
  const pm = mapData(binaryLabels([4, 5], next()), (v) => 2 * v - 1);
  const p = uniform([4, 5], next(), -2, 2);
  fnCase(`${fn}_pm1_labels`, fn, {}, [pm, p], run(f, pm, p));
  const b = binaryLabels([4, 5], next());
  fnCase(`${fn}_01_labels`, fn, {}, [b, p], run(f, mapData(b, (v) => 2 * v - 1), p),
         'labels in {0, 1} converted to {-1, 1} as Keras does');
  const soft = uniform([4, 5], next(), -1, 1);
  fnCase(`${fn}_other_labels`, fn, {}, [soft, p], run(f, soft, p));
}
{
  const labels = integers([5], next(), 0, 4);
  const t = oneHot(labels, 4), p = uniform([5, 4], next(), -2, 2);
  fnCase('categorical_hinge_one_hot', 'categorical_hinge', {}, [t, p], run(categoricalHinge, t, p));
  const s = distribution([5, 4], next());
  fnCase('categorical_hinge_soft', 'categorical_hinge', {}, [s, p], run(categoricalHinge, s, p));
}

// --- Probabilistic ------------------------------------------------------------------------------
for (const shape of [[4, 5], [2, 3, 4]]) {
  const t = distribution(shape, next()), p = distribution(shape, next());
  fnCase(`kl_divergence_rank${shape.length}`, 'kl_divergence', {}, [t, p], run(kld, t, p));
  const counts = array(shape, integers(shape, next(), 0, 5).data);
  const rate = uniform(shape, next(), 0.05, 4);
  fnCase(`poisson_rank${shape.length}`, 'poisson', {}, [counts, rate], run(poisson, counts, rate));
}

// Categorical crossentropy: probabilities (not normalized: both normalize first), logits.
function smoothCategorical(t, s) {
  const n = t.shape[t.shape.length - 1];
  return mapData(t, (v) => v * (1 - s) + s / n);
}
for (const smoothing of [0, 0.1]) {
  const labels = integers([6], next(), 0, 5);
  const t = oneHot(labels, 5);
  const probs = uniform([6, 5], next(), 0.05, 1);
  fnCase(`categorical_crossentropy_probs_ls${smoothing}`, 'categorical_crossentropy',
         {from_logits: false, label_smoothing: smoothing}, [t, probs],
         run(cce, smoothCategorical(t, smoothing), probs),
         smoothing ? 'labels smoothed with Keras formula, then tfjs-layers' : undefined);
  const logits = uniform([6, 5], next(), -3, 3);
  fnCase(`categorical_crossentropy_logits_ls${smoothing}`, 'categorical_crossentropy',
         {from_logits: true, label_smoothing: smoothing}, [t, logits],
         tf.losses.softmaxCrossEntropy(toTensor(t), toTensor(logits), undefined, smoothing,
                                       tf.Reduction.NONE));
}
{
  // Soft labels, rank 3, class axis 1.
  const t = distribution([2, 3, 4], next()), logits = uniform([2, 3, 4], next(), -3, 3);
  fnCase('categorical_crossentropy_logits_rank3', 'categorical_crossentropy', {from_logits: true},
         [t, logits], tf.losses.softmaxCrossEntropy(toTensor(t), toTensor(logits), undefined, 0,
                                                     tf.Reduction.NONE));
  const t1 = distribution([2, 3, 4], next()), p1 = distribution([2, 3, 4], next());
  const perm = [0, 2, 1];
  fnCase('categorical_crossentropy_probs_axis1', 'categorical_crossentropy',
         {from_logits: false, axis: 1}, [t1, p1],
         cce(toTensor(t1).transpose(perm), toTensor(p1).transpose(perm)),
         'class axis 1 moved last for tfjs');
  const l2 = uniform([2, 3, 4], next(), -3, 3);
  // tfjs smooths by shape[1] classes, right only for rank 2: the labels are smoothed here.
  fnCase('categorical_crossentropy_logits_axis1_ls0.2', 'categorical_crossentropy',
         {from_logits: true, label_smoothing: 0.2, axis: 1}, [t1, l2],
         tf.losses.softmaxCrossEntropy(
             toTensor(mapData(t1, (v) => v * 0.8 + 0.2 / 3)).transpose(perm),
             toTensor(l2).transpose(perm), undefined, 0, tf.Reduction.NONE),
         'class axis 1 moved last for tfjs, labels smoothed with Keras formula');
}

// Sparse categorical crossentropy: normalized probabilities (tfjs clips before normalizing),
// logits through softmaxCrossEntropy of the one-hot labels.
for (const [shape, classes] of [[[6], 5], [[2, 3], 4]]) {
  const labels = integers(shape, next(), 0, classes);
  const probs = distribution([...shape, classes], next());
  fnCase(`sparse_categorical_crossentropy_probs_rank${shape.length + 1}`,
         'sparse_categorical_crossentropy', {from_logits: false}, [labels, probs],
         scce(toTensor(labels).toFloat(), toTensor(probs)));
  const logits = uniform([...shape, classes], next(), -3, 3);
  fnCase(`sparse_categorical_crossentropy_logits_rank${shape.length + 1}`,
         'sparse_categorical_crossentropy', {from_logits: true}, [labels, logits],
         tf.losses.softmaxCrossEntropy(toTensor(oneHot(labels, classes)), toTensor(logits),
                                       undefined, 0, tf.Reduction.NONE));
}
{
  // (batch, 1) labels are squeezed.
  const labels = integers([5, 1], next(), 0, 3);
  const logits = uniform([5, 3], next(), -3, 3);
  fnCase('sparse_categorical_crossentropy_logits_column_labels', 'sparse_categorical_crossentropy',
         {from_logits: true}, [labels, logits],
         tf.losses.softmaxCrossEntropy(toTensor(oneHot(mapData(labels, (v) => v), 3)).reshape([5, 3]),
                                       toTensor(logits), undefined, 0, tf.Reduction.NONE));
}

// Binary crossentropy: probabilities (tfjs-layers), logits (sigmoidCrossEntropy with smoothing).
function smoothBinary(t, s) {
  return mapData(t, (v) => v * (1 - s) + 0.5 * s);
}
for (const smoothing of [0, 0.2]) {
  for (const shape of [[4, 5], [2, 3, 2]]) {
    const t = binaryLabels(shape, next());
    const p = uniform(shape, next(), 0.02, 0.98);
    fnCase(`binary_crossentropy_probs_ls${smoothing}_rank${shape.length}`, 'binary_crossentropy',
           {from_logits: false, label_smoothing: smoothing}, [t, p],
           run(bce, smoothBinary(t, smoothing), p),
           smoothing ? 'labels smoothed with Keras formula, then tfjs-layers' : undefined);
    const logits = uniform(shape, next(), -4, 4);
    fnCase(`binary_crossentropy_logits_ls${smoothing}_rank${shape.length}`, 'binary_crossentropy',
           {from_logits: true, label_smoothing: smoothing}, [t, logits],
           tf.mean(tf.losses.sigmoidCrossEntropy(toTensor(t), toTensor(logits), undefined,
                                                 smoothing, tf.Reduction.NONE), -1),
           'tf.losses.sigmoidCrossEntropy per element, averaged over the last axis');
  }
}
{
  // axis=1 of (2, 3, 2): the mean runs over axis 1.
  const t = binaryLabels([2, 3, 2], next()), logits = uniform([2, 3, 2], next(), -4, 4);
  fnCase('binary_crossentropy_logits_axis1', 'binary_crossentropy', {from_logits: true, axis: 1},
         [t, logits],
         tf.mean(tf.losses.sigmoidCrossEntropy(toTensor(t), toTensor(logits), undefined, 0,
                                               tf.Reduction.NONE), 1),
         'averaged over axis 1');
  // Probabilities beyond [eps, 1 - eps] are clipped.
  const t2 = array([2, 2], [1, 0, 0, 1]), p2 = array([2, 2], [0, 1, 0.5, 1]);
  fnCase('binary_crossentropy_probs_clipped', 'binary_crossentropy', {}, [t2, p2], run(bce, t2, p2));
}

// --- Classes: reductions, sample weights and masks ----------------------------------------------
// The per-sample values come from tfjs (as above); the reduction from tf.losses.computeWeightedLoss.
function reduce(values, reduction, weights, mask) {
  const v = toTensor(values);
  // Weights of shape (batch, 1) for values (batch,) meet them as Keras aligns them.
  let w = weights ? toTensor(weights).reshape(weights.data.length === values.data.length
                                                  ? values.shape : weights.shape) : null;
  if (mask) w = w ? tf.mul(w, toTensor(mask)) : toTensor(mask);
  const R = tf.Reduction;
  if (reduction === 'none') return w ? tf.mul(v, w) : v;
  if (reduction === 'sum') return tf.losses.computeWeightedLoss(v, w || undefined, R.SUM);
  if (reduction === 'mean_with_sample_weight')
    return tf.losses.computeWeightedLoss(v, w || undefined, R.MEAN);
  // sum_over_batch_size and mean: the weighted values averaged over all entries, or over the
  // valid entries when there is a mask.
  if (mask) return tf.losses.computeWeightedLoss(v, w, R.SUM_BY_NONZERO_WEIGHTS);
  return tf.losses.computeWeightedLoss(w ? tf.mul(v, w) : v, undefined, R.MEAN);
}
function classCase(name, className, config, inputs, perSample, reduction, weights, mask) {
  const all = [...inputs];
  if (weights) all.push(weights);
  if (mask) all.push(mask);
  const values = fromTensor(perSample);
  cases.push({
    name,
    inputs: all,
    weights: [],
    outputs: [fromTensor(reduce(values, reduction, weights, mask))],
    extra: {kind: 'class', class_name: className, config: {...config, reduction},
            sample_weight: !!weights, mask: !!mask},
  });
}

const reductions = ['sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none'];
{
  const t = uniform([6, 4], next(), -2, 2), p = uniform([6, 4], next(), -2, 2);
  const w = uniform([6], next(), 0.1, 2);
  const mask = array([6], [1, 0, 1, 1, 0, 1]);
  const per = run(mse, t, p);
  for (const reduction of reductions) {
    classCase(`MeanSquaredError_${reduction}`, 'MeanSquaredError', {}, [t, p], per, reduction);
    classCase(`MeanSquaredError_${reduction}_weights`, 'MeanSquaredError', {}, [t, p], per,
              reduction, w);
    classCase(`MeanSquaredError_${reduction}_mask`, 'MeanSquaredError', {}, [t, p], per,
              reduction, null, mask);
    classCase(`MeanSquaredError_${reduction}_weights_mask`, 'MeanSquaredError', {}, [t, p], per,
              reduction, w, mask);
  }
  // Weights of shape (batch, 1) against per-sample values (batch,): the same semantics.
  const w1 = array([6, 1], w.data);
  classCase('MeanAbsoluteError_column_weights', 'MeanAbsoluteError', {}, [t, p], run(mae, t, p),
            'mean_with_sample_weight', w1);
}
{
  // Sequence outputs: per-sample values (batch, time) with a (batch, time) mask and weights.
  const t = uniform([3, 4, 2], next()), p = uniform([3, 4, 2], next());
  const mask = array([3, 4], [1, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0]);
  const w = uniform([3, 4], next(), 0.5, 1.5);
  for (const reduction of reductions) {
    classCase(`LogCosh_sequence_${reduction}_mask`, 'LogCosh', {}, [t, p], run(logcosh, t, p),
              reduction, null, mask);
    classCase(`LogCosh_sequence_${reduction}_weights_mask`, 'LogCosh', {}, [t, p],
              run(logcosh, t, p), reduction, w, mask);
  }
}
{
  const labels = integers([5], next(), 0, 4);
  const t = oneHot(labels, 4), logits = uniform([5, 4], next(), -3, 3);
  const w = uniform([5], next(), 0.2, 2);
  const per = tf.losses.softmaxCrossEntropy(toTensor(t), toTensor(logits), undefined, 0.1,
                                            tf.Reduction.NONE);
  for (const reduction of reductions)
    classCase(`CategoricalCrossentropy_logits_ls0.1_${reduction}_weights`,
              'CategoricalCrossentropy', {from_logits: true, label_smoothing: 0.1}, [t, logits],
              per, reduction, w);
  const perSparse = tf.losses.softmaxCrossEntropy(toTensor(t), toTensor(logits), undefined, 0,
                                                  tf.Reduction.NONE);
  for (const reduction of reductions)
    classCase(`SparseCategoricalCrossentropy_logits_${reduction}_weights`,
              'SparseCategoricalCrossentropy', {from_logits: true}, [labels, logits], perSparse,
              reduction, w);
  const bt = binaryLabels([5, 3], next()), bp = uniform([5, 3], next(), 0.05, 0.95);
  classCase('BinaryCrossentropy_probs_ls0.1_sum', 'BinaryCrossentropy', {label_smoothing: 0.1},
            [bt, bp], run(bce, smoothBinary(bt, 0.1), bp), 'sum', w);
  // Binary labels (batch,) against predictions (batch, 1): the labels gain the last axis.
  const bl = binaryLabels([5], next()), bp1 = uniform([5, 1], next(), 0.05, 0.95);
  classCase('BinaryCrossentropy_rank1_labels', 'BinaryCrossentropy', {}, [bl, bp1],
            run(bce, array([5, 1], bl.data), bp1), 'sum_over_batch_size');
  const mt = uniform([5], next(), -1, 1), mp = uniform([5, 1], next(), -1, 1);
  classCase('MeanSquaredError_rank1_labels', 'MeanSquaredError', {}, [mt, mp],
            run(mse, array([5, 1], mt.data), mp), 'sum_over_batch_size');
}
// Every other class once, with weights.
{
  const w = uniform([4], next(), 0.2, 2);
  const t = uniform([4, 3], next(), -2, 2), p = uniform([4, 3], next(), -2, 2);
  const d = distribution([4, 3], next()), q = distribution([4, 3], next());
  const b = binaryLabels([4, 3], next());
  const pos = uniform([4, 3], next(), 0.1, 3);
  const more = [
    ['MeanAbsolutePercentageError', {}, [t, p], run(mape, t, p)],
    ['MeanSquaredLogarithmicError', {}, [pos, q], run(msle, pos, q)],
    ['CosineSimilarity', {axis: -1}, [t, p], run(cosine, t, p)],
    ['Huber', {delta: 0.7}, [t, p],
     tf.mean(tf.losses.huberLoss(toTensor(t), toTensor(p), undefined, 0.7, tf.Reduction.NONE), -1)],
    ['Hinge', {}, [b, p], run(hinge, mapData(b, (v) => 2 * v - 1), p)],
    ['SquaredHinge', {}, [b, p], run(squaredHinge, mapData(b, (v) => 2 * v - 1), p)],
    ['CategoricalHinge', {}, [d, p], run(categoricalHinge, d, p)],
    ['KLDivergence', {}, [d, q], run(kld, d, q)],
    ['Poisson', {}, [pos, q], run(poisson, pos, q)],
  ];
  for (const [className, config, inputs, per] of more)
    for (const reduction of ['sum_over_batch_size', 'sum'])
      classCase(`${className}_${reduction}_weights`, className, config, inputs, per, reduction, w);
}

write('losses_tfjs.json', 'losses.js', cases);
