// Synthetic data for the scenarios: the examples' generators plus a few more. Generated in memory and
// seeded by ActLens's --seed through Math.random (tf.random* draws its seed from Math.random too), so a
// scenario sees the same data on every run.
const tf = require('@tensorflow/tfjs');
const examples = require('../../examples/synthetic-data');

/** `classes` Gaussian clusters in `features` dimensions (centres ~N(0, 2²), unit spread); one-hot labels. */
function blobs(count, features, classes) {
  const centres = Array.from({ length: classes }, () => Array.from({ length: features }, () => gaussian() * 2));
  const xs = [];
  const labels = [];
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    xs.push(centres[label].map((centre) => centre + gaussian()));
    labels.push(label);
  }
  return { x: tf.tensor2d(xs), y: tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat(), labels };
}

/** Pairs of standardised vectors and a target that compares them: y = sin(a·w) − sin(b·w). */
function pairs(count, features) {
  const a = tf.randomNormal([count, features]);
  const b = tf.randomNormal([count, features]);
  const w = tf.randomNormal([features, 1]).div(Math.sqrt(features));
  const y = tf.tidy(() => tf.sin(a.matMul(w).mul(2)).sub(tf.sin(b.matMul(w).mul(2))));
  w.dispose();
  return { a, b, y };
}

/** A positive regression target (counts-like, with exact zeros) of `features` standardised inputs. */
function positiveRegression(count, features) {
  const x = tf.randomNormal([count, features]);
  const w = tf.randomNormal([features, 1]).div(Math.sqrt(features));
  const y = tf.tidy(() => tf.relu(x.matMul(w)).mul(3).round());
  w.dispose();
  return { x, y };
}

/**
 * Tabular data as it comes, unscaled: six features around `[1500, 3, 1990, 800, 250, 40]` with spreads
 * `[400, 1, 15, 300, 80, 12]` (an area, a count, a year, a distance, a price, an age). The target is a smooth
 * function of the standardised features, of unit scale. Returns the raw `x`, its per-feature `mean` and `std`
 * (so a script can standardise it), and `y`.
 */
function rawTabular(count) {
  const mean = [1500, 3, 1990, 800, 250, 40];
  const std = [400, 1, 15, 300, 80, 12];
  const weights = mean.map(() => gaussian() / Math.sqrt(mean.length));
  const xs = [];
  const ys = [];
  for (let i = 0; i < count; i++) {
    const z = mean.map(() => gaussian());
    xs.push(z.map((value, f) => mean[f] + std[f] * value));
    const s = z.reduce((sum, value, f) => sum + value * weights[f], 0);
    ys.push([Math.tanh(2 * s) + 0.3 * z[0] * z[1]]);
  }
  return { x: tf.tensor2d(xs), y: tf.tensor2d(ys), mean, std };
}

/** Standard normal draw from Math.random (Box–Muller). */
function gaussian() {
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

module.exports = { ...examples, blobs, pairs, positiveRegression, rawTabular };
