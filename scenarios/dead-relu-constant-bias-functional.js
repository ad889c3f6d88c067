// DEAD RELU FROM A CONSTANT BIAS (functional API) · `biasInitializer: tf.initializers.constant({ value: -4 })` on
// the last hidden layer keeps most of its units below zero for every input.
// Label: dead-units at that layer (cause negative-bias).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only
// dead-relu-constant-bias-functional --details`) (seed 1): 18 of 24 units never positive on all 1200 rows at the
// start, 13 of 24 after training; the first layer has 0 of 32 dead.
const tf = require('@tensorflow/tfjs');
const { blobs } = require('./lib/data');

async function main() {
  const { x, y } = blobs(1200, 6, 3);
  const input = tf.input({ shape: [6] });
  const hidden = tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' }).apply(input);
  const features = tf.layers
    .dense({ units: 24, activation: 'relu', biasInitializer: tf.initializers.constant({ value: -4 }) })
    .apply(hidden);
  const output = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(features);
  const model = tf.model({ inputs: input, outputs: output });
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 5, batchSize: 40, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
