// HEALTHY · a custom loop without minimize(): tf.variableGrads computes the gradients and
// optimizer.applyGradients applies them (RMSProp), over a sequential ReLU model.
// Label: no finding at warning or above.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only
// healthy-custom-loop-variable-grads --details`) (seed 1): 0/32 and 1/32 (3%, dead from the start) units never
// positive on the data set; gradients 0.46–0.75× the output's.
const tf = require('@tensorflow/tfjs');
const { regression } = require('./lib/data');

async function main() {
  const { x, y } = regression(1024, 8);
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [8], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' }));
  model.add(tf.layers.dense({ units: 1 }));
  const optimizer = tf.train.rmsprop(0.002);
  const batchSize = 32;
  for (let epoch = 0; epoch < 5; epoch++) {
    for (let start = 0; start < 1024; start += batchSize) {
      const { value, grads } = tf.variableGrads(() => {
        const xb = x.slice([start, 0], [batchSize, 8]);
        const yb = y.slice([start, 0], [batchSize, 1]);
        return tf.losses.meanSquaredError(yb, model.apply(xb, { training: true }));
      });
      optimizer.applyGradients(grads);
      if (start === 0) console.log(`epoch ${epoch} loss ${value.dataSync()[0].toFixed(4)}`);
      tf.dispose([value, grads]);
    }
  }
}

main();
