/**
 * However the CLI is told to stop — Ctrl-C once or repeatedly, `kill`, a closed terminal — the whole process
 * tree ends (the runner and what the script spawned), the log ends with a terminal record and the JSON
 * report is written; `kill -9` of the CLI, which it cannot handle, still leaves no process behind.
 */
import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { RunnerEvent } from '../../src/core/events.ts';
import { listRuns, readRunLog } from '../../src/session/run-log.ts';
import { runCli, SCRIPTS } from './cli-harness.ts';
import { groupMembers, killAll, survivors } from './processes.ts';

const SPAWNS_A_CHILD = path.join(SCRIPTS, 'spawns-a-child.js');

function runEvents(runsRoot: string): RunnerEvent[][] {
  return listRuns(runsRoot).map(({ runDir }) => readRunLog(runDir).events);
}

/**
 * The runners (start records) of the runs under `runsRoot` once `count` of them have taken a training step;
 * none if the CLI exits first.
 */
async function trainingRunners(cli: ChildProcessWithoutNullStreams, runsRoot: () => string, count: number) {
  while (cli.exitCode === null && cli.signalCode === null) {
    const runs = runsRoot() ? runEvents(runsRoot()) : [];
    const training = runs.filter((events) => events.some((event) => event.type === 'progress'));
    if (training.length >= count)
      return training.flatMap((events) => events.flatMap((event) => (event.type === 'start' ? [event.pid] : [])));
    await delay(100);
  }
  return [];
}

/** `actlens run spawns-a-child.js`, sent `signals` once it trains; every process of its tree, seen before. */
async function runStoppedBy(signals: NodeJS.Signals[], before?: (cli: ChildProcessWithoutNullStreams) => void) {
  let runsRoot = '';
  let tree: number[] = [];
  const result = await runCli(['run', SPAWNS_A_CHILD], {
    onRunsRoot: (root) => (runsRoot = root),
    onChild: (cli) =>
      void trainingRunners(cli, () => runsRoot, 1).then((runners) => {
        tree = runners.flatMap(groupMembers);
        before?.(cli);
        // Back to back, as a user's repeated Ctrl-C reaches a CLI that is still stopping. (One that lands in the
        // last milliseconds of the CLI's exit, after its reports, ends it with the signal's default action.)
        for (const signal of signals) cli.kill(signal);
      }),
  });
  return { result, tree, events: runEvents(result.runsRoot)[0]! };
}

for (const signals of [['SIGINT'], ['SIGINT', 'SIGINT', 'SIGINT'], ['SIGTERM']] as NodeJS.Signals[][]) {
  test(`${signals.join(' + ')}: the run stops, its log ends, its report is written, no process is left`, async (t) => {
    const { result, tree, events } = await runStoppedBy(signals);
    t.after(() => killAll(tree));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(tree.length >= 2, `the runner and the script's child, got ${tree.join(', ')}`);
    assert.deepEqual(await survivors(tree), []);
    const last = events.at(-1);
    assert.equal(last?.type === 'end' && last.reason, 'stopped');
    assert.equal(result.report?.outcome.status, 'stopped');
  });
}

test('SIGHUP with the terminal gone (output closed): the run stops, log and report complete, no process left', async (t) => {
  const { result, tree, events } = await runStoppedBy(['SIGHUP'], (cli) => {
    cli.stdout.destroy();
    cli.stderr.destroy();
  });
  t.after(() => killAll(tree));
  assert.equal(result.code, 0);
  assert.ok(tree.length >= 2, `the runner and the script's child, got ${tree.join(', ')}`);
  assert.deepEqual(await survivors(tree), []);
  const last = events.at(-1);
  assert.equal(last?.type === 'end' && last.reason, 'stopped');
  assert.equal(result.report?.outcome.status, 'stopped');
});

test('kill -9 of the CLI: the runner notices its parent is gone and ends with everything the script spawned', async (t) => {
  const { result, tree } = await runStoppedBy(['SIGKILL']);
  t.after(() => killAll(tree));
  assert.equal(result.code, null, 'the CLI was killed');
  assert.ok(tree.length >= 2, `the runner and the script's child, got ${tree.join(', ')}`);
  assert.deepEqual(await survivors(tree), [], 'no process of the run outlives the CLI');
});

test('compare: SIGHUP stops every run and what its script spawned; each log ends with a terminal record', async (t) => {
  let runsRoot = '';
  let tree: number[] = [];
  t.after(() => killAll(tree));
  const run = await runCli(
    ['compare', SPAWNS_A_CHILD, '--layer', 'all-relu', '--candidates', 'elu', '--seeds', '2', '--parallel', '2'],
    {
      withJson: false,
      onRunsRoot: (root) => (runsRoot = root),
      onChild: (cli) =>
        void trainingRunners(cli, () => runsRoot, 2).then((runners) => {
          tree = runners.flatMap(groupMembers);
          cli.kill('SIGHUP');
        }),
    },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Comparison cancelled; every run was stopped\./);
  assert.ok(tree.length >= 4, `two runners and their scripts' children, got ${tree.join(', ')}`);
  assert.deepEqual(await survivors(tree), []);
  const logs = runEvents(runsRoot);
  assert.equal(logs.length, 2);
  for (const events of logs) assert.match(events.at(-1)?.type ?? 'none', /^(end|error)$/);
});
