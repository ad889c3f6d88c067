// Synthetic data sets for the examples: generated in memory, no downloads. Seeded by ActLens's --seed
// through Math.random, so every run of an example sees the same data.
const tf = require('@tensorflow/tfjs');

/** Two noisy interleaved spirals in 2-D, labels 0/1. */
function spirals(count) {
  const xs = [];
  const ys = [];
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const radius = (i / count) * 4 + 0.2;
    const angle = radius * 1.8 + label * Math.PI + (Math.random() - 0.5) * 0.3;
    xs.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
    ys.push([label]);
  }
  return { x: tf.tensor2d(xs), y: tf.tensor2d(ys) };
}

/** A smooth non-linear regression target of `features` standardised inputs. */
function regression(count, features) {
  const x = tf.randomNormal([count, features]);
  const weights = tf.randomNormal([features, 1]);
  const y = tf.tidy(() => tf.sin(x.matMul(weights)).add(x.slice([0, 0], [count, 1]).square().mul(0.5)));
  weights.dispose();
  return { x, y };
}

/** Small greyscale images of a bright square in one of four quadrants; the label is the quadrant (one-hot). */
function quadrantImages(count, size) {
  const images = [];
  const labels = [];
  const half = size / 2;
  for (let i = 0; i < count; i++) {
    const quadrant = i % 4;
    const image = new Float32Array(size * size).map(() => Math.random() * 0.3);
    const top = quadrant < 2 ? 0 : half;
    const left = quadrant % 2 === 0 ? 0 : half;
    const side = 3 + Math.floor(Math.random() * (half - 3));
    const row0 = top + Math.floor(Math.random() * (half - side + 1));
    const col0 = left + Math.floor(Math.random() * (half - side + 1));
    for (let r = row0; r < row0 + side; r++) for (let c = col0; c < col0 + side; c++) image[r * size + c] = 1;
    images.push(image);
    labels.push(quadrant);
  }
  const x = tf.tensor4d(Float32Array.from(images.flatMap((image) => Array.from(image))), [count, size, size, 1]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 4).toFloat();
  return { x, y };
}

module.exports = { spirals, regression, quadrantImages };
