// HEALTHY · very small ReLU layers (8 and 4 units) on the two spirals: every unit matters.
// Label: no finding at warning or above.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only healthy-tiny-layers --details`)
// (seed 1): all 8 and all 4 units positive on some of the 1024 points (none on under 1% of them), at the start
// and after training.
const tf = require('@tensorflow/tfjs');
const { spirals } = require('./lib/data');

async function main() {
  const { x, y } = spirals(1024);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 8, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 4, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 8, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
