/** A run's event log stays bounded however long the script trains (docs/architecture.md, "Event volume"). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunnerEvent } from '../../src/core/events.ts';
import { DEFAULT_MAX_PER_KIND } from '../../src/session/thinned-events.ts';
import { runFitInALoop } from './cli-harness.ts';

test('a script calling fit({ epochs: 1 }) in a loop writes a bounded log: epochs and windows thinned, the latest kept', async () => {
  const calls = 800;
  const report = await runFitInALoop(calls);
  const events = readFileSync(path.join(report.runDir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RunnerEvent);
  const epochs = events.flatMap((event) => (event.type === 'epoch' ? [event] : []));
  const windows = events.filter((event) => event.type === 'window');
  // The file is rewritten from the thinned list once it holds twice as many records: at most 2× per kind.
  assert.ok(epochs.length <= 2 * DEFAULT_MAX_PER_KIND, `${epochs.length} epoch records for ${calls} fit calls`);
  assert.ok(windows.length <= 2 * DEFAULT_MAX_PER_KIND, `${windows.length} windows for ${calls} fit calls`);
  assert.equal(epochs.at(-1)?.epoch, calls - 1, 'the last epoch is kept');
  assert.equal(events.at(-1)?.type, 'end');
});
