// BROKEN SELU: PLAIN DROPOUT · standardised inputs and leCunNormal, but tf.layers.dropout (rate 0.3) after
// every SELU layer: dropout sets units to 0 (not SELU's negative saturation) and scales the rest by 1/0.7,
// which moves mean and variance off the fixed point; alphaDropout is the SELU-safe variant.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 64, activation: 'selu', kernelInitializer: 'leCunNormal' }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.005), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 5, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
