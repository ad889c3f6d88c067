// Vanishing gradients: ten sigmoid layers deep. σ′(x) ≤ 0.25, so each layer scales the gradient
// flowing back by at most a quarter; the first layers barely learn.
const tf = require('@tensorflow/tfjs');
const { spirals } = require('./synthetic-data');

async function main() {
  const { x, y } = spirals(1024);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 32, activation: 'sigmoid' }));
  for (let i = 0; i < 9; i++) {
    model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  }
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
