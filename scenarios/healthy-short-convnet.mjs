// HEALTHY SHORT RUN (ES module), the control for dead-conv-bias-short-esm: the same shape of convnet with
// default biases, 3 epochs of 8 batches (24 steps).
// Label: healthy.
// Verified without ActLens (seed 1): no channel dead in either convolution on the whole data set, at the start or
// after training; gradient norm 0.141 → 0.257 over the two blocks (1–20, 21–24).
import tf from '@tensorflow/tfjs';
import data from './lib/data.js';

const { x, y } = data.quadrantImages(288, 10);
const model = tf.sequential();
model.add(
  tf.layers.conv2d({
    inputShape: [10, 10, 1],
    filters: 6,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: 'heNormal',
  }),
);
model.add(tf.layers.conv2d({ filters: 12, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }));
model.add(tf.layers.globalAveragePooling2d({}));
model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
model.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(x, y, { epochs: 3, batchSize: 36, verbose: 0 });
console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
