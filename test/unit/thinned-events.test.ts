/** The display's (and the log's) event list stays bounded however long the run, keeping everything but old periodic records. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunnerEvent } from '../../src/core/events.ts';
import { MIN_PER_KIND, ThinnedEvents } from '../../src/session/thinned-events.ts';

const window = (fromStep: number): RunnerEvent => ({
  type: 'window',
  fromStep,
  toStep: fromStep + 9,
  loss: [],
  gradients: [],
  activations: [],
  nonFinite: [],
  elapsedMs: fromStep,
});
const note = (message: string): RunnerEvent => ({ type: 'note', level: 'info', message });

test('windows beyond the cap are thinned, oldest first; other events are all kept', () => {
  const events = new ThinnedEvents(100);
  events.push(note('start'));
  for (let step = 1; step <= 100_000; step += 10) {
    events.push(window(step));
    if (step % 10_001 === 0) events.push(note(`at ${step}`));
  }
  const windows = events.events.filter((event) => event.type === 'window');
  assert.ok(windows.length <= 100, `${windows.length} windows kept`);
  assert.ok(windows.length >= 50);
  assert.equal(
    events.events.filter((event) => event.type === 'note').length,
    1 + events.events.filter((event) => event.type === 'note' && event.message.startsWith('at')).length,
  );
  const starts = windows.map((event) => (event.type === 'window' ? event.fromStep : 0));
  assert.deepEqual(
    starts,
    [...starts].sort((a, b) => a - b),
    'still in order',
  );
  assert.equal(starts.at(-1), 99_991, 'the newest window is kept');
  assert.ok(starts[0]! < 50_000, 'old history is thinned, not cut off');
  assert.ok(events.revision > 0);
});

test('below the cap nothing is dropped and the revision stays', () => {
  const events = new ThinnedEvents(100);
  for (let step = 1; step <= 500; step += 10) events.push(window(step));
  assert.equal(events.events.length, 50);
  assert.equal(events.revision, 0);
});

test('progress records are thinned like windows, on their own: windows are not dropped for them', () => {
  const events = new ThinnedEvents(100);
  for (let second = 1; second <= 10_000; second++) {
    events.push({ type: 'progress', steps: second * 50, elapsedMs: second * 1000 });
    if (second % 100 === 0) events.push(window(second * 50));
  }
  const progress = events.events.filter((event) => event.type === 'progress');
  assert.ok(progress.length <= 100, `${progress.length} progress records kept`);
  assert.deepEqual(progress.at(-1), { type: 'progress', steps: 500_000, elapsedMs: 10_000_000 }, 'the latest is kept');
  assert.equal(events.events.filter((event) => event.type === 'window').length, 100, 'all 100 windows kept');
});

test('epoch records (a fit({ epochs: 1 }) loop writes one per call) are thinned like windows, the latest kept', () => {
  const events = new ThinnedEvents(100);
  for (let epoch = 0; epoch < 10_000; epoch++) events.push({ type: 'epoch', epoch, step: epoch + 1, logs: {} });
  const epochs = events.events.filter((event) => event.type === 'epoch');
  assert.ok(epochs.length <= 100, `${epochs.length} epoch records kept`);
  assert.deepEqual(epochs.at(-1), { type: 'epoch', epoch: 9_999, step: 10_000, logs: {} });
});

test('shrink halves what is kept of each kind, down to a floor', () => {
  const events = new ThinnedEvents(64);
  for (let step = 1; step <= 640; step += 10) events.push(window(step));
  assert.equal(events.events.length, 64);
  assert.equal(events.shrink(), true);
  assert.ok(events.events.length <= 32, `${events.events.length} windows after one shrink`);
  assert.equal(events.shrink(), true);
  assert.equal(events.shrink(), false, 'not below MIN_PER_KIND');
  assert.ok(events.events.length <= MIN_PER_KIND);
  assert.deepEqual(events.events.at(-1), window(631), 'the latest window is kept');
});
