// SELU done right: standardised inputs, leCunNormal weights, alphaDropout. Each layer's activations
// stay near the self-normalising fixed point (mean 0, variance 1), however deep the stack.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./synthetic-data');

async function main() {
  const { x, y } = regression(2048, 32);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [32], units: 128, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  for (let i = 0; i < 5; i++) {
    model.add(tf.layers.dense({ units: 128, activation: 'selu', kernelInitializer: 'leCunNormal' }));
    model.add(tf.layers.alphaDropout({ rate: 0.05 }));
  }
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 5, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
