/** The pause watch calls back once training has paused for its interval: each restart pushes it back; it re-arms. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { PauseWatch } from '../../src/runner/instrument/pause-watch.ts';

test('it calls back once, its interval after the last restart, and again after a later restart', async () => {
  const calls: number[] = [];
  const started = performance.now();
  const watch = new PauseWatch(150, () => calls.push(performance.now() - started));
  watch.restart();
  await sleep(100);
  watch.restart();
  await sleep(400);
  assert.equal(calls.length, 1, `called ${calls.length} times`);
  assert.ok(calls[0]! >= 240, `called ${calls[0]!.toFixed(0)} ms after the start, 150 ms after the second restart`);
  watch.restart();
  await sleep(400);
  assert.equal(calls.length, 2, 'a restart after it fired arms it again');
});
