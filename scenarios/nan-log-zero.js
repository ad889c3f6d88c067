// NON-FINITE · a hand-written mean squared log error without the "+ 1": log(0) of the ReLU output (and of the
// targets, which are counts with exact zeros) is -Infinity from the first batch.
// Label: non-finite, model-wide (the loss is the first non-finite value; every activation is finite).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only nan-log-zero --details`) (seed
// 1): step 1, loss.
const tf = require('@tensorflow/tfjs');
const { positiveRegression } = require('./lib/data');

function meanSquaredLogError(yTrue, yPred) {
  return tf.mean(tf.square(tf.sub(tf.log(yTrue), tf.log(yPred))));
}

async function main() {
  const { x, y } = positiveRegression(1024, 8);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [8], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1, activation: 'relu' }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: meanSquaredLogError });
  const history = await model.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
