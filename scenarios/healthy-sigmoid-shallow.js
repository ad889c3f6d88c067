// HEALTHY · a shallow sigmoid network (two hidden layers, Glorot weights): sigmoid is fine when not deep.
// Label: no finding at warning or above.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only healthy-sigmoid-shallow
// --details`) (seed 1): 11% and 4–7% of the hidden outputs in the flat region (threshold 50%); first-layer
// gradient 0.97× the output's.
const tf = require('@tensorflow/tfjs');
const { blobs } = require('./lib/data');

async function main() {
  const { x, y } = blobs(1536, 8, 3);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [8], units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 48, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
