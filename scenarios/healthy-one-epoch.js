// HEALTHY · one epoch only: 32 steps, under two of ActLens's 20-step windows.
// Label: no finding at warning or above.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only healthy-one-epoch --details`)
// (seed 1): 0 of 64 units dead in both layers; gradients 0.46–0.93× the output layer's.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
