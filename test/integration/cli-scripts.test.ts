/** The runner on scripts of every shape, and on scripts that fail in every way the issue lists. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listRuns, readRunLog } from '../../src/session/run-log.ts';
import { runCli, SCRIPTS, tempDir, type CliResult } from './cli-harness.ts';

const script = (name: string) => path.join(SCRIPTS, name);

function runEvents(result: CliResult) {
  const log = readRunLog(result.report!.runDir);
  assert.deepEqual(log.notes, [], 'the event log reads back cleanly');
  return log.events;
}

function latestRunEvents(runsRoot: string) {
  const [run] = listRuns(runsRoot);
  return run ? readRunLog(run.runDir).events : [];
}

/** The 1-based column where `needle` starts on `line` of `file`. */
function columnOf(file: string, line: number, needle: string): number {
  return readFileSync(file, 'utf8').split('\n')[line - 1]!.indexOf(needle) + 1;
}

test('a syntax error exits 3 with file:line:column and the compiler message', async () => {
  const result = await runCli(['run', script('syntax-error.js')]);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /syntax-error\.js:3:40: Expected "\)" but found ";"/);
  assert.equal(result.report?.outcome.status, 'failed');
  assert.deepEqual(result.report?.outcome.location, { file: script('syntax-error.js'), line: 3, column: 40 });
});

test('a script that throws mid-training exits 3 at its own line, keeps its events and still writes the report', async () => {
  const result = await runCli(['run', script('throws-during-training.js'), '--every', '10']);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /budget exceeded at step 30/);
  assert.match(result.stderr, /throws-during-training\.js:12:/);
  assert.doesNotMatch(result.stderr, /dist[\\/]runner\.js/, 'runner frames are not shown');
  const report = result.report!;
  assert.equal(report.steps, 30);
  assert.equal(report.outcome.location?.line, 12);
  assert.equal(report.layers.length, 2);
  const events = runEvents(result);
  assert.equal(events.at(-1)?.type, 'error');
  assert.ok(events.filter((event) => event.type === 'window').length >= 3, 'windows before the error were kept');
});

test('a script that never builds a model says exactly that', async () => {
  const result = await runCli(['run', script('never-builds.js')]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /without building a tfjs model or taking a training step/);
});

test('a script that builds a model but never trains says exactly that', async () => {
  const result = await runCli(['run', script('never-trains.js')]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /built a model but never took a training step/);
  assert.equal(result.report?.layers.length, 1);
});

test('an import of @tensorflow/tfjs-node falls back with a note naming the backend used', async () => {
  const result = await runCli(['run', script('imports-tfjs-node.js')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /trained/);
  assert.match(
    result.stderr,
    /imports @tensorflow\/tfjs-node, which could not be loaded here; it runs on @tensorflow\/tfjs with the wasm backend/,
  );
  assert.ok(result.report?.notes.some((note) => note.includes('tfjs-node')));
});

test('script arguments after --, and the working directory is the script folder unless --cwd says otherwise', async () => {
  const own = await runCli(['run', script('args-and-cwd.mjs'), '--', 'alpha', '--beta']);
  assert.equal(own.code, 0, own.stderr);
  assert.match(own.stdout, /args=\["alpha","--beta"\] units=7/);
  assert.ok(own.stdout.includes(`cwd=${SCRIPTS}`));
  const elsewhere = await runCli(['run', script('args-and-cwd.mjs'), '--cwd', path.join(SCRIPTS, 'lib')]);
  assert.equal(elsewhere.code, 3, 'settings.json is not in lib/');
  assert.match(elsewhere.stderr, /ENOENT/);
});

test('TypeScript ES module with top-level await, an extensionless import and variableGrads + applyGradients', async () => {
  const result = await runCli(['run', script('variable-grads-loop.mts'), '--every', '5']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.report?.steps, 25);
  const [hidden, output] = result.report!.layers;
  const helpers = path.join(SCRIPTS, 'lib', 'helpers.ts');
  assert.deepEqual(hidden?.source, { file: helpers, line: 4, column: columnOf(helpers, 4, 'tf.layers.dense(') });
  const main = script('variable-grads-loop.mts');
  assert.deepEqual(output?.source, { file: main, line: 8, column: columnOf(main, 8, 'tf.layers.dense(') });
  const losses = runEvents(result).flatMap((event) => (event.type === 'window' ? event.loss : []));
  assert.equal(losses.length, 25);
  assert.ok(
    losses.every((loss) => loss !== null && loss > 0),
    'the loss of every step is known',
  );
});

test('a loop that calls optimizer.computeGradients itself has the loss of every step, taken when it applies them', async () => {
  const result = await runCli(['run', script('compute-gradients-loop.js'), '--every', '4']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.report?.steps, 12);
  const losses = runEvents(result).flatMap((event) => (event.type === 'window' ? event.loss : []));
  assert.equal(losses.length, 12);
  assert.ok(
    losses.every((loss) => loss !== null && loss > 0),
    `the loss of every step is known: ${losses.join(' ')}`,
  );
});

test('nested models and a layer applied twice: each layer once, in model order, at its line', async () => {
  const result = await runCli(['run', script('nested-and-shared.js'), '--every', '4']);
  assert.equal(result.code, 0, result.stderr);
  const file = script('nested-and-shared.js');
  const layers = result.report!.layers;
  assert.deepEqual(
    layers.map((layer) => layer.source?.line),
    [10, 6, 7, 14],
  );
  assert.deepEqual(
    layers.map((layer) => layer.activation),
    ['relu', 'relu', 'tanh', 'linear'],
  );
  assert.equal(layers[0]!.source!.column, columnOf(file, 10, 'tf.layers.dense('));
  const events = runEvents(result);
  const model = events.find((event) => event.type === 'model' && event.className === 'Model');
  assert.ok(model && model.type === 'model');
  assert.deepEqual(
    model.layers.filter((name) => !name.startsWith('input')),
    ['dense_Dense3', 'dense_Dense1', 'dense_Dense2', 'dense_Dense4'],
  );
  const shared = events
    .flatMap((event) => (event.type === 'window' ? event.activations : []))
    .find((stats) => stats.layer === 'dense_Dense3');
  assert.ok(shared && shared.samples > 0, 'the shared layer was observed');
});

test('fitDataset and trainOnBatch steps are all counted', async () => {
  const result = await runCli(['run', script('fit-dataset-and-batches.js')]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.report?.steps, 2 * 4 + 5);
});

test('--max-steps stops fit cleanly and says so', async () => {
  const result = await runCli([
    'run',
    path.join(SCRIPTS, '..', '..', '..', 'examples', 'healthy-relu-mlp.js'),
    '--max-steps',
    '30',
  ]);
  assert.match(result.stdout, /Stopped after 30 steps/);
  assert.equal(result.report?.steps, 30);
  assert.equal(result.report?.outcome.status, 'max-steps');
  assert.match(result.stdout, /final loss/, 'the script went on after fit returned');
});

test('--max-steps ends a custom loop after the step', async () => {
  const result = await runCli(['run', script('trains-forever.js'), '--max-steps', '45']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.report?.steps, 45);
  assert.match(result.stdout, /Stopped after 45 steps/);
});

test('process.exit with a failure code mid-training is reported as the script failing, with its steps', async () => {
  const result = await runCli(['run', script('exits-mid-training.js')]);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /process\.exit\(4\) after 10 steps/);
  assert.equal(runEvents(result).at(-1)?.type, 'end');
});

test('a missing package is reported at the import, with what to do', async () => {
  const result = await runCli(['run', script('missing-package.js')]);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /a-package-that-is-not-installed/);
  assert.match(result.stderr, /npm install/);
  assert.equal(result.report?.outcome.location?.line, 2);
});

test('a killed training process is reported, exit 3, and its log stays readable', async () => {
  let killed = false;
  const result = await runCli(['run', script('trains-forever.js'), '--every', '5'], {
    onRunsRoot: (runsRoot) => {
      // Once the run has written a window, kill the training process (not the CLI) as the OOM killer would.
      const timer = setInterval(() => {
        const events = latestRunEvents(runsRoot);
        const start = events.find((event) => event.type === 'start');
        if (!start || start.type !== 'start' || !events.some((event) => event.type === 'window')) return;
        clearInterval(timer);
        process.kill(start.pid, 'SIGKILL');
        killed = true;
      }, 200);
    },
  });
  assert.ok(killed);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /killed by SIGKILL/);
  const events = runEvents(result);
  assert.equal(events.at(-1)?.type, 'error');
  assert.ok(
    events.some((event) => event.type === 'window'),
    'the windows written before the kill are there',
  );
});

test('--report writes one self-contained HTML file with the run embedded', async () => {
  const file = path.join(tempDir(), 'report.html');
  const result = await runCli(['run', script('nested-and-shared.js'), '--report', file]);
  assert.equal(result.code, 0, result.stderr);
  const html = readFileSync(file, 'utf8');
  assert.match(html, /Content-Security-Policy/);
  assert.match(html, /dense_Dense3/, 'the run is embedded');
  assert.doesNotMatch(html, /\s(src|href)="https?:/, 'nothing is loaded from the network');
});
