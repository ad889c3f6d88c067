/**
 * The callbacks a fit runs with under ActLens: the script's own as tfjs would have built them (a fit without callbacks
 * keeps tfjs's yielding CustomCallback), plus a plain tf.Callback that reports each epoch's logs as numbers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { withEpochCallback, type EpochLogs } from '../../src/runner/instrument/fit-callbacks.ts';
import type { Tf } from '../../src/runner/instrument/tfjs-types.ts';

const api = tf as unknown as Tf;
const ignore = () => {};
/** A script's own callback object: tf.Callback, abstract in the typings, has every hook already. */
class OwnCallback extends tf.Callback {}

test('no callbacks: tfjs’s own CustomCallback (it yields to the event loop), then ours, a plain tf.Callback', () => {
  const list = withEpochCallback(api, undefined, undefined, ignore);
  assert.equal(list.length, 2);
  assert.ok(list[0] instanceof tf.CustomCallback);
  assert.ok(list[1] instanceof tf.Callback && !(list[1] instanceof tf.CustomCallback));
});

test('callback objects are kept as they are; configs become CustomCallbacks with the fit’s yieldEvery', () => {
  const own = new OwnCallback();
  assert.deepEqual(withEpochCallback(api, [own], undefined, ignore).slice(0, -1), [own]);
  assert.deepEqual(withEpochCallback(api, own, undefined, ignore).slice(0, -1), [own]);
  const configs = withEpochCallback(api, [{ onEpochEnd: ignore }, { onBatchEnd: ignore }], 'never', ignore);
  assert.equal(configs.length, 3);
  for (const callback of configs.slice(0, 2)) {
    assert.ok(callback instanceof tf.CustomCallback);
    assert.equal((callback as unknown as { yieldEvery: unknown }).yieldEvery, 'never');
  }
  assert.equal(withEpochCallback(api, [], undefined, ignore).length, 1, 'an empty list stays empty, as in tfjs');
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
  const history = await fit(withEpochCallback(api, [new OwnCallback()], undefined, (...epoch) => reported.push(epoch)));
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
