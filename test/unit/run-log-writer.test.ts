/** The event log stays bounded however long the run, keeps what the panel keeps, and never throws. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunnerEvent } from '../../src/core/events.ts';
import { LOG_CAP_BYTES, RunLogWriter } from '../../src/session/run-log-writer.ts';
import { DEFAULT_MAX_PER_KIND } from '../../src/session/thinned-events.ts';

const window = (toStep: number, norms = 1): RunnerEvent => ({
  type: 'window',
  fromStep: toStep,
  toStep,
  loss: [1],
  gradients: [{ layer: 'dense', weight: 'kernel', size: 4, norm: Array.from({ length: norms }, () => 0.123456789) }],
  activations: [],
  nonFinite: [],
  elapsedMs: toStep,
});
const end: RunnerEvent = { type: 'end', reason: 'completed', steps: 1, elapsedMs: 1 };

function written(writer: RunLogWriter): RunnerEvent[] {
  return readFileSync(writer.file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RunnerEvent);
}

const count = (events: RunnerEvent[], type: RunnerEvent['type']) =>
  events.filter((event) => event.type === type).length;

test('a short run keeps every record, as it arrived', async () => {
  const writer = new RunLogWriter(mkdtempSync(path.join(tmpdir(), 'actlens-writer-')));
  const events = [...Array.from({ length: DEFAULT_MAX_PER_KIND }, (_, step) => window(step + 1)), end];
  events.forEach((event) => writer.append(event));
  await writer.close();
  assert.deepEqual(written(writer), events);
});

test('a long run: windows, epoch and progress records are thinned on disk as in the panel, the latest kept', async () => {
  const writer = new RunLogWriter(mkdtempSync(path.join(tmpdir(), 'actlens-writer-')));
  const calls = 5_000;
  for (let step = 1; step <= calls; step++) {
    writer.append(window(step));
    writer.append({ type: 'epoch', epoch: step - 1, step, logs: { loss: 1 } });
    writer.append({ type: 'progress', steps: step, elapsedMs: step });
  }
  writer.append(end);
  await writer.close();
  const events = written(writer);
  for (const type of ['window', 'epoch', 'progress'] as const)
    assert.ok(count(events, type) <= 2 * DEFAULT_MAX_PER_KIND, `${count(events, type)} ${type} records of ${calls}`);
  assert.deepEqual(events.filter((event) => event.type === 'epoch').at(-1), {
    type: 'epoch',
    epoch: calls - 1,
    step: calls,
    logs: { loss: 1 },
  });
  assert.ok(
    events.some((event) => event.type === 'window' && event.toStep < calls / 10),
    'old history thinned, not cut',
  );
  assert.equal(count(events, 'note'), 1, 'one note says the log was thinned');
  assert.deepEqual(events.at(-1), end);
});

test('windows of a very wide model: fewer are kept, so the log stays under its cap', async () => {
  const writer = new RunLogWriter(mkdtempSync(path.join(tmpdir(), 'actlens-writer-')));
  // About half a MiB each (a gradient norm is ~12 bytes): 70 MiB in all, fewer than 256 windows.
  const windows = 140;
  for (let step = 1; step <= windows; step++) writer.append(window(step, 45_000));
  writer.append(end);
  await writer.close();
  assert.ok(statSync(writer.file).size <= LOG_CAP_BYTES, `${statSync(writer.file).size} bytes`);
  const lines = readFileSync(writer.file, 'utf8').trim().split('\n');
  const kept = lines.filter((line) => line.startsWith('{"type":"window"'));
  assert.ok(kept.length < windows / 2, `${kept.length} windows kept`);
  assert.equal((JSON.parse(kept.at(-1)!) as { toStep: number }).toStep, windows, 'the latest window is kept');
  assert.deepEqual(JSON.parse(lines.at(-1)!), end);
});

test('records that cannot be thinned (a flood of notes) stop at the cap; the end is still written, with a note', async () => {
  const writer = new RunLogWriter(mkdtempSync(path.join(tmpdir(), 'actlens-writer-')));
  const message = 'x'.repeat(1024 * 1024);
  for (let note = 0; note < 70; note++) writer.append({ type: 'note', level: 'info', message });
  writer.append(end);
  await writer.close();
  assert.ok(statSync(writer.file).size <= LOG_CAP_BYTES + 4096, `${statSync(writer.file).size} bytes`);
  const events = written(writer);
  assert.match(JSON.stringify(events.at(-2)), /This log reached its 64 MiB cap: later records are left out/);
  assert.deepEqual(events.at(-1), end);
});

test('a disk that is full: appending never throws, closing says why', async () => {
  const runDir = mkdtempSync(path.join(tmpdir(), 'actlens-writer-'));
  mkdirSync(runDir, { recursive: true });
  symlinkSync('/dev/full', path.join(runDir, 'events.jsonl'));
  const writer = new RunLogWriter(runDir);
  writer.append(end);
  await assert.rejects(writer.close(), /could not write the event log .*events\.jsonl: ENOSPC/);
});
