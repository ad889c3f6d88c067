// A hand-written training loop: no fit(), just optimizer.minimize() on a functional model.
// ActLens counts every optimizer step, whatever drives it.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./synthetic-data');

async function main() {
  const { x, y } = regression(1024, 8);
  const input = tf.input({ shape: [8] });
  const hidden = tf.layers.dense({ units: 48, activation: 'relu', kernelInitializer: 'heNormal' }).apply(input);
  const hidden2 = tf.layers.dense({ units: 48, activation: 'relu', kernelInitializer: 'heNormal' }).apply(hidden);
  const output = tf.layers.dense({ units: 1 }).apply(hidden2);
  const model = tf.model({ inputs: input, outputs: output });
  const optimizer = tf.train.adam(0.003);
  const batchSize = 32;
  for (let epoch = 0; epoch < 5; epoch++) {
    let last = 0;
    for (let start = 0; start < 1024; start += batchSize) {
      const loss = optimizer.minimize(() => {
        const xb = x.slice([start, 0], [batchSize, 8]);
        const yb = y.slice([start, 0], [batchSize, 1]);
        return tf.losses.meanSquaredError(yb, model.apply(xb, { training: true }));
      }, true);
      last = loss.dataSync()[0];
      loss.dispose();
    }
    console.log(`epoch ${epoch} loss ${last.toFixed(4)}`);
  }
}

main();
