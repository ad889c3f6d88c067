/**
 * Diagnoses that name the cause (issue #12): each case a new user met is a script here, run through the CLI as a
 * user runs it. Short runs, faults that show up just before a run diverges, fixes that treat the cause, one
 * problem per cause, and outcomes that never claim more than was observed.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../../src/core/findings.ts';
import { applyEdits, computeFixEdits } from '../../src/fixes/edits.ts';
import { EXAMPLES, REPO, runCli, SCRIPTS, tempDir, type CliResult } from './cli-harness.ts';

const script = (name: string) => path.join(SCRIPTS, 'diagnoses', name);

/** What every finding owes its reader, whatever the case: a headline that fits a Problems row, and a way forward. */
function assertReadable(result: CliResult): void {
  for (const finding of result.report?.findings ?? []) {
    assert.ok(finding.message.length <= 120, `${finding.kind}: "${finding.message}" is over 120 characters`);
    assert.ok(
      finding.fixes.length > 0 || /No source fix applies/.test(finding.detail ?? ''),
      `${finding.kind} at ${finding.layer} offers no fix and does not say why`,
    );
  }
}

const problems = (result: CliResult): Finding[] =>
  (result.report?.findings ?? []).filter((finding) => finding.severity !== 'info');

test('a short run (24 steps) whose table shows a dead layer reports it: the table and the findings agree', async () => {
  const result = await runCli(['run', script('short-convnet-negative-bias.mjs')]);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.equal(result.report?.steps, 24);
  const dead = problems(result).filter((finding) => finding.kind === 'dead-units');
  assert.deepEqual(
    dead.map((finding) => [finding.source?.line, finding.evidence.deadShare]),
    [[10, 1]],
  );
  assert.equal(dead[0]!.message, 'blocked: 100% of its channels are dead — they output 0 for every sample.');
  // Every layer the table shows with a dead share at the warning level has its finding.
  const tableRows = result.stdout.split('\n').filter((line) => /^\w+\s+relu\s/.test(line));
  const deadRows = tableRows.filter((line) => /\s(\d+)%\s/.test(line) && Number(/\s(\d+)%\s/.exec(line)![1]) >= 10);
  assert.equal(deadRows.length, dead.length, result.stdout);
  assertReadable(result);
});

test('a dead layer caused by a −4 bias: the cause is named and the first fix resets the bias; the fixed script runs clean', async () => {
  const result = await runCli(['run', script('negative-bias-dense.js')]);
  const [finding] = problems(result);
  assert.equal(finding?.kind, 'dead-units');
  assert.equal(finding.message.split(':')[0], 'hidden', 'named by the variable the script assigns it to');
  assert.equal(finding.cause?.id, 'negative-bias');
  assert.match(finding.cause!.because, /-4/);
  const first = finding.fixes[0]!;
  assert.equal(first.treats, 'negative-bias');
  assert.deepEqual(
    { action: first.action, option: 'option' in first ? first.option : null },
    {
      action: 'set-option',
      option: 'biasInitializer',
    },
  );
  assert.ok(
    finding.fixes.some((fix) => fix.action === 'swap-activation'),
    'activation swaps stay available, ranked after',
  );
  assertReadable(result);

  // Apply the first fix as the quick fix would, and run the fixed script.
  const folder = tempDir();
  const fixed = path.join(folder, 'negative-bias-dense.js');
  copyFileSync(script('negative-bias-dense.js'), fixed);
  const source = readFileSync(fixed, 'utf8');
  const edit = computeFixEdits(source, fixed, finding.source!, first);
  assert.ok(edit.ok, edit.ok ? '' : edit.reason);
  writeFileSync(fixed, applyEdits(source, edit.edits));
  assert.match(readFileSync(fixed, 'utf8'), /biasInitializer: 'zeros'/);
  const rerun = await runCli(['run', fixed], { cwd: folder });
  assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
  assert.deepEqual(problems(rerun), []);
});

test('a deep sigmoid stack built in a loop is one runtime problem, at the first layer, with no related entry at its own line', async () => {
  const result = await runCli(['run', script('loop-sigmoid-stack.js')]);
  const vanishing = problems(result).filter((finding) => finding.kind === 'vanishing-gradient');
  assert.equal(vanishing.length, 1, JSON.stringify(problems(result).map((finding) => finding.message)));
  const [finding] = vanishing;
  assert.equal(finding!.source?.line, 9);
  assert.ok((finding!.layers?.length ?? 0) >= 2, 'lists the other layers it covers');
  assert.ok(
    finding!.related.every((entry) => entry.source?.line !== finding!.source?.line),
    'related information only where it points somewhere else',
  );
  assert.equal(finding!.cause?.id, 'saturating-stack');
  assert.equal(finding!.fixes[0]?.treats, 'saturating-stack');
  assertReadable(result);
});

test('a run stopped after 29 steps never says "no problems found": it names the checks that lacked evidence', async () => {
  const result = await runCli(['run', path.join(EXAMPLES, 'healthy-relu-mlp.js'), '--max-steps', '29']);
  assert.equal(result.code, 0);
  assert.doesNotMatch(result.stdout, /No problems found/);
  assert.match(
    result.stdout,
    /Stopped after 29 steps \(--max-steps\)\. Not enough evidence yet for drift \(needs ≥ 4 windows/,
  );
  assert.equal(result.report?.outcome.diagnosed, false);
});

/** The suite's labelled scripts (scenarios/manifest.json): their truth was measured without ActLens. */
const scenario = (name: string) => path.join(REPO, 'scenarios', name);

test('units that die before the loss overflows (step 14) are reported with the overflow, and the chain says so', async () => {
  const result = await runCli(['run', scenario('dying-relu-then-nan.js')]);
  assert.equal(result.code, 1);
  const found = problems(result);
  const dead = found.find((finding) => finding.kind === 'dead-units');
  const nonFinite = found.find((finding) => finding.kind === 'non-finite');
  assert.equal(dead?.source?.line, 16, 'the second hidden layer, silent over steps 9–13');
  assert.ok((dead!.step ?? Infinity) < 14, `established before the overflow, at step ${dead?.step}`);
  assert.equal(nonFinite?.step, 14);
  assert.equal(dead?.cause?.id, 'large-updates');
  assert.equal(dead?.fixes[0]?.action, 'set-learning-rate', 'the cause is fixed where the optimizer is built');
  const chain = nonFinite?.evidence.chain as string[];
  assert.ok(
    chain.findIndex((link) => /units are dead/.test(link)) < chain.findIndex((link) => /diverged/.test(link)),
    `dead units come before the overflow in the chain: ${chain.join(' → ')}`,
  );
  assertReadable(result);
});

test('explosion → saturation → overflow: every link is reported, in order, each at its own line', async () => {
  const result = await runCli(['run', scenario('tanh-explode-saturate-nan.js')]);
  const found = problems(result);
  assert.deepEqual(found.map((finding) => `${finding.kind}@${finding.source?.line ?? '-'}`).sort(), [
    'exploding-gradient@16',
    'non-finite@-',
    'saturation@14',
    'saturation@15',
  ]);
  const nonFinite = found.find((finding) => finding.kind === 'non-finite')!;
  const chain = nonFinite.evidence.chain as string[];
  assert.match(chain[0]!, /gradients explode — the norm grew \S+× in \d+ steps, then overflowed/);
  assert.match(chain[1]!, /tanh outputs saturated/);
  assert.match(chain.at(-1)!, /diverged at step 17/);
  assert.deepEqual(
    nonFinite.related.map((entry) => entry.source?.line),
    [16, 14, 15],
    'each link with a line is related information at that line',
  );
  assert.ok(found.every((finding) => finding.cause?.id === 'large-updates'));
  // The terminal prints the chain one link per line, with the line each happened at.
  assert.match(
    result.stdout,
    /→ scenarios\/tanh-explode-saturate-nan\.js:16 {2}dense #3 \(line 16\): gradients explode/,
  );
  assertReadable(result);
});
