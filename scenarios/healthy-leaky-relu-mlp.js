// HEALTHY · LeakyReLU MLP: linear dense layers followed by leakyReLU layers, SGD with momentum.
// Label: no finding at warning or above (LeakyReLU cannot die).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only healthy-leaky-relu-mlp
// --details`) (seed 1): first-layer gradient 0.6× the output layer's, whole-net norm steady at 1.3–1.7, loss →
// 0.50.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, kernelInitializer: 'heNormal' }));
  model.add(tf.layers.leakyReLU({ alpha: 0.1 }));
  model.add(tf.layers.dense({ units: 64, kernelInitializer: 'heNormal' }));
  model.add(tf.layers.leakyReLU({ alpha: 0.1 }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
