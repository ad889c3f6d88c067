// DEAD RELU IN ONE LAYER OF A DEEP NET · six He-initialised layers (four ReLU, then two ELU); only the fourth
// has its biases initialised at -3. The finding belongs at that line, not at its neighbours.
// Label: dead-units at the fourth layer only.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only dead-relu-one-layer-deep
// --details`) (seed 1): layer 4 has 58 of 64 units never positive on the data set after training (49 at the
// start); layers 1–3 have 0 dead; the ELU layers cannot die; no layer's gradient is below 1.0× the output
// layer's.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal', biasInitializer: tf.initializers.constant({ value: -3 }) }));
  model.add(tf.layers.dense({ units: 64, activation: 'elu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'elu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.002), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
