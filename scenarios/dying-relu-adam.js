// DYING RELU · Adam with a learning rate of 0.05 on a ReLU MLP.
// Label: dead-units at the second hidden layer.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only dying-relu-adam --details`)
// (seed 1): the second layer has 0 of 64 units dead on the data set at the start and 61 of 64 never positive on
// any of the 2048 rows after training; the first layer keeps all 64.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(2048, 16);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 64, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1).toFixed(4)}`);
}

main();
