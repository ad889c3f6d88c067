/**
 * Activation: how long VS Code waits for ActLens when a JavaScript/TypeScript file opens (it activates
 * `onLanguage:javascript`/`typescript`). Each sample is a fresh Node process — nothing cached — that loads
 * the built dist/extension.js against the unit tests' `vscode` stand-in (test/unit/vscode-stub.ts) and times
 * `require()` and `activate()`, twice over: with no document open, and with a tfjs training script open
 * (examples/selu-broken.js), which activation lints at once — the first parse loads the TypeScript compiler
 * (dist/typescript.js, loaded lazily). Needs `npm run build` first. `node --import tsx bench/activation.ts
 * [--script]` prints one sample as JSON (what the parent reads); `measureActivation()` takes medians.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, 'dist', 'extension.js');
const SCRIPT = path.join(ROOT, 'examples', 'selu-broken.js');

export interface ActivationSample {
  requireMs: number;
  activateMs: number;
  /** With a script open: from the end of activate() to its static-check diagnostics (the first lint). */
  firstLintMs?: number;
}

export interface ActivationMeasurement {
  /** Medians: require, activate and their sum, with no document open … */
  empty: ActivationSample & { totalMs: number };
  /** … and with a tfjs script open (activate lints it). */
  script: ActivationSample & { totalMs: number };
  samples: number;
}

/** One sample, in this process (must be the first load of the bundle here). */
async function sample(withScript: boolean): Promise<ActivationSample> {
  const { stub, StubDocument, Uri } = await import('../test/unit/vscode-stub.ts');
  if (withScript) stub.documents.push(new StubDocument(SCRIPT, readFileSync(SCRIPT, 'utf8')));
  const subscriptions: { dispose(): unknown }[] = [];
  const context = { extensionUri: Uri.file(ROOT), extensionPath: ROOT, subscriptions };
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(BUNDLE) as { activate(context: unknown): void; deactivate(): Promise<void> };
  const required = performance.now();
  extension.activate(context);
  const activated = performance.now();
  let firstLintMs: number | undefined;
  if (withScript) {
    const linted = () =>
      stub.collections.some((collection) => collection.entries.get(Uri.file(SCRIPT).toString())?.length);
    while (!linted() && performance.now() - activated < 10_000) await new Promise((resolve) => setTimeout(resolve, 1));
    if (!linted()) throw new Error(`no static-check diagnostics for ${SCRIPT}`);
    firstLintMs = performance.now() - activated;
  }
  await extension.deactivate();
  for (const disposable of subscriptions) disposable.dispose();
  return { requireMs: required - started, activateMs: activated - required, firstLintMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function run(withScript: boolean): ActivationSample {
  const args = ['--import', 'tsx', __filename, ...(withScript ? ['--script'] : [])];
  const output = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()!) as ActivationSample;
}

function medians(samples: ActivationSample[]): ActivationSample & { totalMs: number } {
  const firstLint = samples.flatMap((s) => (s.firstLintMs === undefined ? [] : [s.firstLintMs]));
  return {
    requireMs: median(samples.map((s) => s.requireMs)),
    activateMs: median(samples.map((s) => s.activateMs)),
    totalMs: median(samples.map((s) => s.requireMs + s.activateMs)),
    ...(firstLint.length ? { firstLintMs: median(firstLint) } : {}),
  };
}

/** Medians over `repetitions` fresh processes of each kind, alternated so that machine load hits both alike. */
export function measureActivation(repetitions = 5): ActivationMeasurement {
  const empty: ActivationSample[] = [];
  const script: ActivationSample[] = [];
  for (let i = 0; i < repetitions; i++) {
    empty.push(run(false));
    script.push(run(true));
  }
  return { empty: medians(empty), script: medians(script), samples: repetitions };
}

export function formatActivation({ empty, script, samples }: ActivationMeasurement): string {
  return (
    `extension activation (require + activate): ${empty.totalMs.toFixed(0)} ms (target ≤ 500 ms); with a tfjs script ` +
    `open ${script.totalMs.toFixed(0)} ms, its static-check diagnostics ${script.firstLintMs?.toFixed(0)} ms after ` +
    `that (the first lint loads the TypeScript compiler) (medians of ${samples})`
  );
}

if (require.main === module) {
  sample(process.argv.includes('--script')).then(
    (result) => {
      console.log(JSON.stringify(result));
      // The extension's watchers and timers are disposed; exit regardless of anything left behind.
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
