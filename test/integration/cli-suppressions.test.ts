/**
 * Suppression comments through `actlens run`: a finding at a line with `// actlens-disable-next-line <kind>` leaves
 * the findings, the exit code and the summary, and the JSON report lists it as suppressed; a comment naming an
 * unknown kind is warned about and silences nothing.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { EXAMPLES, runCli, tempDir } from './cli-harness.ts';

/** The dead-ReLU example in a folder of its own, with `comment` inserted above the layer with the negative bias. */
function scriptWith(comment: string): { file: string; layerLine: number } {
  const folder = tempDir('actlens-suppress-');
  copyFileSync(path.join(EXAMPLES, 'synthetic-data.js'), path.join(folder, 'synthetic-data.js'));
  const lines = readFileSync(path.join(EXAMPLES, 'dying-relu-negative-bias.js'), 'utf8').split('\n');
  const at = lines.findIndex((line) => line.includes('biasInitializer: tf.initializers.constant'));
  assert.notEqual(at, -1, 'the example still has its negative bias');
  const indent = /^\s*/.exec(lines[at]!)![0];
  lines.splice(at, 0, `${indent}${comment}`);
  const file = path.join(folder, 'train.js');
  writeFileSync(file, lines.join('\n'));
  return { file, layerLine: at + 2 };
}

test('a disable comment takes the dead-units finding out of the findings, the exit code and the summary', async () => {
  const { file, layerLine } = scriptWith('// actlens-disable-next-line dead-units -- the bias is negative on purpose');
  const result = await runCli(['run', file, '--quiet']);
  assert.equal(result.code, 0, `exit code\n${result.stdout}\n${result.stderr}`);
  const report = result.report;
  assert.ok(report, 'a JSON report was written');
  assert.deepEqual(
    report.findings.filter((finding) => finding.kind === 'dead-units'),
    [],
    'the finding is not among the findings',
  );
  assert.equal(report.outcome.exitCode, 0);
  assert.deepEqual(
    report.suppressed?.map(({ kind, file: where, line, reason }) => ({ kind, file: where, line, reason })),
    [{ kind: 'dead-units', file, line: layerLine, reason: 'the bias is negative on purpose' }],
  );
  assert.doesNotMatch(result.stdout, /\[dead-units\]/);
  assert.match(result.stdout, /1 finding suppressed by an actlens-disable comment\./);
  assert.match(result.stdout, /No problems found\./);
  assert.doesNotMatch(result.stderr, /warning/);
});

test('a comment naming an unknown kind is warned about, with the known kinds, and silences nothing', async () => {
  const { file, layerLine } = scriptWith('// actlens-disable-next-line dead-unit');
  const result = await runCli(['run', file, '--quiet']);
  assert.equal(result.code, 1, `exit code\n${result.stdout}\n${result.stderr}`);
  assert.match(
    result.stderr,
    new RegExp(
      `actlens: warning: .*train\\.js:${layerLine - 1}:\\d+: unknown finding kind 'dead-unit' \\(did you mean 'dead-units'\\?\\).*known kinds: dead-units, `,
    ),
  );
  assert.ok(
    result.report?.findings.some((finding) => finding.kind === 'dead-units' && finding.source?.line === layerLine),
  );
  assert.deepEqual(result.report?.suppressed, []);
});
