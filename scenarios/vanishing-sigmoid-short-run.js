// VANISHING GRADIENTS IN A SHORT RUN · ten sigmoid layers (eight from a one-line loop), one epoch: 30 steps.
// Label: vanishing-gradient at the first layer and at the loop's line (cause saturating-stack).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only vanishing-sigmoid-short-run
// --details`) (seed 1): the first layer's gradient norm 3.0e-7 (9.9e-7× the output layer's), the loop's first
// layer 1.8e-6 (6.0e-6×) in both blocks (1–20, 21–30).
const tf = require('@tensorflow/tfjs');
const { spirals } = require('./lib/data');

async function main() {
  const { x, y } = spirals(960);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 32, activation: 'sigmoid' }));
  for (let i = 0; i < 8; i++) model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
