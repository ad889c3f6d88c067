// EXPLODING GRADIENTS · eight ReLU layers initialised with stddev 0.5 (He would be √(2/64) ≈ 0.18) and no
// normalisation: every layer multiplies the signal by about 2.8, forward and backward.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const init = () => tf.initializers.randomNormal({ stddev: 0.5 });
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(1e-7), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
