/** Reading a run log never throws: what can be read is returned, with plain notes about the rest. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { listRuns, readRunLog, RUNS_FOLDER } from '../../src/session/run-log.ts';

const start = {
  type: 'start',
  protocol: 1,
  time: 1,
  script: '/s.js',
  cwd: '/',
  args: [],
  backend: 'wasm',
  tfjs: { source: 'bundled', version: '4.22.0', entry: '/t' },
  seed: 1,
  every: 20,
  maxSteps: null,
  pid: 1,
};
const end = { type: 'end', reason: 'completed', steps: 0, elapsedMs: 5 };

function runDir(lines: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'actlens-log-'));
  writeFileSync(path.join(dir, 'events.jsonl'), lines);
  return dir;
}

test('a clean log reads back with no notes', () => {
  const log = readRunLog(runDir(`${JSON.stringify(start)}\n${JSON.stringify(end)}\n`));
  assert.deepEqual(
    log.events.map((event) => event.type),
    ['start', 'end'],
  );
  assert.deepEqual(log.notes, []);
});

test('a truncated last line: everything before it, and a note saying the run was interrupted', () => {
  const log = readRunLog(runDir(`${JSON.stringify(start)}\n{"type":"window","fromStep":1,"to`));
  assert.deepEqual(
    log.events.map((event) => event.type),
    ['start'],
  );
  assert.ok(log.notes.some((note) => /cut off/.test(note)));
  assert.ok(log.notes.some((note) => /no end record/.test(note)));
});

test('an unknown protocol version is read as far as possible, with a note', () => {
  const log = readRunLog(runDir(`${JSON.stringify({ ...start, protocol: 9 })}\n${JSON.stringify(end)}\n`));
  assert.equal(log.events.length, 2);
  assert.ok(log.notes.some((note) => /protocol 9/.test(note)));
});

test('garbage lines are skipped and counted', () => {
  const log = readRunLog(runDir(`${JSON.stringify(start)}\n\u0000garbage\n[1,2]\n${JSON.stringify(end)}\n`));
  assert.equal(log.events.length, 2);
  assert.ok(log.notes.some((note) => /2 unreadable lines skipped/.test(note)));
});

test('a run folder without a log, or a stray file in .actlens/runs, gives a note or is passed over', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'actlens-root-'));
  const runs = path.join(root, RUNS_FOLDER);
  mkdirSync(path.join(runs, 'empty-run'), { recursive: true });
  writeFileSync(path.join(runs, 'stray.txt'), 'not a run');
  mkdirSync(path.join(runs, 'good-run'));
  writeFileSync(path.join(runs, 'good-run', 'events.jsonl'), `${JSON.stringify(start)}\n`);
  assert.deepEqual(
    listRuns(root).map((run) => run.runId),
    ['good-run'],
  );
  const empty = readRunLog(path.join(runs, 'empty-run'));
  assert.deepEqual(empty.events, []);
  assert.match(empty.notes[0]!, /No readable event log/);
});
