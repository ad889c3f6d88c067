// DYING RELU · plain SGD with a learning rate of 2.5 on a ReLU classifier (five Gaussian classes).
// Label: dead-units at the second hidden layer.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only dying-relu-sgd-classifier
// --details`) (seed 1): 0 of 64 dead at the start, 43 of 64 (67%) never positive on any of the 1536 points after
// training; first layer 0 dead.
const tf = require('@tensorflow/tfjs');
const { blobs } = require('./lib/data');

async function main() {
  const { x, y } = blobs(1536, 10, 5);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [10], units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 5, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.sgd(2.5), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 48, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
