/**
 * ActivationProbe on tfjs's cpu backend: every step is checked for NaN/Inf, and the sampled statistics can stop
 * before any step, so that a window which diverged keeps what it measured before.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ActivationProbe, type TakenProbe } from '../../src/runner/instrument/activation-probe.ts';
import type { Tf } from '../../src/runner/instrument/tfjs-types.ts';

/** A probe for a ReLU layer fed by the model input, channels last. */
function reluProbe(): ActivationProbe {
  return new ActivationProbe(tf as unknown as Tf, 'hidden', 'relu', {
    channelsFirst: false,
    flatRegionObservable: true,
    measuresInput: true,
  });
}

/** What a read-back would hold for `taken`: its tensors' values, one after another (the tensors are released). */
async function readBack(taken: TakenProbe): Promise<Float32Array> {
  const values = new Float32Array(taken.size);
  let offset = 0;
  for (const tensor of taken.tensors) {
    values.set(await tensor.data(), offset);
    offset += tensor.size;
    tensor.dispose();
  }
  return values;
}

test('statistics stop before the step given, and the first non-finite step is found among unsampled ones', async () => {
  await tf.setBackend('cpu');
  const probe = reluProbe();
  // Steps 1–2 sampled and finite; unit 2 is active only at step 2. Step 3 unsampled, infinite.
  const outputs = [
    [
      [1, 0, 0],
      [3, 0, 0],
    ],
    [
      [0, 2, 0],
      [0, 0, 4],
    ],
    [
      [Infinity, 0, 0],
      [0, 0, 0],
    ],
  ].map((rows) => tf.tensor2d(rows));
  const inputs = [tf.tensor2d([[1], [3]]), tf.tensor2d([[5], [7]]), tf.tensor2d([[0], [0]])];
  outputs.forEach((output, i) => {
    probe.check(output, i + 1);
    if (i < 2) probe.observe(output, inputs[i], i + 1);
  });
  const taken = probe.take();
  const values = await readBack(taken);
  assert.equal(taken.firstNonFiniteStep(values, 1, 3), 3);
  assert.equal(
    taken.firstNonFiniteStep(values, 1, 2),
    null,
    'a window read back with later ones sees only its own steps',
  );

  const all = taken.stats(values, null, 1, 3)!;
  assert.deepEqual([all.samples, all.sampledSteps, all.everActive], [4, 2, [1, 1, 1]]);
  assert.equal(all.mean, 10 / 12);
  assert.equal(all.input?.mean, 4);
  assert.equal(all.input?.variance, 5);

  const secondOnly = taken.stats(values, null, 2, 3)!;
  assert.deepEqual([secondOnly.samples, secondOnly.sampledSteps, secondOnly.everActive], [2, 1, [0, 1, 1]]);

  const beforeStep2 = taken.stats(values, 2, 1, 3)!;
  assert.deepEqual([beforeStep2.samples, beforeStep2.sampledSteps, beforeStep2.everActive], [2, 1, [1, 0, 0]]);
  assert.equal(beforeStep2.mean, 4 / 6);
  assert.equal(beforeStep2.input?.mean, 2);

  const beforeAny = taken.stats(values, 1, 1, 3)!;
  assert.deepEqual(
    [beforeAny.samples, beforeAny.sampledSteps, beforeAny.everActive, beforeAny.mean, beforeAny.variance],
    [0, 0, null, null, null],
  );
  assert.deepEqual(beforeAny.input, { mean: null, variance: null });
  [...outputs, ...inputs].forEach((tensor) => tensor.dispose());
});

test('a sampled step needs no separate check: the sum its statistics hold finds a NaN', async () => {
  await tf.setBackend('cpu');
  const probe = reluProbe();
  const outputs = [tf.tensor2d([[1, 0, 2]]), tf.tensor2d([[NaN, 1, 1]])];
  outputs.forEach((output, i) => probe.observe(output, undefined, i + 4));
  assert.ok(probe.hasData);
  const taken = probe.take();
  const values = await readBack(taken);
  assert.equal(taken.firstNonFiniteStep(values, 1, 20), 5);
  assert.equal(taken.firstNonFiniteStep(values, 1, 4), null);
  assert.deepEqual(taken.stats(values, 5, 1, 20)?.everActive, [1, 0, 1]);
  outputs.forEach((output) => output.dispose());
});

test('a window with checked but no sampled steps has no statistics, only its check', async () => {
  await tf.setBackend('cpu');
  const probe = reluProbe();
  const output = tf.tensor2d([[NaN, 1, 1]]);
  probe.check(output, 7);
  assert.ok(probe.hasData);
  const taken = probe.take();
  const values = (await taken.tensors[0]!.data()) as Float32Array;
  taken.tensors.forEach((tensor) => tensor.dispose());
  assert.equal(taken.firstNonFiniteStep(values, 1, 20), 7);
  assert.equal(taken.stats(values, null, 1, 20), null);
  assert.equal(probe.hasData, false, 'taking resets the probe for the next window');
  output.dispose();
});

test('the checks of many steps are held in a few tensors, not one per step', async () => {
  await tf.setBackend('cpu');
  const probe = reluProbe();
  const output = tf.tensor2d([[1, 2, 3]]);
  const before = tf.memory().numTensors;
  for (let step = 1; step <= 1000; step++) probe.check(output, step);
  assert.ok(tf.memory().numTensors - before < 100, `${tf.memory().numTensors - before} tensors held`);
  const taken = probe.take();
  assert.equal(taken.size, 1000);
  taken.tensors.forEach((tensor) => tensor.dispose());
  assert.equal(tf.memory().numTensors, before, 'nothing leaks');
  output.dispose();
});
