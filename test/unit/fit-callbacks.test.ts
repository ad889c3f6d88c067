/**
 * The callbacks a fit runs with under ActLens: the script's own as tfjs would have built them (a fit without callbacks
 * keeps tfjs's yielding CustomCallback), plus a plain tf.Callback that reports each epoch's logs as numbers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { withEpochCallback, type EpochLogs, type FitWatch } from '../../src/runner/instrument/fit-callbacks.ts';
import type { Tf } from '../../src/runner/instrument/tfjs-types.ts';

const api = tf as unknown as Tf;
const ignore = () => {};
const watch: FitWatch = { onEpochEnd: ignore, readPending: () => false };
/** A script's own callback object: tf.Callback, abstract in the typings, has every hook already. */
class OwnCallback extends tf.Callback {}

test('no callbacks: tfjs’s own CustomCallback (it yields to the event loop), then ours, a plain tf.Callback', () => {
  const list = withEpochCallback(api, undefined, undefined, watch);
  assert.equal(list.length, 2);
  assert.ok(list[0] instanceof tf.CustomCallback);
  assert.ok(list[1] instanceof tf.Callback && !(list[1] instanceof tf.CustomCallback));
});

test('callback objects are kept as they are; configs become CustomCallbacks with the fit’s yieldEvery', () => {
  const own = new OwnCallback();
  assert.deepEqual(withEpochCallback(api, [own], undefined, watch).slice(0, -1), [own]);
  assert.deepEqual(withEpochCallback(api, own, undefined, watch).slice(0, -1), [own]);
  const configs = withEpochCallback(api, [{ onEpochEnd: ignore }, { onBatchEnd: ignore }], 'never', watch);
  assert.equal(configs.length, 3);
  for (const callback of configs.slice(0, 2)) {
    assert.ok(callback instanceof tf.CustomCallback);
    assert.equal((callback as unknown as { yieldEvery: unknown }).yieldEvery, 'never');
  }
  assert.equal(withEpochCallback(api, [], undefined, watch).length, 1, 'an empty list stays empty, as in tfjs');
});

test('a fit reports every epoch’s loss as a number, where no CustomCallback resolved the logs, and leaks nothing', async () => {
  await tf.setBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 1 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const xs = tf.randomNormal([16, 3]);
  const ys = tf.randomNormal([16, 1]);
  const fit = (callbacks: unknown[]) => model.fit(xs, ys, { epochs: 3, batchSize: 8, verbose: 0, callbacks } as never);
  await fit([new OwnCallback()]);
  const before = tf.memory().numTensors;
  const reported: [number, EpochLogs][] = [];
  const history = await fit(
    withEpochCallback(api, [new OwnCallback()], undefined, {
      onEpochEnd: (...epoch) => void reported.push(epoch),
      readPending: () => false,
    }),
  );
  assert.equal(tf.memory().numTensors, before, 'tensors left behind');
  assert.deepEqual(
    reported.map(([epoch]) => epoch),
    [0, 1, 2],
  );
  reported.forEach(([, logs], i) => {
    assert.equal(typeof logs.loss, 'number');
    assert.ok(Math.abs(logs.loss! - (history.history.loss[i] as number)) < 1e-6, 'the loss tfjs’s History has');
  });
});

test('ours yields to the event loop only while a read waits for it, at most every 125 ms as tfjs does', async () => {
  let frames = 0;
  let pending = false;
  const counting = { ...api, nextFrame: async () => void frames++ } as Tf;
  const list = withEpochCallback(counting, [new OwnCallback()], undefined, {
    onEpochEnd: ignore,
    readPending: () => pending,
  });
  const ours = list.at(-1) as { onBatchEnd(batch: number): Promise<void> };
  await ours.onBatchEnd(0);
  pending = true;
  await ours.onBatchEnd(1);
  assert.equal(frames, 0, 'not before 125 ms');
  await new Promise((resolve) => setTimeout(resolve, 130));
  await ours.onBatchEnd(2);
  await ours.onBatchEnd(3);
  assert.equal(frames, 1, 'once, then 125 ms later at the earliest');
  pending = false;
  await new Promise((resolve) => setTimeout(resolve, 130));
  await ours.onBatchEnd(4);
  assert.equal(frames, 1, 'not without a pending read');
});
