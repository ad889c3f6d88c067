// HEALTHY SHORT CUSTOM LOOP · 18 steps of `optimizer.minimize` over a functional model: less than one block.
// Label: healthy.
// Verified without ActLens (seed 1): no unit dead; gradient norm 0.748 at the first step, 0.271 over the block
// (1–18).
const tf = require('@tensorflow/tfjs');
const { blobs } = require('./lib/data');

async function main() {
  const { x, y } = blobs(576, 5, 3);
  const input = tf.input({ shape: [5] });
  const hidden = tf.layers.dense({ units: 24, activation: 'relu', kernelInitializer: 'heNormal' }).apply(input);
  const output = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(hidden);
  const model = tf.model({ inputs: input, outputs: output });
  const optimizer = tf.train.adam(0.01);
  let loss = null;
  for (let step = 0; step < 18; step++) {
    const start = (step % 9) * 64;
    const xs = x.slice([start, 0], [64, 5]);
    const ys = y.slice([start, 0], [64, 3]);
    loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true })), true);
    xs.dispose();
    ys.dispose();
  }
  console.log(`final loss ${loss.dataSync()[0].toFixed(4)}`);
}

main();
