// EXPLODING GRADIENTS · recurrent-style repeated multiplication: a linear recurrent layer over 20 time steps
// whose recurrent matrix starts orthogonal × 1.3 (the state is multiplied by it at every step, forward and
// backward), trained with Adam at a learning rate of 0.15, large enough to push that matrix further up.
// Label: exploding-gradient at the recurrent layer.
// Verified without ActLens (`node --import tsx scenarios/truth/verify.ts --only exploding-recurrent --details`)
// (seed 1): median gradient norm per 20 steps 4.8e5, 1.6e11, 2.9e17, 2.4e23, then 2.5e23–2.8e23 to the end (loss
// ~1.6e22). Every gradient, weight, activation and loss stays finite (float64 sums of the float32 values).
const tf = require('@tensorflow/tfjs');

async function main() {
  const steps = 20;
  const x = tf.randomNormal([1024, steps, 4]);
  const y = x.mean(1).sum(1, true);
  const model = tf.sequential();
  model.add(tf.layers.simpleRNN({ inputShape: [steps, 4], units: 16, activation: 'linear', recurrentInitializer: tf.initializers.orthogonal({ gain: 1.3 }) }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(0.15), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs: 6, batchSize: 32, verbose: 0 });
  console.log(`final loss ${history.history.loss.at(-1)}`);
}

main();
