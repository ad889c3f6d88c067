/**
 * Reading a run log never throws: what can be read is returned, with plain notes about the rest. It never
 * hangs or grows without bound either, whatever a cloned repository put in `.actlens/runs`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { listRuns, MAX_LOG_READ_BYTES, readRunLog, RUNS_FOLDER } from '../../src/session/run-log.ts';
import { readInChild } from './read-in-child.ts';

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

test('a byte-order mark before the first record (an editor on Windows saved it) is not garbage', () => {
  const log = readRunLog(runDir(`\uFEFF${JSON.stringify(start)}\n${JSON.stringify(end)}\n`));
  assert.deepEqual(
    log.events.map((event) => event.type),
    ['start', 'end'],
  );
  assert.deepEqual(log.notes, []);
});

test('a log that is a link to /dev/zero is refused at once with a note, and not listed', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'actlens-root-'));
  const dir = path.join(root, RUNS_FOLDER, 'zero-run');
  mkdirSync(dir, { recursive: true });
  symlinkSync('/dev/zero', path.join(dir, 'events.jsonl'));
  const log = (await readInChild('readRunLog', dir)) as { types: string[]; notes: string[] };
  assert.deepEqual(log.types, []);
  assert.match(log.notes[0]!, /No readable event log .* is a link to \/dev\/zero, outside/);
  assert.deepEqual(await readInChild('listRuns', root), []);
});

test('a FIFO as the log is neither opened nor listed', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'actlens-root-'));
  const dir = path.join(root, RUNS_FOLDER, 'fifo-run');
  mkdirSync(dir, { recursive: true });
  execFileSync('mkfifo', [path.join(dir, 'events.jsonl')]);
  mkdirSync(path.join(root, RUNS_FOLDER, 'good-run'));
  writeFileSync(path.join(root, RUNS_FOLDER, 'good-run', 'events.jsonl'), `${JSON.stringify(start)}\n`);
  assert.deepEqual(await readInChild('listRuns', root), ['good-run']);
  const log = (await readInChild('readRunLog', dir)) as { types: string[]; notes: string[] };
  assert.deepEqual(log.types, []);
  assert.match(log.notes[0]!, /is a FIFO \(named pipe\), not a regular file/);
});

test('a link leaving the run folder is refused; a link inside it is followed', () => {
  const elsewhere = runDir(`${JSON.stringify(start)}\n${JSON.stringify(end)}\n`);
  const leaving = mkdtempSync(path.join(tmpdir(), 'actlens-log-'));
  symlinkSync(path.join(elsewhere, 'events.jsonl'), path.join(leaving, 'events.jsonl'));
  const refused = readRunLog(leaving);
  assert.deepEqual(refused.events, []);
  assert.match(refused.notes[0]!, /is a link to .*, outside .*; ActLens follows links only inside that folder/);
  const inside = runDir('');
  writeFileSync(path.join(inside, 'kept.jsonl'), `${JSON.stringify(start)}\n${JSON.stringify(end)}\n`);
  rmSync(path.join(inside, 'events.jsonl'));
  symlinkSync('kept.jsonl', path.join(inside, 'events.jsonl'));
  assert.equal(readRunLog(inside).events.length, 2);
});

test('a log larger than the read cap: its first part and its end are read, with a note saying so', () => {
  const dir = runDir(`${JSON.stringify(start)}\n`);
  const file = path.join(dir, 'events.jsonl');
  // Sparse: 300 MiB on paper, no disk space; the zeros between are one over-long line, skipped unread.
  const size = MAX_LOG_READ_BYTES + 44 * 1024 * 1024;
  const tail = `\n${JSON.stringify(end)}\n`;
  truncateSync(file, size - tail.length);
  appendFileSync(file, tail);
  const log = readRunLog(dir);
  assert.deepEqual(
    log.events.map((event) => event.type),
    ['start', 'end'],
  );
  assert.ok(
    log.notes.some((note) =>
      /This log is 300 MiB, more than the 256 MiB ActLens reads: shown are its first 240 MiB and its last 16 MiB/.test(
        note,
      ),
    ),
    log.notes.join('\n'),
  );
});

test('a long log is read into the thinned list a display keeps; every record still reaches the analysis', () => {
  const epochs = Array.from({ length: 5000 }, (_, epoch) =>
    JSON.stringify({ type: 'epoch', epoch, step: epoch + 1, logs: { loss: 1 } }),
  );
  let each = 0;
  const log = readRunLog(runDir([JSON.stringify(start), ...epochs, JSON.stringify(end)].join('\n') + '\n'), {
    each: () => each++,
  });
  assert.equal(each, 5002);
  const kept = log.events.filter((event) => event.type === 'epoch');
  assert.ok(kept.length <= 256, `${kept.length} epoch records kept`);
  assert.deepEqual(kept.at(-1), { type: 'epoch', epoch: 4999, step: 5000, logs: { loss: 1 } });
  assert.equal(log.events.at(-1)?.type, 'end');
});
