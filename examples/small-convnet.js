// A small convolutional network on synthetic 12×12 images: which quadrant holds the bright square?
// Dead-unit detection works per channel for convolutions. (Without @tensorflow/tfjs-node, tfjs trains
// convolutions slowly: its wasm backend has no filter-gradient kernel, so it runs on the cpu backend.)
const tf = require('@tensorflow/tfjs');
const { quadrantImages } = require('./synthetic-data');

async function main() {
  const { x, y } = quadrantImages(256, 12);
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
