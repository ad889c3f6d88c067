/**
 * `actlens run` never says more than it saw: the step count of a run stopped between windows, a script's
 * own failure exit with its last words, a network error with its cause, "too little training to diagnose"
 * instead of "no problems", and progress lines in a log that is not a terminal.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli, SCRIPTS } from './cli-harness.ts';

const script = (name: string) => path.join(SCRIPTS, name);

test('a synchronous loop stopped before its first window reports the steps it took, and too little to diagnose', async () => {
  const result = await runCli(['run', script('stopped-in-a-sync-loop.js')], {
    onChild: (cli) => {
      let printed = '';
      const watch = (chunk: Buffer) => {
        printed += chunk.toString();
        if (!printed.includes('step 9\n')) return;
        cli.stdout.off('data', watch);
        cli.kill('SIGTERM');
      };
      cli.stdout.on('data', watch);
    },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Stopped by request after 9 steps\./);
  assert.doesNotMatch(result.stdout, /never took a training step|No problems found/);
  assert.match(
    result.stdout,
    /Too little training to diagnose: only 9 steps ran, and the detectors need at least one full window of 20/,
  );
  assert.equal(result.report?.steps, 9);
  assert.equal(result.report?.outcome.status, 'stopped');
  assert.equal(result.report?.outcome.diagnosed, false);
});

test('a script that rejects its arguments with process.exit(2) failed: exit 3, its exit code and last stderr line named', async () => {
  const result = await runCli(['run', script('needs-its-arguments.js')]);
  assert.equal(result.code, 3);
  const expected =
    'The script called process.exit(2) before its first training step, signalling failure. Its last error output: needs-its-arguments.js: error: the following arguments are required: --activation';
  assert.ok(result.stderr.includes(`error: ${expected}`), result.stderr);
  assert.doesNotMatch(result.stderr, /without building a tfjs model/);
  assert.equal(result.report?.outcome.status, 'failed');
  assert.equal(result.report?.outcome.exitCode, 3);
  assert.equal(result.report?.outcome.message, expected);
});

test('a network error keeps its cause (the host), offline too', async () => {
  const result = await runCli(['run', script('fetches-from-an-unreachable-host.js')]);
  assert.equal(result.code, 3);
  assert.match(
    result.stderr,
    /TypeError: fetch failed \(cause: Error: getaddrinfo ENOTFOUND data\.example\.invalid\)/,
    result.stderr,
  );
});

test('with stderr not a terminal, progress lines (steps, loss, steps/s) come at the first step and then every interval', async () => {
  // The interval is 10 s by default; the test shortens it rather than training for half a minute.
  const result = await runCli(['run', script('trains-for-seconds.js')], {
    env: { ACTLENS_PROGRESS_INTERVAL_MS: '700' },
  });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stderr.split('\n').filter((line) => /^actlens: step \d+/.test(line));
  assert.ok(lines.length >= 3, `progress lines over ~3 s:\n${result.stderr}`);
  assert.match(lines[0]!, /^actlens: step 1 · wasm$/, 'the first at the first step, before any rate or loss exists');
  assert.ok(
    lines.some((line) => /^actlens: step \d+ · loss [\d.e-]+ · [\d.]+ steps\/s · wasm$/.test(line)),
    `a line with steps, loss and rate:\n${lines.join('\n')}`,
  );
  const steps = lines.map((line) => Number(/step (\d+)/.exec(line)![1]));
  assert.deepEqual(
    steps,
    [...steps].sort((a, b) => a - b),
    'steps only grow',
  );
  // The script trains for a few seconds, so how many windows it fills depends on the machine, and which of them hold
  // activation statistics on the sampling plan: "No problems found" only once drift had its baseline and a window
  // after it (4 windows with statistics, of up to 20 steps each), else the gap is named.
  const trained = result.report!.steps;
  const diagnosed = result.report!.outcome.diagnosed;
  const verdict = diagnosed ? /No problems found\./ : /Not enough evidence yet for drift \(needs ≥ 4 windows/;
  assert.match(result.stdout, new RegExp(`Finished after ${trained} steps\\. ${verdict.source}`));
  assert.ok(!diagnosed || trained > 3 * 20, 'diagnosed with fewer than 4 windows');
});
