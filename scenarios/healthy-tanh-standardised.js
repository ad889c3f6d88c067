// HEALTHY TANH, STANDARDISED INPUTS · the control for raw-inputs-tanh-saturated: the same raw features,
// standardised with their mean and std before training.
// Label: healthy.
// Verified without ActLens (seed 1): 0% of either tanh layer's outputs flat in the last blocks; gradient norm
// 1.23 → 0.446 per block.
const tf = require('@tensorflow/tfjs');
const { rawTabular } = require('./lib/data');

async function main() {
  const raw = rawTabular(1280);
  const x = raw.x.sub(tf.tensor1d(raw.mean)).div(tf.tensor1d(raw.std));
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [6], units: 32, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 16, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.002), loss: 'meanSquaredError' });
  const history = await model.fit(x, raw.y, { epochs: 4, batchSize: 32, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
