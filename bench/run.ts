/**
 * `npm run bench`: ActLens's speed targets, measured in one run on this machine and printed as ratios.
 * - overhead: training time instrumented / plain, same script, backend and seed, four model sizes and the smallest
 *   trained by one fit call per step (target ≤ 1.01× in the steady state on wasm), the same models on wasm with
 *   ActLens's hooks on and off in alternating blocks of one run (the crossover), the whole `actlens run` process for
 *   a 30-second job (≤ 1.03×), and the scenario suite's detection quality at the same settings beside it;
 * - start-up: from starting a run to the user's first line executing (target ≤ 1.5 s), and from launching `actlens run`;
 * - the first diagnostic: from the step a fault becomes observable to its finding, CLI and editor paths (≤ 1 s);
 * - host memory and event-log size for a long run; the panel's redraw time (target ≤ 16 ms);
 * - opening a 1,000,000-record log (targets ≤ 15 s, ≤ 256 MB above the process's own memory), and the log of a
 *   `fit({ epochs: 1 })` loop, bytes per hour (target: bounded, ≤ 64 MiB whatever the run's length).
 * `npm run bench -- crossover overhead` runs only the parts named (PARTS).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BackendName } from '../src/core/events.ts';
import { RunSession } from '../src/session/session.ts';
import { formatActivation, measureActivation } from './activation.ts';
import { findAdapters, formatBackendTable, measureBackends, median, RUNS_ROOT } from './backends.ts';
import {
  formatNoiseFloor,
  formatOverheadTable,
  formatWholeProcess,
  measureOverhead,
  measureWholeProcess,
  OVERHEAD_MODELS,
  STEADY_FROM,
  type OverheadRow,
  type OverheadTarget,
} from './overhead.ts';
import { formatCrossover, measureCrossover } from './crossover.ts';
import { measureFitLoopLog } from './fit-loop-log.ts';
import { formatFirstDiagnostic, measureFirstDiagnostic } from './first-diagnostic.ts';
import { measureLoad } from './load.ts';
import { measureLogOpen, type OpenMeasurement } from './log-open.ts';
import { measureWebviewRedraw } from './webview-redraw.ts';

const FIXTURES = path.join(__dirname, 'fixtures');

interface Timed {
  output: string;
  wallMs: number;
}

async function run(
  script: string,
  options: { backend: BackendName; instrument: boolean; args?: string[]; env?: Record<string, string> },
): Promise<Timed> {
  let output = '';
  const started = Date.now();
  const session = new RunSession(
    {
      script: path.join(FIXTURES, script),
      args: options.args,
      backend: options.backend,
      instrument: options.instrument,
      workspaceRoot: RUNS_ROOT,
      env: options.env,
    },
    { output: (_stream, chunk) => (output += chunk) },
  );
  const outcome = await session.done;
  if (outcome.terminal.type === 'error') throw new Error(`${script} failed: ${outcome.terminal.message}`);
  return { output, wallMs: Date.now() - started };
}

/** Milliseconds from starting each of `runs` runs of `script` to its first line. */
async function firstLineDelays(script: string, runs: number, env?: Record<string, string>): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = Date.now();
    const timed = await run(script, { backend: 'wasm', instrument: true, env });
    delays.push(firstLineAt(timed.output, script) - started);
  }
  return delays;
}

/** What `node args…` printed on stdout, once it has closed. */
function stdoutOf(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
}

/** When the first-line fixture's line ran, by its own clock (Date.now()), from what it printed. */
function firstLineAt(output: string, what: string): number {
  const match = /first-line (\d+)/.exec(output);
  if (!match) throw new Error(`the first line of ${what} did not run:\n${output.slice(-400)}`);
  return Number(match[1]);
}

/**
 * Milliseconds from launching `actlens run` as a user does to the script's first line, for each of `runs` runs: the
 * CLI's own start included, which the session-started runs above leave out.
 */
async function commandFirstLineDelays(runs: number): Promise<number[]> {
  const cli = path.join(__dirname, '..', 'dist', 'cli.js');
  const args = [cli, 'run', path.join(FIXTURES, 'first-line.js'), '--backend', 'wasm', '--runs-root', RUNS_ROOT];
  const delays: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = Date.now();
    const stdout = await stdoutOf(args);
    delays.push(firstLineAt(stdout, 'first-line.js under actlens run') - started);
  }
  return delays;
}

async function startup(repetitions: number): Promise<void> {
  const javascript = await firstLineDelays('first-line.js', repetitions);
  const command = await commandFirstLineDelays(repetitions);
  // In a cache of its own: the first run compiles the TypeScript file, the others find it compiled.
  const cacheHome = mkdtempSync(path.join(tmpdir(), 'actlens-bench-cache-'));
  const [compiled, ...cached] = await firstLineDelays('first-line.ts', repetitions + 1, { XDG_CACHE_HOME: cacheHome });
  rmSync(cacheHome, { recursive: true, force: true });
  console.log(
    `start-up to the script's first line (wasm): ${median(javascript).toFixed(0)} ms (target ≤ 1500 ms; median of ` +
      `${repetitions}); a TypeScript script: ${compiled!.toFixed(0)} ms compiling it, ${median(cached).toFixed(0)} ms ` +
      `compiled by an earlier run (median of ${repetitions}); from launching \`actlens run\`: ` +
      `${median(command).toFixed(0)} ms (median of ${repetitions})`,
  );
}

const MB = 1024 * 1024;

async function load(): Promise<void> {
  const { heapAt10kMb, heapAt100kMb, eventBytesPerStep, logBytes } = await measureLoad();
  console.log(
    `host memory, 50 layers: ${heapAt10kMb.toFixed(1)} MB at 10k steps, ${heapAt100kMb.toFixed(1)} MB at 100k steps → ${(heapAt100kMb / heapAt10kMb).toFixed(2)}× (flat ≈ 1×)`,
  );
  console.log(
    `event log, 50 layers: the runner sends ${eventBytesPerStep.toFixed(0)} bytes per step (${((eventBytesPerStep * 100_000) / MB).toFixed(0)} MB per 100k steps); ` +
      `the log on disk after 100k steps: ${(logBytes / MB).toFixed(1)} MB (thinned as the panel keeps it)`,
  );
}

function longLogs(): void {
  const { records, logMb, extension, report } = measureLogOpen();
  const line = (host: string, opened: OpenMeasurement) =>
    console.log(
      `long log, ${records.toLocaleString('en')} records (${logMb.toFixed(0)} MB), ${host}: ${(opened.ms / 1000).toFixed(1)} s, ` +
        `peak RSS ${opened.peakRssMb.toFixed(0)} MB, ${(opened.peakRssMb - opened.baseRssMb).toFixed(0)} MB above the process without it, ` +
        `${opened.events} events kept${opened.notes.length ? ` (${opened.notes.join(' ')})` : ''} (targets ≤ 15 s, ≤ 256 MB)`,
    );
  line('opened as a recorded run (extension)', extension);
  line('made into an HTML report', report);
}

async function fitLoopLog(seconds: number): Promise<void> {
  const result = await measureFitLoopLog(seconds);
  const perHour = (bytes: number) => `${((bytes * 3600) / MB).toFixed(0)} MB/h`;
  const growth = (result.logBytesSecondHalf - result.logBytesFirstHalf) / (result.seconds / 2);
  console.log(
    `fit({ epochs: 1 }) loop (cpu), ${result.steps} calls in ${result.seconds.toFixed(0)} s: the runner sends ` +
      `${(result.sentBytesPerSecond / 1024).toFixed(0)} KB/s (${perHour(result.sentBytesPerSecond)} unbounded); the log on disk peaks at ` +
      `${(result.logBytesFirstHalf / 1024).toFixed(0)} KB in the first half, ${(result.logBytesSecondHalf / 1024).toFixed(0)} KB in the second → ` +
      `${((Math.max(0, growth) * 3600) / 1024).toFixed(0)} KB/h growth (scaled from ${result.seconds.toFixed(0)} s; target: bounded, ≤ 64 MiB at any length)`,
  );
}

async function panelRedraw(): Promise<void> {
  const { layers, steps, medianMs, p95Ms } = await measureWebviewRedraw();
  console.log(
    `panel redraw, ${layers} layers × ${steps} steps (headless chromium): median ${medianMs.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms (target ≤ 16 ms)`,
  );
}

/** The overhead table (bench/overhead.ts): interleaved pairs, five rows, cpu, wasm and every WebGPU adapter. */
async function overheadTable(pairs: number): Promise<void> {
  const targets: OverheadTarget[] = [
    { backend: 'wasm', adapter: null },
    { backend: 'cpu', adapter: null },
    ...(await findAdapters()).map((adapter) => ({ backend: 'webgpu' as const, adapter })),
  ];
  console.log(
    `overhead, instrumented / plain training time (interleaved pairs: ${pairs}; first 2 steps excluded; steady: from step ${STEADY_FROM} on; target ≤ 1.01× steady on wasm):`,
  );
  const rows: OverheadRow[] = [];
  await measureOverhead(targets, pairs, (row) => {
    rows.push(row);
    // Row by row: the whole table takes minutes.
    console.log(formatOverheadTable(rows).split('\n').at(-1));
  });
  console.log(formatOverheadTable(rows));
  for (const line of formatNoiseFloor(rows)) console.log(line);
  const wasm = rows.find((row) => row.backend === 'wasm' && row.model.startsWith('784'));
  // About 30 s of plain training at the speed just measured.
  const steps = wasm && Number.isFinite(wasm.plainStepMs) ? Math.round(30_000 / wasm.plainStepMs) : 400;
  console.log(formatWholeProcess(await measureWholeProcess(steps, 5)));
}

/** The in-process crossover on wasm (bench/crossover.ts), a row at a time: each takes a minute or less. */
async function crossover(): Promise<void> {
  console.log(
    `overhead inside one run on wasm, ActLens's hooks on / off in alternating blocks (from step ${STEADY_FROM} on; each ` +
      'block on against the blocks off beside it; a typical step: median step times; target ≤ 1.01×):',
  );
  for (const model of OVERHEAD_MODELS) console.log(formatCrossover(await measureCrossover(model)));
}

/** The scenario suite at the default settings, as a check that the overhead measured above costs no detection. */
async function scenarioQuality(): Promise<void> {
  const output = await stdoutOf(['--import', 'tsx', path.join(__dirname, '..', 'scenarios', 'run-scenarios.ts')]);
  const summary = output.split('\n').filter((line) => /^precision|^causes:/.test(line));
  if (summary.length === 0) throw new Error(`the scenario suite printed no summary:\n${output.slice(-2000)}`);
  console.log(`detection quality at the same default settings (npm run scenarios): ${summary.join('; ')}`);
}

/** Steps/s and overhead on cpu, wasm and every WebGPU adapter Dawn finds (the software GPU included), warm-up excluded. */
async function backends(repetitions: number): Promise<void> {
  const rows = await measureBackends({ repetitions });
  console.log(`backends (medians of ${repetitions}; first 2 steps excluded: on webgpu they compile the shaders):`);
  console.log(formatBackendTable(rows));
}

/** The parts of the benchmark in the order they run; `npm run bench -- <part> …` runs only those named. */
const PARTS: Record<string, () => unknown> = {
  activation: () => console.log(formatActivation(measureActivation(5))),
  startup: () => startup(5),
  'first-diagnostic': async () => console.log(formatFirstDiagnostic(await measureFirstDiagnostic(3))),
  overhead: () => overheadTable(7),
  crossover,
  scenarios: scenarioQuality,
  backends: () => backends(3),
  load,
  'long-logs': longLogs,
  'fit-loop-log': () => fitLoopLog(30),
  panel: panelRedraw,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in PARTS));
  if (unknown.length > 0)
    throw new Error(`No benchmark part named ${unknown.join(', ')}; the parts are: ${Object.keys(PARTS).join(', ')}.`);
  console.log(`ActLens benchmark · node ${process.version} · ${new Date().toISOString()}`);
  for (const [name, part] of Object.entries(PARTS)) if (asked.length === 0 || asked.includes(name)) await part();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
