// NON-FINITE · SGD with a learning rate of 3 on a ReLU regression: every step overshoots further until the
// loss overflows float32 and the weights turn into NaN.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(3), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 4, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
