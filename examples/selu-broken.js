// SELU without what it needs: raw (unstandardised) inputs, the default Glorot initialiser and plain
// dropout. The activations drift away from mean 0 / variance 1 and self-normalisation is lost.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./synthetic-data');

async function main() {
  const { x, y } = regression(2048, 32);
  const rawInputs = x.mul(8).add(5);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [32], units: 256, activation: 'selu' }));
  for (let i = 0; i < 5; i++) {
    model.add(tf.layers.dense({ units: 32, activation: 'selu' }));
    model.add(tf.layers.dropout({ rate: 0.3 }));
  }
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.001), loss: 'meanSquaredError' });
  const history = await model.fit(rawInputs, y, { epochs: 5, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
