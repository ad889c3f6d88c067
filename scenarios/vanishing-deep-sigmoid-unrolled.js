// VANISHING GRADIENTS · eight sigmoid layers, each written out: σ′ ≤ 0.25 shrinks the gradient at every layer on
// its way back, so the first layers starve while the last ones still learn.
// Label: vanishing-gradient at the first two layers; layers 3 and 4 are near the thresholds (allowed).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only vanishing-deep-sigmoid-unrolled
// --details`) (seed 1): gradient norms 1.3e-5, 1.9e-5 (4.6e-5×, 6.7e-5× the output layer's); layer 3 4.0e-5
// (1.4e-4×), layer 4 1.5e-4 (5.2e-4×, above the 1e-4 norm cap); layer 5 onwards above 1e-3×. Accuracy stays at
// 0.33.
const tf = require('@tensorflow/tfjs');
const { blobs } = require('./lib/data');

async function main() {
  const { x, y } = blobs(1536, 8, 3);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [8], units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 48, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
