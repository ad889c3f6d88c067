// BROKEN SELU: UNSTANDARDISED INPUTS · leCunNormal and no dropout, but the inputs have mean 5 and std 8: SELU's
// fixed point assumes mean 0 / variance 1 inputs.
// Label: activation-drift at all three SELU layers.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only selu-raw-inputs --details`)
// (seed 1): training outputs' mean/std 2.46/5.58, 1.62/3.95, 0.74/2.76 over the last three 20-step blocks.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const rawInputs = x.mul(8).add(5);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.0005), loss: 'meanSquaredError' });
  const history = await model.fit(rawInputs, y, { epochs: 5, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
