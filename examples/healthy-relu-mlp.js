// A healthy ReLU network: He-initialised weights, a sensible learning rate.
// ActLens should report nothing wrong here.
const tf = require('@tensorflow/tfjs');
const { spirals } = require('./synthetic-data');

async function main() {
  const { x, y } = spirals(1024);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(0.005), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 8, batchSize: 32, shuffle: true, verbose: 0 });
  const accuracy = history.history.acc;
  console.log(`final accuracy ${accuracy[accuracy.length - 1].toFixed(3)}`);
}

main();
