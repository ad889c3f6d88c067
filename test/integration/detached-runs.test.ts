/**
 * Runs that outlive whoever started them (#13): the editor starts a run host in a process group of its own and
 * follows the run through its folder, so that a window reload neither ends the training nor loses it — the
 * next window follows the same folder again. The same following attaches to a run `actlens run` writes in a
 * terminal, and Stop reaches its owner from there.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { RunnerEvent } from '../../src/core/events.ts';
import { startDetachedRun } from '../../src/session/detached-run.ts';
import { FollowedRun } from '../../src/session/followed-run.ts';
import { listRuns } from '../../src/session/run-log.ts';
import { readRunOwner } from '../../src/session/run-owner.ts';
import { readRunSummary } from '../../src/session/run-summary.ts';
import { EXAMPLES, REPO, runCli, SCRIPTS } from './cli-harness.ts';
import { isAlive, killAll } from './processes.ts';

const RUNNER = path.join(REPO, 'dist', 'runner.js');
const DYING = path.join(EXAMPLES, 'dying-relu-negative-bias.js');
const FOREVER = path.join(SCRIPTS, 'trains-for-seconds.js');

function workspace(): string {
  return mkdtempSync(path.join(tmpdir(), 'actlens-detached-'));
}

async function until<T>(what: string, probe: () => T | undefined | false, ms = 60_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await delay(50)) {
    const value = probe();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('a detached run trains to its end in a host of its own; its outcome, output and summary reach the follower', async () => {
  const events: RunnerEvent[] = [];
  let stdout = '';
  const run = startDetachedRun(
    { script: DYING, workspaceRoot: workspace(), runnerPath: RUNNER, maxSteps: 60 },
    { event: (event) => events.push(event), output: (stream, text) => stream === 'stdout' && (stdout += text) },
  );
  const outcome = await run.done;
  assert.deepEqual(outcome.terminal, { ...outcome.terminal, type: 'end', reason: 'max-steps', steps: 60 });
  assert.ok(
    outcome.findings.some((finding) => finding.kind === 'dead-units'),
    'the dead layer is found',
  );
  assert.equal(events[0]?.type, 'start');
  assert.equal(events.at(-1)?.type, 'end');
  assert.match(stdout, /final loss \d/);
  const owner = readRunOwner(run.runDir);
  assert.ok(owner && owner.pid !== process.pid, 'the owner is the run host, not the starter');
  assert.ok(readRunSummary(run.runDir)?.problems, 'the host wrote the summary');
});

test('a reload: the first follower lets go mid-run, the run goes on, a second follower picks it up from the folder and sees it end', async () => {
  const root = workspace();
  const first = startDetachedRun({ script: FOREVER, workspaceRoot: root, runnerPath: RUNNER });
  let pid = 0;
  try {
    await until('a training step', () => first.state.steps > 0);
    pid = readRunOwner(first.runDir)!.pid;
    const stepsBefore = first.state.steps;
    first.detach();
    await delay(500);
    assert.ok(isAlive(pid), 'the run host keeps running without a follower');
    const second = new FollowedRun({ runDir: first.runDir, script: FOREVER });
    const outcome = await second.done;
    assert.equal(outcome.terminal.type, 'end');
    assert.ok(second.state.start, 'the second follower read the run from its start');
    assert.ok(outcome.terminal.steps > stepsBefore, `it trained on: ${stepsBefore} → ${outcome.terminal.steps} steps`);
  } finally {
    killAll([pid].filter(Boolean));
  }
});

test('Stop from a follower that did not start the run: a terminal `actlens run` records the stop and writes its report', async () => {
  let runsRoot = '';
  const cli = runCli(['run', FOREVER], { onRunsRoot: (root) => (runsRoot = root) });
  const runDir = await until('the CLI run to start', () => listRuns(runsRoot)[0]?.runDir);
  const followed = new FollowedRun({ runDir, script: FOREVER });
  await until('a training step', () => followed.state.steps > 0);
  assert.ok(followed.stoppable);
  await followed.stop();
  const outcome = await followed.done;
  assert.deepEqual(outcome.terminal, { ...outcome.terminal, type: 'end', reason: 'stopped' });
  const result = await cli;
  assert.equal(result.report?.outcome.status, 'stopped', 'the CLI wrote its report of the stopped run');
  assert.equal(result.report?.steps, outcome.terminal.steps);
});

test('an owner killed without a word ends the followed run with an error that says so', async () => {
  const run = startDetachedRun({ script: FOREVER, workspaceRoot: workspace(), runnerPath: RUNNER });
  await until('a training step', () => run.state.steps > 0);
  process.kill(readRunOwner(run.runDir)!.pid, 'SIGKILL');
  const outcome = await run.done;
  assert.equal(outcome.terminal.type, 'error');
  assert.match(
    outcome.terminal.type === 'error' ? outcome.terminal.message : '',
    /ended without recording the run's end/,
  );
});

test('a run host that cannot start its run says why in the followed run', async () => {
  const run = startDetachedRun({
    script: DYING,
    workspaceRoot: workspace(),
    runnerPath: '/nonexistent/dist/runner.js',
  });
  const outcome = await run.done;
  assert.equal(outcome.terminal.type, 'error');
  assert.ok(
    readFileSync(path.join(run.runDir, 'stderr.log'), 'utf8').length > 0,
    'its stderr is kept in the run folder',
  );
});
