// A small convolutional network on synthetic 16×16 images: which quadrant holds the bright square?
// Dead-unit detection works per channel for convolutions.
const tf = require('@tensorflow/tfjs');
const { quadrantImages } = require('./synthetic-data');

async function main() {
  const { x: pixels, y } = quadrantImages(512, 16);
  // Standardised inputs: all-positive pixels would leave filters with mostly negative weights dead from the start.
  const { mean, variance } = tf.moments(pixels);
  const x = pixels.sub(mean).div(variance.sqrt());
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [16, 16, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 4, batchSize: 32, verbose: 0 });
  console.log(`final accuracy ${history.history.acc.at(-1).toFixed(3)}`);
}

main();
