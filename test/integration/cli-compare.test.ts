/** `actlens compare` end to end: real runs, real statistics, an honest verdict. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CompareResultSchema } from '../../src/core/compare/comparison-schema.ts';
import type { CompareResult } from '../../src/core/compare/comparison-schema.ts';
import { EMBEDDED_MESSAGE_ID, parseHostMessage } from '../../src/core/webview-messages.ts';
import { readRunSummary } from '../../src/session/run-summary.ts';
import { runCli, SCRIPTS, tempDir } from './cli-harness.ts';

const BOTTLENECK = path.join(SCRIPTS, 'dead-relu-bottleneck.js');

async function compare(
  args: string[],
): Promise<{ code: number | null; stdout: string; result: CompareResult; runsRoot: string }> {
  const json = path.join(tempDir(), 'compare.json');
  const run = await runCli(['compare', BOTTLENECK, ...args, '--json', json], { withJson: false });
  assert.equal(run.code, 0, run.stderr);
  return {
    code: run.code,
    stdout: run.stdout,
    result: JSON.parse(readFileSync(json, 'utf8')) as CompareResult,
    runsRoot: run.runsRoot,
  };
}

test('a dead ReLU layer against LeakyReLU: a large, significant difference', async () => {
  const { stdout, result } = await compare(['--layer', '7', '--candidates', 'leakyReLU', '--seeds', '3']);
  assert.equal(result.schemaVersion, 1);
  assert.equal(result.metric, 'loss');
  assert.equal(result.baseline, 'relu');
  assert.deepEqual(
    result.candidates.map((candidate) => candidate.activation),
    ['relu', 'leakyReLU'],
  );
  for (const candidate of result.candidates) {
    assert.equal(candidate.values.length, 3);
    assert.ok(candidate.ci95[0] <= candidate.mean && candidate.mean <= candidate.ci95[1]);
  }
  const [leaky] = result.comparisons;
  assert.equal(leaky?.candidate, 'leakyReLU');
  assert.equal(leaky?.significant, true);
  assert.equal(leaky?.verdict, 'better');
  assert.ok(leaky!.hedgesG !== null && leaky!.hedgesG < -2, `a large effect, got g = ${leaky!.hedgesG}`);
  assert.match(stdout, /^\| leakyReLU \| better \|/m);
  // The same seed gives the same result: the baseline's values are reproducible run to run.
  const again = await compare(['--layer', '7', '--candidates', 'leakyReLU', '--seeds', '2']);
  assert.deepEqual(again.result.candidates[0]!.values, result.candidates[0]!.values.slice(0, 2));
});

test('a candidate compared with itself is not significantly different', async () => {
  const { result, runsRoot } = await compare(['--layer', '7', '--candidates', 'relu', '--seeds', '3']);
  const [self] = result.comparisons;
  assert.equal(self?.candidate, 'relu');
  assert.equal(self?.significant, false);
  assert.match(self!.verdict, /no significant difference at α = 0\.05 with 3 seeds/);
  // Each run's summary names the comparison (one id for all), its activation and seed, and counts its findings.
  const summaries = result.runs.map((run) => ({
    run,
    summary: readRunSummary(path.join(runsRoot, '.actlens', 'runs', run.runId)),
  }));
  assert.equal(new Set(summaries.map(({ summary }) => summary?.comparison?.id)).size, 1);
  for (const { run, summary } of summaries) {
    assert.ok(summary?.comparison, run.runId);
    assert.equal(summary.comparison.target, 'dead-relu-bottleneck.js:7');
    assert.equal(summary.comparison.activation, run.activation);
    assert.equal(summary.comparison.seed, run.seed);
    assert.ok(summary.problems, 'counted when the run ended');
    assert.equal(summary.cancelled, false);
  }
});

test('bad compare usage exits 2 with one line', async () => {
  const run = await runCli(['compare', BOTTLENECK, '--layer', '7', '--candidates', 'relu,banana'], { withJson: false });
  assert.equal(run.code, 2);
  assert.match(run.stderr.trim(), /^actlens: unknown activation banana/);
});

test('--report writes the comparison as one offline HTML page showing what --json holds, which matches the schema', async () => {
  const folder = tempDir();
  const report = path.join(folder, 'compare.html');
  const json = path.join(folder, 'compare.json');
  const run = await runCli(
    [
      'compare',
      BOTTLENECK,
      '--layer',
      '7',
      '--candidates',
      'leakyReLU',
      '--seeds',
      '2',
      '--report',
      report,
      '--json',
      json,
    ],
    { withJson: false },
  );
  assert.equal(run.code, 0, run.stderr);
  const written = CompareResultSchema.safeParse(JSON.parse(readFileSync(json, 'utf8')));
  assert.ok(written.success, `the --json file matches the published shape: ${written.error?.message}`);
  const html = readFileSync(report, 'utf8');
  const embedded = new RegExp(`<script type="application/json" id="${EMBEDDED_MESSAGE_ID}">(.*?)</script>`, 's').exec(
    html,
  )?.[1];
  assert.ok(embedded, 'the report embeds the comparison');
  assert.deepEqual(parseHostMessage(JSON.parse(embedded)), {
    ok: true,
    message: { type: 'compare', result: written.data },
  });
  assert.deepEqual(
    written.data.candidates.map((candidate) => candidate.activation),
    ['relu', 'leakyReLU'],
  );
  assert.match(html, /<title>Compare activations — dead-relu-bottleneck\.js:\d+ \(dense #1\) · ActLens<\/title>/);
  assert.doesNotMatch(html, /\s(src|href)="/, 'everything inline: the report opens offline');
});
