// DEAD RELU IN A LOOP-BUILT STACK · three ReLU layers built by one `for` loop, each with biases at -2: the
// first of them loses a third of its units, the last all of them.
// Label: dead-units at the loop's line (one pair for the three layers; cause negative-bias).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only dead-relu-loop-negative-bias
// --details`) (seed 1): 12, 17 and 32 of 32 units never positive on all 1024 rows after training (the same at
// the start); the layer before the loop 0 of 32.
const tf = require('@tensorflow/tfjs');
const { spirals } = require('./lib/data');

async function main() {
  const { x, y } = spirals(1024);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }));
  for (let i = 0; i < 3; i++) {
    model.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal', biasInitializer: tf.initializers.constant({ value: -2 }) }));
  }
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(0.005), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 5, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
