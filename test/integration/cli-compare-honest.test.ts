/**
 * `actlens compare` on scripts that take arguments, fail, or have nothing to swap, and when it is stopped:
 * every run gets the arguments, failed runs are left out with the reason and a non-zero exit, a selection
 * that swaps nothing is refused, progress shows from the first step, and no runner outlives the command.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { CompareResult } from '../../src/core/compare/comparison-schema.ts';
import { listRuns, readRunLog } from '../../src/session/run-log.ts';
import { runCli, SCRIPTS, tempDir } from './cli-harness.ts';
import { isAlive } from './processes.ts';
import { readRunSummary } from '../../src/session/run-summary.ts';

const script = (name: string) => path.join(SCRIPTS, name);

/** ELU against the script's own activation on every ReLU layer, 2 seeds; `scriptArgs` go after `--`. */
async function compareElu(name: string, scriptArgs: string[] = []) {
  const json = path.join(tempDir(), 'compare.json');
  const options = ['--layer', 'all-relu', '--candidates', 'elu', '--seeds', '2', '--json', json, '--parallel', '2'];
  const run = await runCli(['compare', script(name), ...options, '--', ...scriptArgs], { withJson: false });
  let result: CompareResult | null = null;
  try {
    result = JSON.parse(readFileSync(json, 'utf8')) as CompareResult;
  } catch {
    // No comparison was written (refused).
  }
  return { ...run, result };
}

test('arguments after -- reach every run of the script', async () => {
  const run = await compareElu('needs-its-arguments.js', ['--activation', 'relu']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.result?.baseline, 'relu');
  assert.deepEqual(
    run.result?.candidates.map((candidate) => candidate.values.length),
    [2, 2],
  );
  assert.ok(run.result?.runs.every((each) => each.failure === null));
});

test('runs that failed are left out with their reason, and too few seeds left exits 3', async () => {
  const run = await compareElu('fails-with-elu.js');
  assert.equal(run.code, 3, run.stderr);
  const result = run.result!;
  assert.deepEqual(
    result.candidates.map((candidate) => candidate.activation),
    ['relu'],
  );
  assert.deepEqual(result.comparisons, []);
  assert.equal(result.excluded.length, 1);
  assert.equal(result.excluded[0]!.activation, 'elu');
  assert.match(
    result.excluded[0]!.reason,
    /^2 of 2 seeds gave no result \(seed 1: the run failed: The script called process\.exit\(1\) after \d+ steps, signalling failure\. Its last error output: sanity check failed: the hidden layer must not be ELU\)$/,
  );
  assert.ok(result.runs.filter((each) => each.activation === 'elu').every((each) => each.scriptFailed));
  assert.match(run.stderr, /The comparison is incomplete: elu had fewer than 2 seeds with a result\./);
  assert.match(run.stdout, /\| elu \| no result: 2 of 2 seeds gave no result/);
});

test('a layer selection that swaps nothing is refused in one line naming the layers there are', async () => {
  const run = await compareElu('needs-its-arguments.js', ['--activation', 'sigmoid']);
  assert.equal(run.code, 2, run.stderr);
  const file = readFileSync(script('needs-its-arguments.js'), 'utf8').split('\n');
  const line = file.findIndex((text) => text.includes('tf.layers.dense(')) + 1;
  assert.equal(
    run.stderr.trim().split('\n').at(-1),
    `actlens: --layer all-relu matches no layer of needs-its-arguments.js, so no candidate would change anything. Its layers: dense_Dense1 (sigmoid, line ${line}), dense_Dense2 (linear, line ${line}). Choose a layer by its line or name.`,
  );
  assert.equal(run.result, null, 'no comparison written');
  assert.doesNotMatch(run.stdout, /baseline \(baseline\)|no significant difference/);
});

test('SIGTERM stops every runner (none is left orphaned), after progress from the first step, and writes the report', async (t) => {
  let runsRoot = '';
  let pids: number[] = [];
  const json = path.join(tempDir(), 'comparison.json');
  // Should the test fail, it must not leave endless training loops behind on the machine.
  t.after(() => pids.filter(isAlive).forEach((pid) => process.kill(-pid, 'SIGKILL')));
  const run = await runCli(
    [
      'compare',
      script('trains-forever.js'),
      '--layer',
      'all-relu',
      '--candidates',
      'elu',
      '--seeds',
      '2',
      '--parallel',
      '2',
      '--json',
      json,
    ],
    {
      withJson: false,
      onRunsRoot: (root) => (runsRoot = root),
      onChild: (cli) => {
        let stderr = '';
        cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        // Once both runners train (a start record each, and a progress line printed), signal the CLI only.
        const timer = setInterval(() => {
          pids = listRuns(runsRoot).flatMap(({ runDir }) =>
            readRunLog(runDir).events.flatMap((event) => (event.type === 'start' ? [event.pid] : [])),
          );
          if (pids.length < 2 || !/^actlens: training: .*step \d+/m.test(stderr)) return;
          clearInterval(timer);
          cli.kill('SIGTERM');
        }, 100);
      },
    },
  );
  assert.equal(pids.length, 2);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^actlens: training: baseline seed \d step \d+/m, 'progress before any run ended');
  assert.match(run.stderr, /Comparison cancelled; every run was stopped\. 0 of 4 runs had finished/);
  assert.deepEqual(pids.filter(isAlive), [], 'no runner outlives the command');
  // The report says what was observed: two stopped runs, nothing compared.
  const result = JSON.parse(readFileSync(json, 'utf8')) as CompareResult;
  assert.equal(result.cancelled, true);
  assert.deepEqual(
    result.runs.map((each) => each.failure),
    ['stopped when the comparison was cancelled', 'stopped when the comparison was cancelled'],
  );
  // Their summaries say so: the runs view shows them as cancelled, not as stopped by the user.
  assert.deepEqual(
    result.runs.map((each) => readRunSummary(path.join(runsRoot, '.actlens', 'runs', each.runId))?.cancelled),
    [true, true],
  );
  assert.deepEqual(result.comparisons, []);
});
