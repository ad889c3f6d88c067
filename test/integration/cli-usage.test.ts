/** Bad usage or input: exit 2 with one clear line and no stack trace. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { EXAMPLES, runCli, SCRIPTS, tempDir } from './cli-harness.ts';

function assertOneLineUsageError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${result.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
}

test('a missing script is a usage error', async () => {
  assertOneLineUsageError(await runCli(['run', 'no/such/script.js']), /no such file/);
});

test('a directory is a usage error', async () => {
  assertOneLineUsageError(await runCli(['run', EXAMPLES]), /is a directory/);
});

test('an unsupported extension is a usage error', async () => {
  const file = path.join(tempDir(), 'train.py');
  writeFileSync(file, 'print(1)\n');
  assertOneLineUsageError(await runCli(['run', file]), /unsupported file type '\.py'/);
});

test('an unknown backend is a usage error', async () => {
  assertOneLineUsageError(
    await runCli(['run', path.join(SCRIPTS, 'never-builds.js'), '--backend', 'metal']),
    /backend/,
  );
});

test('a non-numeric --max-steps is a usage error', async () => {
  assertOneLineUsageError(
    await runCli(['run', path.join(SCRIPTS, 'never-builds.js'), '--max-steps', 'many']),
    /max-steps/,
  );
});

test('a backend that is not installed is a usage error that says how to get it', async () => {
  const result = await runCli(['run', path.join(SCRIPTS, 'never-builds.js'), '--backend', 'tensorflow']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /@tensorflow\/tfjs-node/);
  assert.match(result.stderr, /npm install @tensorflow\/tfjs-node/);
  assert.doesNotMatch(result.stderr, /^\s+at /m);
});

test('an unknown threshold name is a usage error', async () => {
  const result = await runCli(['run', path.join(SCRIPTS, 'never-builds.js'), '--threshold', 'noSuchThreshold=3']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /noSuchThreshold/);
});
