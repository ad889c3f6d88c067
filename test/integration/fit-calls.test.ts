/**
 * Scripts that call `fit` again and again (docs/performance.md, "Paid at the plan's pace, not per fit call"): their
 * windows run on across calls, read back at the plan's pace instead of at every call's end, and what a call leaves
 * unread goes on record once training pauses, not only when the script ends.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunnerEvent, WindowEvent } from '../../src/core/events.ts';
import { RunSession } from '../../src/session/session.ts';
import { readRunLog } from '../../src/session/run-log.ts';
import { runFitInALoop, SCRIPTS, tempDir } from './cli-harness.ts';

test('one-step fit calls in a loop make windows of --every steps, not a window per call', async () => {
  const calls = 200;
  const windows = readRunLog((await runFitInALoop(calls)).runDir).events.filter(
    (event): event is WindowEvent => event.type === 'window',
  );
  const full = windows.filter((window) => window.toStep - window.fromStep + 1 === 20);
  // A call's end closes a shorter window only where no read-back came for 500 ms — windows of this loop (0.4 ms a
  // call on cpu in the bench) take far less — and a window per call would make 200.
  assert.ok(full.length >= windows.length / 2, `${full.length} of ${windows.length} windows span 20 steps`);
  assert.equal(windows.at(-1)?.toStep, calls, 'the last steps are read back at the end');
  assert.deepEqual(
    windows.map((window) => window.fromStep),
    [1, ...windows.slice(0, -1).map((window) => window.toStep + 1)],
    'windows follow each other without gap or overlap',
  );
});

test('what a fit call leaves unread goes on record once training pauses, its window ending at its last step', async () => {
  const arrivals: { event: RunnerEvent; at: number }[] = [];
  const session = new RunSession(
    { script: path.join(SCRIPTS, 'fit-then-pause.js'), args: ['2000'], backend: 'cpu', workspaceRoot: tempDir() },
    { event: (event) => arrivals.push({ event, at: performance.now() }) },
  );
  const outcome = await session.done;
  assert.equal(outcome.terminal.type, 'end');
  const end = arrivals.find(({ event }) => event.type === 'end')!;
  const last = (type: RunnerEvent['type']) => arrivals.filter(({ event }) => event.type === type).at(-1)!;
  const lastWindow = last('window');
  const lastEpoch = last('epoch');
  assert.equal((lastWindow.event as WindowEvent).toStep, 8, 'both calls trained 4 steps');
  // The pause watch fires 500 ms after the second call; the script ends 2 s after it.
  assert.ok(
    end.at - lastWindow.at > 1000,
    `the last window came ${(end.at - lastWindow.at).toFixed(0)} ms before the end`,
  );
  assert.ok(end.at - lastEpoch.at > 1000, 'and the epoch record that waited with it');
  const { overhead } = lastWindow.event as WindowEvent;
  assert.ok(overhead && overhead.wallMs < 400, `the window's wall time leaves the pause out: ${overhead?.wallMs} ms`);
});
