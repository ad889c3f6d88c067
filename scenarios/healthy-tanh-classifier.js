// HEALTHY · tanh classifier: five Gaussian classes in 10-D, Glorot (default) weights, softmax output.
// Label: no finding at warning or above.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only healthy-tanh-classifier
// --details`) (seed 1): under 0.1% of the tanh outputs in the flat region, first-layer gradient 1.4× the output
// layer's, accuracy 0.996.
const tf = require('@tensorflow/tfjs');
const { blobs } = require('./lib/data');

async function main() {
  const { x, y } = blobs(1536, 10, 5);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [10], units: 64, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 32, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 5, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 48, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
