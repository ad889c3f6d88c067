// VANISHING GRADIENTS · twelve tanh layers with tfjs's 'randomNormal' initialiser (stddev 0.05): each layer
// scales its input by about √32 · 0.05 ≈ 0.28, forward and backward, so the first layers get almost nothing.
const tf = require('@tensorflow/tfjs');
const { spirals } = require('./lib/data');

async function main() {
  const { x, y } = spirals(1024);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 32, activation: 'tanh', kernelInitializer: 'randomNormal' }));
  for (let i = 0; i < 11; i++) {
    model.add(tf.layers.dense({ units: 32, activation: 'tanh', kernelInitializer: 'randomNormal' }));
  }
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
