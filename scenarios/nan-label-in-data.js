// NaN IN THE DATA · one target is NaN (a missing measurement read in as NaN): the loss is NaN at the step whose
// batch holds it, with nothing growing before.
// Label: non-finite (model-wide: the loss goes first; cause undefined-operation).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only nan-label-in-data --details`)
// (seed 1): first NaN/Inf in the loss at step 11 (rows 640–703 hold row 700); gradient norm 4.33 at the first
// step, at most 5.75 before it; no unit silent over steps 7–10.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y: clean } = regression(1024, 8);
  // One missing measurement in the targets, read in as NaN.
  const targets = clean.arraySync();
  targets[700][0] = NaN;
  const y = tf.tensor2d(targets);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [8], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 2, batchSize: 64, shuffle: false, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
