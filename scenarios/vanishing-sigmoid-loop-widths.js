// VANISHING GRADIENTS IN A LOOP-BUILT STACK · ten sigmoid layers, eight of them built by one `for` loop over a
// list of widths (one line, eight layers).
// Label: vanishing-gradient at the first layer and at the loop's line (cause saturating-stack).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only vanishing-sigmoid-loop-widths
// --details`) (seed 1): the first layer's gradient norm 1.1e-6 (7.2e-6× the output layer's), the second's
// (first of the loop) 2.0e-6 (1.3e-5×), in each of the last three blocks.
const tf = require('@tensorflow/tfjs');
const { blobs } = require('./lib/data');

async function main() {
  const { x, y } = blobs(1024, 4, 2);
  const widths = [40, 32, 32, 24, 24, 16, 16, 12];
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: 48, activation: 'sigmoid' }));
  for (const units of widths) {
    model.add(tf.layers.dense({ units, activation: 'sigmoid' }));
  }
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.sgd(0.2), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 5, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
