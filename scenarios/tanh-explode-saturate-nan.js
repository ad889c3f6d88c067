// EXPLOSION → SATURATION → NaN · SGD at a learning rate of 1 on a tanh regression: every step overshoots, the
// weights grow, both tanh layers end up fully saturated and the loss overflows at step 17.
// Label: exploding-gradient (at the output layer, the largest gradient), saturation at both tanh layers and
// non-finite (model-wide: the loss goes first), all caused by large updates.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only tanh-explode-saturate-nan
// --details`) (seed 1): gradient norm 5.44 over the first three steps → 1.4e18 over the last three finite ones
// (2.5e17×); 0% of the tanh outputs flat at step 1, 100% over steps 10–16; first NaN/Inf in the loss at step 17.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(1024, 10);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [10], units: 40, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 40, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(1), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
