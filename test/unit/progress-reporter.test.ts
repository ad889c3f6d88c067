/**
 * Progress records: the first step, then at most one a second by the clock reading each step is handed (the overhead
 * meter's: the reporter reads no clock of its own), and whenever asked to (the end of the warm-up).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunnerEvent } from '../../src/core/events.ts';
import type { EventSink } from '../../src/runner/event-sink.ts';
import { ProgressReporter } from '../../src/runner/progress-reporter.ts';

test('the first step, then once a second by the clock readings handed in, and when asked to', () => {
  const sent: number[] = [];
  const sink = { emit: (event: RunnerEvent) => event.type === 'progress' && sent.push(event.steps) };
  const progress = new ProgressReporter(sink as unknown as EventSink, Date.now());
  const clock = [5000, 5001, 5400, 5999, 6000, 6500, 6501, 7100];
  clock.forEach((time, i) => progress.step(i + 1, time, i + 1 === 7));
  assert.deepEqual(sent, [1, 5, 7]);
});
