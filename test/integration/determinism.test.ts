/** ActLens never changes the user's results: the same losses with and without instrumentation at one seed. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { BackendName } from '../../src/core/events.ts';
import { RunSession } from '../../src/session/session.ts';
import { SCRIPTS, tempDir } from './cli-harness.ts';

async function losses(options: { instrument: boolean; seed: number; backend: BackendName }): Promise<string[]> {
  let stdout = '';
  const session = new RunSession(
    { script: path.join(SCRIPTS, 'prints-every-loss.js'), workspaceRoot: tempDir(), every: 5, ...options },
    { output: (stream, chunk) => (stdout += stream === 'stdout' ? chunk : '') },
  );
  const outcome = await session.done;
  assert.equal(outcome.terminal.type, 'end', JSON.stringify(outcome.terminal));
  const values = stdout.split('\n').filter((line) => line.startsWith('loss '));
  assert.equal(values.length, 3 * 16, 'one loss per batch');
  return values;
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`instrumented and plain runs compute identical losses at the same seed (${backend})`, async () => {
    const plain = await losses({ instrument: false, seed: 42, backend });
    const instrumented = await losses({ instrument: true, seed: 42, backend });
    assert.deepEqual(instrumented, plain);
  });
}

test('the seed decides the run: same seed, same losses; another seed, other losses', async () => {
  const first = await losses({ instrument: true, seed: 7, backend: 'wasm' });
  const again = await losses({ instrument: true, seed: 7, backend: 'wasm' });
  const other = await losses({ instrument: true, seed: 8, backend: 'wasm' });
  assert.deepEqual(again, first);
  assert.notDeepEqual(other, first);
});
