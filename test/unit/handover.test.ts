/**
 * The runner's hand-over (fd 4): the run's record key and its config, a line each, read to the second line's end — a
 * config longer than one read comes whole — and the descriptor closed after; no key, or a malformed one, is refused;
 * a session that ended before writing the config leaves it empty, for the runner to report.
 */
import assert from 'node:assert/strict';
import { closeSync, fstatSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readHandover } from '../../src/runner/handover.ts';

const KEY = '0123456789abcdef0123456789abcdef';

function descriptorOf(text: string): number {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'actlens-handover-')), 'handover');
  writeFileSync(file, text);
  return openSync(file, 'r');
}

function isClosed(fd: number): boolean {
  try {
    fstatSync(fd);
    closeSync(fd);
    return false;
  } catch {
    return true;
  }
}

test('the key and the config are read, and the descriptor closed', () => {
  const fd = descriptorOf(`${KEY}\n{"script":"/a.js"}\n`);
  const handover = readHandover(fd);
  assert.equal(handover.key, KEY);
  assert.deepEqual(JSON.parse(handover.config), { script: '/a.js' });
  assert.ok(handover.waitedMs >= 0);
  assert.ok(isClosed(fd), 'closed: nothing of the key is left for the script');
});

test('a config longer than one read comes whole, and what follows its line is not read into it', () => {
  const args = Array.from({ length: 20_000 }, (_, i) => `argument-${i}`);
  const handover = readHandover(descriptorOf(`${KEY}\n${JSON.stringify({ args })}\nleft over\n`));
  assert.deepEqual(JSON.parse(handover.config), { args });
});

test('a session that ended after the key leaves the config empty', () => {
  assert.equal(readHandover(descriptorOf(`${KEY}\n`)).config, '');
});

test('no key, or a malformed one, is refused with what to do', () => {
  for (const text of ['', 'not-a-key\n{}\n', `${KEY.slice(1)}\n{}\n`])
    assert.throws(
      () => readHandover(descriptorOf(text)),
      /no record key on fd \d+: the runner is started by the ActLens session/,
    );
});
