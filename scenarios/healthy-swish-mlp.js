// HEALTHY · Swish MLP (x·σ(x)), He-initialised, Adam at a moderate learning rate.
// Label: no finding at warning or above.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only healthy-swish-mlp --details`)
// (seed 1): whole-net gradient norm settles at 1.1–1.5 (first layer 0.5× the output layer's), loss 1.2 → 0.46.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'swish', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'swish', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
