/**
 * ActivationProbe on tfjs's cpu backend, both ways it reduces (on the backend, as on webgpu; in JavaScript, as on cpu
 * and wasm): every step is checked for NaN/Inf, and the sampled statistics can stop before any step, so that a window
 * which diverged keeps what it measured before.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ActivationProbe, type TakenProbe } from '../../src/runner/instrument/activation-probe.ts';
import { assembled, isHostPart } from '../../src/runner/instrument/read-part.ts';
import type { Tensor, Tf } from '../../src/runner/instrument/tfjs-types.ts';

const WAYS = [
  { onHost: false, way: 'on the backend' },
  { onHost: true, way: 'on the host' },
];

/** A probe for a `activation` layer fed by the model input. */
function probeOf(
  host: boolean,
  activation = 'relu',
  layout: { channelsFirst: boolean } = { channelsFirst: false },
): ActivationProbe {
  return new ActivationProbe(tf as unknown as Tf, 'hidden', activation, {
    channelsFirst: layout.channelsFirst,
    flatRegionObservable: true,
    measuresInput: true,
    onHost: host,
  });
}

/** What a read-back would hold for `taken`, assembled as the recorder assembles it (the tensors are released). */
async function readBack(taken: TakenProbe): Promise<Float64Array> {
  const onBackend = taken.parts.filter((part): part is Tensor => !isHostPart(part));
  const backendValues = (await Promise.all(onBackend.map((tensor) => tensor.data()))).flatMap((values) => [...values]);
  onBackend.forEach((tensor) => tensor.dispose());
  return assembled(taken.parts, backendValues);
}

for (const { onHost: host, way } of WAYS) {
  test(`statistics stop before the step given, and the first non-finite step is found among unsampled ones (${way})`, async () => {
    await tf.setBackend('cpu');
    const probe = probeOf(host);
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

  test(`a sampled step needs no separate check: the sum its statistics hold finds a NaN (${way})`, async () => {
    await tf.setBackend('cpu');
    const probe = probeOf(host);
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

  test(`a window with checked but no sampled steps has no statistics, only its check (${way})`, async () => {
    await tf.setBackend('cpu');
    const probe = probeOf(host);
    const output = tf.tensor2d([[NaN, 1, 1]]);
    probe.check(output, 7);
    assert.ok(probe.hasData);
    const taken = probe.take();
    assert.equal(taken.parts.length, 1);
    const values = await readBack(taken);
    assert.equal(taken.firstNonFiniteStep(values, 1, 20), 7);
    assert.equal(taken.stats(values, null, 1, 20), null);
    assert.equal(probe.hasData, false, 'taking resets the probe for the next window');
    output.dispose();
  });

  test(`the checks of many steps are held in a few tensors, not one per step (${way})`, async () => {
    await tf.setBackend('cpu');
    const probe = probeOf(host);
    const output = tf.tensor2d([[1, 2, 3]]);
    const before = tf.memory().numTensors;
    for (let step = 1; step <= 1000; step++) probe.check(output, step);
    assert.ok(tf.memory().numTensors - before < 100, `${tf.memory().numTensors - before} tensors held`);
    const taken = probe.take();
    assert.equal(taken.size, 1000);
    await readBack(taken);
    assert.equal(tf.memory().numTensors, before, 'nothing leaks');
    output.dispose();
  });
}

/** Statistics of one window of `outputs`, observed at steps 1, 2, … by a probe reducing `host` or not. */
async function statsOf(host: boolean, activation: string, channelsFirst: boolean, outputs: tf.Tensor[]) {
  const probe = probeOf(host, activation, { channelsFirst });
  outputs.forEach((output, i) => probe.observe(output, output, i + 1));
  const taken = probe.take();
  return taken.stats(await readBack(taken), null, 1, outputs.length)!;
}

test('reduced on the host or on the backend, the statistics agree: conv outputs either layout, saturation, wide layers', async () => {
  await tf.setBackend('cpu');
  const cases = [
    { activation: 'relu', channelsFirst: false, shape: [4, 5, 5, 6] },
    { activation: 'relu', channelsFirst: true, shape: [4, 6, 5, 5] },
    { activation: 'sigmoid', channelsFirst: false, shape: [8, 7] },
    // Wider than MAX_FLAGGED_UNITS: the same sampled units' flags both ways.
    { activation: 'relu', channelsFirst: false, shape: [2, 20_000] },
  ];
  for (const { activation, channelsFirst, shape } of cases) {
    // Every third unit never above 0; values beyond ±5 in places (a sigmoid's flat region).
    const axis = channelsFirst ? 1 : shape.length - 1;
    const signs = Array.from({ length: shape[axis]! }, (_, unit) => (unit % 3 === 0 ? -1 : 1));
    const perUnit = tf.tensor(
      signs,
      shape.map((size, i) => (i === axis ? size : 1)),
    );
    const outputs = [1, 2, 3].map((seed) => tf.randomNormal(shape, 0, 4, 'float32', seed).abs().mul(perUnit));
    perUnit.dispose();
    const [onBackend, onTheHost] = [
      await statsOf(false, activation, channelsFirst, outputs),
      await statsOf(true, activation, channelsFirst, outputs),
    ];
    const what = `${activation} ${shape.join('×')}${channelsFirst ? ' channels first' : ''}`;
    assert.deepEqual(onTheHost.everActive, onBackend.everActive, what);
    assert.ok(onBackend.everActive === null || onBackend.everActive.includes(0), `${what}: some unit never active`);
    assert.deepEqual(
      [onTheHost.units, onTheHost.samples, onTheHost.sampledSteps, onTheHost.sampledUnits],
      [onBackend.units, onBackend.samples, onBackend.sampledSteps, onBackend.sampledUnits],
      what,
    );
    for (const key of ['mean', 'variance', 'saturated'] as const) {
      const [a, b] = [onTheHost[key], onBackend[key]];
      if (key === 'saturated') assert.equal(b === null, activation !== 'sigmoid', `${what}: saturation measured`);
      assert.ok(
        a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b))),
        `${what} ${key}: ${a} vs ${b}`,
      );
    }
    assert.ok(Math.abs(onTheHost.input!.mean! - onBackend.input!.mean!) <= 1e-5, `${what} input mean`);
    outputs.forEach((output) => output.dispose());
  }
});
