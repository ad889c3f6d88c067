// DEAD FROM STEP 0: RAW INPUTS · unscaled features (means up to ~2000) into a ReLU layer: every unit whose
// weights point against the mean input is negative for every row from the first step, and gets no gradient.
// Label: dead-units at the first layer (cause unscaled-inputs) and at the second (whose inputs are in the
// thousands too; no single cause labelled).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only raw-inputs-relu-dead --details`)
// (seed 1): first layer 10 of 48 units never positive on all 1536 rows at the start and after training; second
// layer 6 of 24 at the start, 8 of 24 after; gradient norm 1e8 at the first step, falling.
const tf = require('@tensorflow/tfjs');
const { rawTabular } = require('./lib/data');

async function main() {
  const { x, y } = rawTabular(1536);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [6], units: 48, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 24, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 4, batchSize: 48, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
