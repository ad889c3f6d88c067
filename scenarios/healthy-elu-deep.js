// HEALTHY · a deeper ELU network: five ELU layers of 32 units, He-initialised, on the two spirals.
// Label: no finding at warning or above.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only healthy-elu-deep --details`)
// (seed 1): every layer's gradient 0.55–1.8× the output layer's; the norm falls as the net converges (accuracy
// 1.000).
const tf = require('@tensorflow/tfjs');
const { spirals } = require('./lib/data');

async function main() {
  const { x, y } = spirals(1024);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 32, activation: 'elu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 32, activation: 'elu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 32, activation: 'elu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 32, activation: 'elu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 32, activation: 'elu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
