// Dead ReLUs from the first step: the second layer's biases start at -20, far below anything its weights can
// add, so every unit's pre-activation is negative for every input. A ReLU there outputs 0 with derivative 0:
// no gradient reaches the layer or the one before it, and the network can only learn the targets' mean
// (a loss of 1, their variance). ELU, SELU and Swish are flat there too (slope e^-20 ≈ 2e-9); LeakyReLU keeps
// a slope of 0.01 and the network learns. Compare Activations on the second layer shows it.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./synthetic-data');

async function main() {
  const { x, y: raw } = regression(2048, 16);
  // Standardised targets: a network that learnt nothing predicts their mean, at a loss of 1 whatever the seed.
  const { mean, variance } = tf.moments(raw);
  const y = raw.sub(mean).div(variance.sqrt());
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', biasInitializer: tf.initializers.constant({ value: -20 }) }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 10, batchSize: 128, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
