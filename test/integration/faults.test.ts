/** The fault matrix (docs/fault-matrix.md): ActLens keeps working, reports plainly and loses nothing. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { readRunLog } from '../../src/session/run-log.ts';
import { RunSession } from '../../src/session/session.ts';
import { REPO, runCli, SCRIPTS, tempDir } from './cli-harness.ts';
import { isAlive } from './processes.ts';

const script = (name: string) => path.join(SCRIPTS, name);

test('a script that throws before training: exit 3 at its line, the layers it built are known', async () => {
  const result = await runCli(['run', script('throws-before-training.js')]);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /TypeError: unsupported configuration: 8 units/);
  assert.equal(result.report?.outcome.location?.line, 5);
  assert.equal(result.report?.steps, 0);
});

test('a script that throws after training: exit 3, every training window kept', async () => {
  const result = await runCli(['run', script('throws-after-training.js'), '--every', '2']);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /could not save the model: disk full/);
  assert.equal(result.report?.steps, 4);
  const lastWindowStep = Math.max(
    ...readRunLog(result.report!.runDir).events.map((event) => (event.type === 'window' ? event.toStep : 0)),
  );
  assert.equal(lastWindowStep, 4);
});

test('NaN at step 0 is a non-finite error at the first layer, with the step', async () => {
  const result = await runCli(['run', script('nan-at-step-zero.js')]);
  assert.equal(result.code, 1, result.stderr);
  const nonFinite = result.report!.findings.filter((finding) => finding.kind === 'non-finite');
  assert.equal(nonFinite.length, 1, JSON.stringify(result.report!.findings.map((finding) => finding.kind)));
  assert.equal(nonFinite[0]!.severity, 'error');
  assert.equal(nonFinite[0]!.step, 1);
  assert.equal(nonFinite[0]!.source?.line, 6);
});

test('a model of 1,000 layers trains and every layer is reported', async () => {
  const result = await runCli(['run', script('thousand-layers.js'), '--quiet']);
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  assert.equal(result.report?.layers.length, 1000);
  assert.equal(result.report?.steps, 2);
});

test('megabytes on stdout pass through without stalling the run or its events', async () => {
  const result = await runCli(['run', script('floods-stdout.js')]);
  assert.equal(result.code, 0, result.stderr.slice(0, 500));
  assert.ok(result.stdout.length > 8 * 1024 * 1024, `got ${result.stdout.length} bytes`);
  assert.match(result.stdout, /flood done/);
  assert.equal(result.report?.steps, 8);
});

test('running out of memory is reported as a crash that says so, exit 3, log intact', async () => {
  const session = new RunSession({
    script: script('runs-out-of-memory.js'),
    workspaceRoot: tempDir(),
    memoryLimitMb: 96,
  });
  const outcome = await session.done;
  assert.equal(outcome.terminal.type, 'error');
  assert.equal(outcome.terminal.type === 'error' && outcome.terminal.phase, 'crash');
  assert.match(outcome.terminal.type === 'error' ? outcome.terminal.message : '', /out of memory|SIGABRT|code 134/);
  const log = readRunLog(outcome.runDir);
  assert.equal(log.events.at(-1)?.type, 'error');
  assert.ok(
    log.events.some((event) => event.type === 'window'),
    'the training before the crash is in the log',
  );
});

test('stop ends a never-yielding training loop and everything it spawned within 2 s', async () => {
  let child = 0;
  const session = new RunSession(
    { script: script('spawns-a-child.js'), workspaceRoot: tempDir() },
    { output: (_stream, chunk) => (child ||= Number(/child (\d+)/.exec(chunk)?.[1] ?? 0)) },
  );
  while (!child || session.state.steps < 1) await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  await session.stop();
  const outcome = await session.done;
  const took = Date.now() - started;
  assert.ok(took < 2000, `stop took ${took} ms`);
  assert.equal(outcome.terminal.type, 'end');
  assert.equal(outcome.terminal.type === 'end' && outcome.terminal.reason, 'stopped');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(isAlive(child), false, 'the script’s own child process was ended too');
});

test('a synchronous endless loop is stopped too (the runner cannot run its signal handler)', async () => {
  const session = new RunSession({ script: script('trains-forever.js'), workspaceRoot: tempDir(), every: 5 });
  while (session.state.steps < 5) await new Promise((resolve) => setTimeout(resolve, 100));
  const started = Date.now();
  await session.stop();
  const outcome = await session.done;
  assert.ok(Date.now() - started < 2000);
  assert.equal(outcome.terminal.type === 'end' && outcome.terminal.reason, 'stopped');
});

test('two runs at once keep separate logs and outcomes', async () => {
  const root = tempDir();
  const [first, second] = [script('fit-dataset-and-batches.js'), script('throws-during-training.js')].map(
    (file) => new RunSession({ script: file, workspaceRoot: root }),
  );
  const [a, b] = await Promise.all([first!.done, second!.done]);
  assert.notEqual(a.runDir, b.runDir);
  assert.equal(a.terminal.type, 'end');
  assert.equal(b.terminal.type, 'error');
  assert.equal(readRunLog(a.runDir).events.filter((event) => event.type === 'start').length, 1);
  assert.equal(readRunLog(b.runDir).events.filter((event) => event.type === 'start').length, 1);
});

test('malformed, oversized and hostile event lines are dropped; the session goes on', async () => {
  const session = new RunSession({
    script: script('never-builds.js'),
    workspaceRoot: tempDir(),
    runnerPath: path.join(REPO, 'test', 'fixtures', 'fake-runner.js'),
  });
  const outcome = await session.done;
  assert.equal(outcome.invalidEvents, 6);
  assert.deepEqual(session.state.notes, ['still alive']);
  assert.equal(outcome.terminal.type, 'end');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('no network: nothing in ActLens opens a socket or fetches', () => {
  const grep = spawnSync(
    'grep',
    [
      '-rlE',
      "from 'node:(http|https|net|dgram|tls)'|require\\('(node:)?(http|https|net)'\\)|\\bfetch\\(|XMLHttpRequest|WebSocket",
      'src',
      'extension',
      'webview',
    ],
    { cwd: REPO, encoding: 'utf8' },
  );
  assert.equal(grep.status, 1, `files that reach for the network:\n${grep.stdout}`);
});
