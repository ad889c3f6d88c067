/**
 * Following a file another process appends to: whole lines only, each once, across a replacement under the
 * same name (the event log's atomic rewrite) and a truncation, with overlong lines dropped and counted.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { FileFollower } from '../../src/session/file-follower.ts';

function follower(maxLine = 100): { file: string; follow: FileFollower } {
  const dir = mkdtempSync(path.join(tmpdir(), 'actlens-follow-'));
  const file = path.join(dir, 'events.jsonl');
  return { file, follow: new FileFollower(file, dir, maxLine) };
}

test('nothing before the file exists; then each whole line once, a partial line when it is finished', () => {
  const { file, follow } = follower();
  assert.deepEqual(follow.read(), { lines: [], replaced: false, oversize: 0 });
  writeFileSync(file, 'one\ntw');
  assert.deepEqual(follow.read().lines, ['one']);
  assert.deepEqual(follow.read().lines, []);
  appendFileSync(file, 'o\nthree\n');
  assert.deepEqual(follow.read().lines, ['two', 'three']);
  follow.close();
});

test('a character split between two reads is decoded whole', () => {
  const { file, follow } = follower();
  const bytes = Buffer.from('dead 100 %·‖g‖\n');
  const cut = bytes.indexOf(Buffer.from('‖')) + 1;
  writeFileSync(file, bytes.subarray(0, cut));
  assert.deepEqual(follow.read().lines, []);
  appendFileSync(file, bytes.subarray(cut));
  assert.deepEqual(follow.read().lines, ['dead 100 %·‖g‖']);
  follow.close();
});

test('a file replaced by a rename is read again from its start, flagged replaced', () => {
  const { file, follow } = follower();
  writeFileSync(file, 'a\nb\n');
  assert.deepEqual(follow.read().lines, ['a', 'b']);
  writeFileSync(`${file}.rewrite`, 'b\nc\n');
  renameSync(`${file}.rewrite`, file);
  assert.deepEqual(follow.read(), { lines: ['b', 'c'], replaced: true, oversize: 0 });
  appendFileSync(file, 'd\n');
  assert.deepEqual(follow.read(), { lines: ['d'], replaced: false, oversize: 0 });
  follow.close();
});

test('a file truncated in place is read again from its start, flagged replaced', () => {
  const { file, follow } = follower();
  writeFileSync(file, 'first line\nsecond line\n');
  follow.read();
  truncateSync(file, 0);
  appendFileSync(file, 'x\n');
  assert.deepEqual(follow.read(), { lines: ['x'], replaced: true, oversize: 0 });
  follow.close();
});

test('a line over the limit is dropped and counted, in one read or across several', () => {
  const { file, follow } = follower(10);
  writeFileSync(file, `short\n${'y'.repeat(25)}\nok\n${'z'.repeat(8)}`);
  assert.deepEqual(follow.read(), { lines: ['short', 'ok'], replaced: false, oversize: 1 });
  appendFileSync(file, `${'z'.repeat(8)}`);
  assert.equal(follow.read().oversize, 1);
  appendFileSync(file, 'zzz\nafter\n');
  assert.deepEqual(follow.read(), { lines: ['after'], replaced: false, oversize: 0 });
  follow.close();
});
