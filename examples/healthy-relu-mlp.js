// A healthy ReLU network: He-initialised, sensible learning rate. ActLens should find nothing wrong.
// Synthetic data: two noisy interleaved spirals → binary classification.
const tf = require('@tensorflow/tfjs');

function spirals(n) {
  const xs = [];
  const ys = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const r = (i / n) * 4 + 0.2;
    const angle = r * 1.8 + label * Math.PI + (Math.random() - 0.5) * 0.3;
    xs.push([r * Math.cos(angle), r * Math.sin(angle)]);
    ys.push([label]);
  }
  return { x: tf.tensor2d(xs), y: tf.tensor2d(ys) };
}

async function main() {
  const { x, y } = spirals(1024);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(0.005), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 8, batchSize: 32, shuffle: true, verbose: 0 });
  const acc = history.history.acc;
  console.log(`final accuracy ${acc[acc.length - 1].toFixed(3)}`);
}

main();
