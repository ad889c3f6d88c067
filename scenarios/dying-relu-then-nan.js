// DYING RELU, THEN NaN · plain SGD at a learning rate of 1 on a ReLU regression: the second step's gradient is
// 12× the first's, most of the second layer's units die within four steps, and the loss overflows at step 14.
// Label: dead-units at the second layer and non-finite (model-wide: the loss goes first), both caused by
// large updates. Exploding-gradient is allowed, not required: the norm grew 75× from the first three steps to the
// last three finite ones (threshold 100×), with the last finite step at 1e8.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only dying-relu-then-nan --details`)
// (seed 1): 38 of 48 units never positive over the training passes of steps 9–13 (240 samples); 0 of 48 at the
// start; first NaN/Inf in the loss at step 14.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(1536, 12);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [12], units: 48, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 48, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(1), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 2, batchSize: 48, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
