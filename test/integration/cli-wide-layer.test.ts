/** A layer too wide for one "ever active" flag per unit in an event: its window is summarised, never dropped. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { MAX_EVENT_BYTES } from '../../src/core/protocol.ts';
import { readRunLog } from '../../src/session/run-log.ts';
import { runCli, SCRIPTS } from './cli-harness.ts';

test('a 5,000,000-unit layer keeps its windows: stats of every unit, dead-unit flags of a sample, a note', async () => {
  const result = await runCli(['run', path.join(SCRIPTS, 'five-million-units.js'), '--every', '3']);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const report = result.report!;
  // Six steps are too few to conclude anything, and the report says so rather than "no problems".
  assert.equal(report.outcome.diagnosed, false);
  assert.match(report.outcome.evidenceGaps?.join(' / ') ?? '', /dead units .* \/ drift/);
  assert.ok(
    report.notes.some((note) => /dense_Dense1 has 5,000,000 units.*fixed sample of 16,384/.test(note)),
    report.notes.join('\n'),
  );
  const log = readRunLog(report.runDir);
  assert.deepEqual(log.notes, [], 'no event was dropped');
  const windows = log.events.flatMap((event) => (event.type === 'window' ? [event] : []));
  assert.equal(windows.length, 2);
  for (const [index, window] of windows.entries()) {
    assert.ok(JSON.stringify(window).length < MAX_EVENT_BYTES / 100, 'far below the event limit');
    const wide = window.activations.find((stats) => stats.layer === 'dense_Dense1')!;
    assert.equal(wide.units, 5_000_000);
    assert.equal(wide.sampledUnits, 16_384);
    assert.equal(wide.everActive?.length, 16_384);
    assert.notEqual(wide.mean, null);
    const gradients = window.gradients.filter((series) => series.layer === 'dense_Dense1');
    assert.deepEqual(
      gradients.map((series) => series.weight),
      ['kernel', 'bias'],
    );
    // The first window is watched at every step; later ones at the steps the sampling plan picks, at least one.
    const watched = (series: (typeof gradients)[number]) =>
      index === 0 ? series.norm.every((norm) => norm !== null) : series.norm.some((norm) => norm !== null);
    assert.ok(
      gradients.every(watched),
      `window ${index + 1}: ${JSON.stringify(gradients.map((series) => series.norm))}`,
    );
  }
});
