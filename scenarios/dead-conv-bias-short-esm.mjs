// DEAD CONV LAYER IN A SHORT RUN (ES module) · the second convolution's biases start at -3, so every one of its
// 12 channels outputs 0 at every position of every image; 3 epochs of 8 batches: only 24 steps in all.
// Label: dead-units at the second convolution (cause negative-bias).
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only dead-conv-bias-short-esm --details`)
// (seed 1): 12 of 12 channels never positive on all 320 images × 8×8 positions, at the start and after training;
// the first convolution has 0 of 6 dead. A short run (blocks 1–20 and 21–24): judged on both.
import tf from '@tensorflow/tfjs';
import data from './lib/data.js';

const { x, y } = data.quadrantImages(320, 10);
const model = tf.sequential();
model.add(
  tf.layers.conv2d({
    inputShape: [10, 10, 1],
    filters: 6,
    kernelSize: 3,
    activation: 'relu',
    kernelInitializer: 'heNormal',
  }),
);
model.add(
  tf.layers.conv2d({
    filters: 12,
    kernelSize: 3,
    activation: 'relu',
    kernelInitializer: 'heNormal',
    biasInitializer: tf.initializers.constant({ value: -3 }),
  }),
);
model.add(tf.layers.globalAveragePooling2d({}));
model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
model.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(x, y, { epochs: 3, batchSize: 40, verbose: 0 });
console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
