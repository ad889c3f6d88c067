// DEAD RELU IN A CONV LAYER · the second convolution's biases start at -1.5: channels whose filter never
// outweighs that bias output 0 at every position of every image.
// Label: dead-units at the second convolution.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only dead-relu-conv-channels
// --details`) (seed 1): 15 of its 16 channels never positive at the start, 12 of 16 after training, over all 512
// images × 4×4 positions; the first convolution has 0 of 8 dead.
const tf = require('@tensorflow/tfjs');
const { quadrantImages } = require('./lib/data');

async function main() {
  const { x, y } = quadrantImages(512, 12);
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal', biasInitializer: tf.initializers.constant({ value: -1.5 }) }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 4, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
