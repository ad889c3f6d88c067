/**
 * A runner launched ahead (the CLI's entry, for `actlens run`) is taken by the first session that would launch the
 * same — Node, runner, heap and environment; where it started does not matter — and only once. A session that would
 * launch something else gets nothing and the process launched ahead is ended, as is one no session takes; a launch
 * that fails leaves nothing to take.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  endRunnerLaunchedAhead,
  launchRunnerAhead,
  takeRunnerLaunchedAhead,
  type RunnerLaunch,
} from '../../src/session/runner-launch.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'actlens-launch-'));
/** Stands in for the runner: waits, as the real one waits for its hand-over. */
const waiting = path.join(folder, 'waits.js');
writeFileSync(waiting, 'setTimeout(() => {}, 60_000);\n');

const launch: RunnerLaunch = {
  runnerPath: waiting,
  nodePath: process.execPath,
  env: {},
  memoryLimitMb: 512,
  cwd: folder,
};

/** How `child` ended. A timer holds the event loop meanwhile: an ended process is unref'd, and would not. */
function ended(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode);
  const holding = setInterval(() => {}, 1000);
  return new Promise((resolve) =>
    child.once('exit', (_code, signal) => {
      clearInterval(holding);
      resolve(signal);
    }),
  );
}

/** The process launched ahead, as the next session would find it, left in place. */
function peek(): ChildProcess {
  const holder = globalThis as Record<symbol, { child: ChildProcess } | undefined>;
  const ahead = holder[Symbol.for('actlens.runnerLaunchedAhead')];
  assert.ok(ahead, 'a process was launched ahead');
  return ahead.child;
}

test('the same launch, from another folder, takes the process launched ahead, once', async () => {
  launchRunnerAhead(() => launch);
  const ahead = peek();
  const taken = takeRunnerLaunchedAhead({ ...launch, cwd: tmpdir() });
  assert.equal(taken, ahead);
  assert.equal(takeRunnerLaunchedAhead(launch), null, 'taken once');
  taken!.kill();
  await ended(taken!);
});

test('a session that would launch something else gets nothing, and the process launched ahead is ended', async () => {
  for (const other of [
    { env: { ELECTRON_RUN_AS_NODE: '1' } },
    { memoryLimitMb: 1024 },
    { runnerPath: path.join(folder, 'other.js') },
  ]) {
    launchRunnerAhead(() => launch);
    const ahead = peek();
    assert.equal(takeRunnerLaunchedAhead({ ...launch, ...other }), null, JSON.stringify(other));
    assert.equal(await ended(ahead), 'SIGTERM');
  }
});

test('one no session takes is ended', async () => {
  launchRunnerAhead(() => launch);
  const ahead = peek();
  endRunnerLaunchedAhead();
  assert.equal(await ended(ahead), 'SIGTERM');
  assert.equal(takeRunnerLaunchedAhead(launch), null);
});

test('a launch that fails leaves nothing to take', async () => {
  launchRunnerAhead(() => {
    throw new Error('the working folder is gone');
  });
  assert.equal(takeRunnerLaunchedAhead(launch), null);
  const missing = { ...launch, nodePath: path.join(folder, 'no-such-node') };
  launchRunnerAhead(() => missing);
  // Spawning a missing binary fails after the call returns, with an 'error' the launch swallows.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(takeRunnerLaunchedAhead(missing), null);
});
