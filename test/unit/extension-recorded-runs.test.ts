/**
 * Recorded runs open in untrusted workspaces, so a cloned repository decides what the extension reads: the
 * hostile cases here each read in a child with a time limit (read-in-child.ts), so a regression fails
 * instead of hanging the suite.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadRecordedRun } from '../../extension/recorded-runs.ts';
import type { RunnerEvent } from '../../src/core/events.ts';
import { makeWorkspace, startEvent, windowEvent, writeRecordedRun } from './extension-fixtures.ts';
import { readInChild } from './read-in-child.ts';

const end: RunnerEvent = { type: 'end', reason: 'completed', steps: 20, elapsedMs: 5 };

describe('recorded runs from a hostile workspace', () => {
  it('passes over logs that are FIFOs or links to a device, in the picker and by id', async () => {
    const { folder, script } = makeWorkspace();
    writeRecordedRun(folder, 'good-run', [startEvent(script), windowEvent(20), end]);
    const fifoRun = path.join(folder, '.actlens', 'runs', 'fifo-run');
    mkdirSync(fifoRun);
    execFileSync('mkfifo', [path.join(fifoRun, 'events.jsonl')]);
    const zeroRun = path.join(folder, '.actlens', 'runs', 'zero-run');
    mkdirSync(zeroRun);
    symlinkSync('/dev/zero', path.join(zeroRun, 'events.jsonl'));
    const [listed, byFifoId, byZeroId, opened] = await Promise.all([
      readInChild('listRecordedRuns', folder),
      readInChild('findRunDir', folder, 'fifo-run'),
      readInChild('findRunDir', folder, 'zero-run'),
      readInChild('loadRecordedRun', zeroRun),
    ]);
    assert.deepEqual(listed, [{ runId: 'good-run', status: 'finished' }]);
    assert.equal(byFifoId, null);
    assert.equal(byZeroId, null);
    assert.deepEqual(opened, {
      error: `No readable event log in ${zeroRun}: ${path.join(zeroRun, 'events.jsonl')} is a link to /dev/zero, outside ${zeroRun}; ActLens follows links only inside that folder.`,
    });
  });

  it('opens a run whose start record names /dev/zero as its script, skipping the static checks with a note', async () => {
    const { folder } = makeWorkspace();
    const runDir = writeRecordedRun(folder, 'device-script', [startEvent('/dev/zero'), windowEvent(20), end]);
    const loaded = (await readInChild('loadRecordedRun', runDir)) as { events: number; notes: string[] };
    assert.equal(loaded.events, 3);
    assert.deepEqual(loaded.notes, [
      'Static checks of the script skipped: /dev/zero is a device, not a regular file; ActLens reads only regular files.',
    ]);
  });

  it("does not read a device named as a finding's source file", async () => {
    assert.equal(await readInChild('currentText', '/dev/zero'), null);
  });

  it('opens a log that starts with a byte-order mark', () => {
    const { folder, script } = makeWorkspace();
    const runDir = writeRecordedRun(folder, 'bom-run', [startEvent(script), windowEvent(20), end]);
    const file = path.join(runDir, 'events.jsonl');
    writeFileSync(file, `\uFEFF${JSON.stringify(startEvent(script))}\n${JSON.stringify(end)}\n`);
    const loaded = loadRecordedRun(runDir, {});
    assert.ok(!('error' in loaded), JSON.stringify(loaded));
    assert.equal(loaded.script, script);
    assert.deepEqual(loaded.notes, []);
  });
});
