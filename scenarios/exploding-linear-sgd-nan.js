// EXPLODING TO NaN · a four-layer linear network under SGD at 0.3, just above the stable rate (0.28 trains):
// the updates overshoot further every step until the second layer's activations overflow at step 10.
// Label: exploding-gradient (at the first layer, the largest gradient) and non-finite at the second layer,
// both caused by large updates.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only exploding-linear-sgd-nan
// --details`) (seed 1): gradient norm 3.03 over the first three steps → 9.0e4 over the last three finite ones
// (3.0e4×); first NaN/Inf in dense_Dense2's activations at step 10.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 8);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [8], units: 24 }));
  model.add(tf.layers.dense({ units: 24 }));
  model.add(tf.layers.dense({ units: 24 }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.3), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
