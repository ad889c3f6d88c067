/**
 * Real-world set-ups run unmodified (issue #17): a tfjs-node script keeps its file:// save and load when
 * tfjs-node cannot load (not installed, or installed without its native binding); old tfjs (1.7, 3.x) trains
 * on its own backend quietly, with notes that give the right reason and suggest only a wasm backend that
 * exists and trains; a wasm backend that fails to start is a note, not a crash. The corpus is
 * test/fixtures/compat/ (installed by scripts/install-compat-fixtures.mjs).
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TFJS_NODE_STAND_IN_NOTE } from '../../src/runner/tfjs-node-stand-in.ts';
import { layerFactoryLines, REPO, runCli, tempDir, type CliResult } from './cli-harness.ts';

const COMPAT = path.join(REPO, 'test', 'fixtures', 'compat');

interface CaseRun {
  result: CliResult;
  /** The script as it ran: a copy in a folder of its own. */
  script: string;
  /** Where the script was told to save its model. */
  saveDir: string;
}

/**
 * Runs a corpus script (test/fixtures/compat/scripts/) from a temporary folder whose node_modules is the
 * `packages` case's own (none: no tfjs installed at all): inside the repository, resolution would climb to
 * ActLens's node_modules and find packages (tfjs 4, its wasm backend) that a real project of this shape does
 * not have.
 */
async function runCase(packages: string | null, scriptName: string, ...options: string[]): Promise<CaseRun> {
  const dir = realpathSync(tempDir('actlens-compat-'));
  const script = path.join(dir, scriptName);
  copyFileSync(path.join(COMPAT, 'scripts', scriptName), script);
  const installed = packages && path.join(COMPAT, packages, 'node_modules');
  if (installed && existsSync(installed)) symlinkSync(installed, path.join(dir, 'node_modules'), 'junction');
  const saveDir = path.join(dir, 'saved-model');
  const result = await runCli(['run', script, ...options, '--', saveDir]);
  return { result, script, saveDir };
}

/** Exit 0, steps taken, and every layer in the table at its factory call in the script. */
function assertTrainedAndInstrumented({ result, script }: CaseRun): void {
  assert.equal(result.code, 0, result.stderr);
  const report = result.report!;
  assert.ok(report.steps > 0, 'training steps were taken');
  assert.deepEqual(
    report.layers.map((layer) => ({ file: layer.source?.file, line: layer.source?.line })),
    layerFactoryLines(script).map((line) => ({ file: script, line })),
    'each layer points at its line of the script',
  );
}

/** tfjs registering its kernels twice (two copies loaded) prints one line per kernel: hundreds. */
function registrationWarnings(result: CliResult): number {
  return result.stderr.split('\n').filter((line) => /already registered/.test(line)).length;
}

/** The model the script saved with file:// and loaded back predicted the same; the files are tfjs-node's format. */
function assertSaveLoadRoundTrip({ result, saveDir }: CaseRun): void {
  const roundTrip = /round trip: saved (\S+) loaded (\S+)/.exec(result.stdout);
  assert.ok(roundTrip, `the script got past save and load:\n${result.stderr}`);
  assert.equal(roundTrip[1], roundTrip[2], 'the loaded model predicts what the trained one did');
  const modelJson = JSON.parse(readFileSync(path.join(saveDir, 'model.json'), 'utf8'));
  assert.deepEqual(
    modelJson.weightsManifest.map((group: { paths: string[] }) => group.paths),
    [['weights.bin']],
  );
  assert.ok(existsSync(path.join(saveDir, 'weights.bin')));
}

/** Every tfjs-backend-wasm version a note suggests. */
function suggestedWasmVersions(notes: string[]): string[] {
  return notes.flatMap((note) =>
    [...note.matchAll(/@tensorflow\/tfjs-backend-wasm@(\S+?)(?=[\s;,)]|$)/g)].map((m) => m[1]!),
  );
}

/** The wasm backend version the old-tfjs-3-wasm case installs (from npm) and trains on (below). */
function wasmVersionThatTrains(): string {
  const lock = JSON.parse(readFileSync(path.join(COMPAT, 'old-tfjs-3-wasm', 'package-lock.json'), 'utf8'));
  return lock.packages['node_modules/@tensorflow/tfjs-backend-wasm'].version;
}

test('a tfjs-node script without tfjs-node installed saves and loads with file:// and is told what else needs the binding', async () => {
  const run = await runCase(null, 'train-save-load.js');
  assertTrainedAndInstrumented(run);
  assertSaveLoadRoundTrip(run);
  const notes = run.result.report!.notes;
  assert.ok(
    notes.some((note) => note.includes('imports @tensorflow/tfjs-node') && note.includes(TFJS_NODE_STAND_IN_NOTE)),
    `the fallback note says what works and what does not:\n${notes.join('\n')}`,
  );
});

test('tfjs 3 with tfjs-node installed but no native binding: save/load work, no kernel flood, the right reason', async () => {
  const run = await runCase('old-tfjs-3', 'train-save-load.js');
  assertTrainedAndInstrumented(run);
  assertSaveLoadRoundTrip(run);
  assert.equal(registrationWarnings(run.result), 0, 'no "kernel … already registered" lines');
  const { notes, backend } = run.result.report!;
  assert.equal(backend, 'cpu');
  assert.ok(
    notes.some((note) =>
      /@tensorflow\/tfjs-node is installed without its native binding \(node_modules\/@tensorflow\/tfjs-node\/lib\/napi-v\d+\/tfjs_binding\.node is missing.*npm rebuild @tensorflow\/tfjs-node/.test(
        note,
      ),
    ),
    `the note names the missing binding and how to get it:\n${notes.join('\n')}`,
  );
  assert.deepEqual(suggestedWasmVersions(notes), [wasmVersionThatTrains()], 'the one wasm backend suggested exists');
});

test('tfjs 1.7 trains on cpu with a note that suggests no wasm backend (none of 1.x trains)', async () => {
  const run = await runCase('old-tfjs-1', 'train-classifier.js');
  assertTrainedAndInstrumented(run);
  assert.match(run.result.stdout, /trained on tfjs 1\.7\.4 \(cpu\)/);
  assert.equal(registrationWarnings(run.result), 0);
  const { notes, backend } = run.result.report!;
  assert.equal(backend, 'cpu');
  assert.ok(
    notes.some((note) =>
      /The wasm backend is not used with your tfjs 1\.7\.4: .*before 3\.2\.0 does not train/.test(note),
    ),
    notes.join('\n'),
  );
  assert.deepEqual(suggestedWasmVersions(notes), [], 'no tfjs-backend-wasm version is suggested');
});

test('the wasm backend ActLens suggests for tfjs 3 trains once installed (it used to crash the runner with exit code 7)', async () => {
  const run = await runCase('old-tfjs-3-wasm', 'train-classifier.js');
  assertTrainedAndInstrumented(run);
  assert.equal(run.result.report!.backend, 'wasm');
  assert.match(run.result.stdout, /trained on tfjs 3\.18\.0 \(wasm\)/);
  assert.equal(registrationWarnings(run.result), 0);
});

test('a wasm backend that fails to start falls back to cpu with a note instead of crashing', async () => {
  const run = await runCase('failing-wasm-backend', 'train-classifier.js');
  assertTrainedAndInstrumented(run);
  const { notes, backend } = run.result.report!;
  assert.equal(backend, 'cpu');
  assert.ok(
    notes.some((note) =>
      /^The wasm backend could not be started \(.*Failed to parse URL.*\); using the slower cpu backend\.$/.test(note),
    ),
    notes.join('\n'),
  );
});
