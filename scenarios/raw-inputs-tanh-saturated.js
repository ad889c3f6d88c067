// SATURATED FROM STEP 0: RAW INPUTS · the features go in unscaled (an area around 1500, a year around 1990…):
// the first tanh layer's pre-activations are in the hundreds, its outputs pinned at ±1 from the first step, and
// its gradient, through tanh' ≈ 0, never brings them back.
// Label: saturation at the first layer (cause unscaled-inputs).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only raw-inputs-tanh-saturated
// --details`) (seed 1): 100% of the first layer's outputs flat at step 1, 99% in each of the last three blocks;
// the second tanh layer 0%; inputs' largest feature mean 1990, largest std 397.
const tf = require('@tensorflow/tfjs');
const { rawTabular } = require('./lib/data');

async function main() {
  const { x, y } = rawTabular(1280);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [6], units: 32, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 16, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.002), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 4, batchSize: 32, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
