// EXPLODING GRADIENTS · a deep linear network (eight dense layers without activations, no normalisation)
// trained by SGD a little above its stable learning rate.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const init = () => tf.initializers.randomNormal({ stddev: 0.25 });
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 32, kernelInitializer: init() }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init() }));
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
