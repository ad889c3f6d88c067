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

/** Standard normal draw from Math.random (Box–Muller). */
function gaussian() {
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

module.exports = { ...examples, blobs, pairs, positiveRegression };
