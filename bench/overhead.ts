/**
 * What watching costs, as `npm run bench` measures it: the same script run plain and under ActLens in pairs, whose order
 * alternates (plain first, then ActLens first: see inTurn) so that drift in the machine's load hits both alike, for four
 * model sizes on each backend, and the smallest trained by a loop of one-step fit calls.
 * Per model: the ratio of median training times (wall and CPU) over every step after the warm-up and over the steady
 * state (from the fixture's STEADY_FROM step: the dense first window and the plan's settling left out), each pair's
 * own ratio to show the scatter, the runner's own measure of its share, and the training process's peak resident
 * memory. Where a model asks for it (the 29k MLP on wasm), each pair also runs the plain script a second time: the ratio of
 * plain to plain, measured in the same minutes, is the machine's noise floor, the scatter any ratio of that row carries.
 * Apart: a whole `actlens run` process against plain `node script.js` for a job of about 30 seconds.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { GpuAdapter } from '../src/core/events.ts';
import { readRunLog } from '../src/session/run-log.ts';
import { RunSession } from '../src/session/session.ts';
import { summarise } from '../src/compare/stats.ts';
import { FIXTURES, median, RUNS_ROOT, type TableBackend } from './backends.ts';

export interface OverheadModel {
  label: string;
  fixture: string;
  /**
   * Optimizer steps per run on each backend: a few seconds each, past STEADY_FROM where the
   * backend allows it — the tfjs cpu backend takes seconds per step for the larger models, the software GPU more.
   */
  steps: Record<TableBackend | 'software-gpu', number>;
  /** Backends on which each pair also runs the plain script again, for the noise floor. */
  noiseFloorOn?: TableBackend[];
  /**
   * The in-process crossover on wasm (bench/crossover.ts): steps per block — about a second or less, so that the
   * machine's speed holds across a block and its neighbours — and blocks per run, off first and last: enough for an
   * interval that can tell 1.01× from 1.00×. With 12–15 blocks on, the 784 MLP's, the convnet's and the LSTM's
   * intervals spanned up to ±10 %; with three times as many, at most ±4 % (docs/performance.md, 2026-12-02).
   */
  crossover: { block: number; blocks: number };
}

export const OVERHEAD_MODELS: OverheadModel[] = [
  {
    label: '29k MLP b32',
    fixture: 'mlp-training.js',
    steps: { cpu: 700, wasm: 1000, 'software-gpu': 100, webgpu: 1000 },
    // The fastest steps, where ActLens's fixed costs weigh most, on the backend the ≤ 1.01× target is set for.
    noiseFloorOn: ['wasm'],
    // Blocks of 8 windows, the most a read-back waits for at this speed.
    crossover: { block: 160, blocks: 41 },
  },
  {
    label: '784-256×4 MLP b128',
    fixture: 'mlp-784.js',
    steps: { cpu: 10, wasm: 110, 'software-gpu': 12, webgpu: 400 },
    crossover: { block: 20, blocks: 75 },
  },
  {
    label: 'convnet b64',
    fixture: 'small-convnet.js',
    steps: { cpu: 4, wasm: 200, 'software-gpu': 10, webgpu: 400 },
    crossover: { block: 40, blocks: 93 },
  },
  {
    label: 'LSTM 32 b32',
    fixture: 'lstm.js',
    steps: { cpu: 80, wasm: 140, 'software-gpu': 10, webgpu: 200 },
    crossover: { block: 40, blocks: 93 },
  },
  // The 29k MLP again, one fit call per step: what ActLens pays per call (its epoch callback, its records) weighs most.
  {
    label: '29k MLP, fit per step',
    fixture: 'fit-loop.js',
    steps: { cpu: 150, wasm: 600, 'software-gpu': 100, webgpu: 600 },
    crossover: { block: 100, blocks: 41 },
  },
];

/** One run's figures, as the fixture printed them (warmup-clock.js). */
interface RunTimes {
  wallMs: number;
  cpuMs: number;
  steadyWallMs: number | null;
  steadyCpuMs: number | null;
  maxRssMb: number;
  /** ActLens's own share as the runner measured it, over the run and from STEADY_FROM on; null for a plain run. */
  ownShare: number | null;
  steadyOwnShare: number | null;
}

export interface OverheadRow {
  backend: TableBackend;
  adapter: string;
  model: string;
  steps: number;
  pairs: number;
  plainStepMs: number;
  /** Ratios of medians, instrumented / plain. */
  wall: number;
  cpu: number;
  steadyWall: number | null;
  steadyCpu: number | null;
  /** Each pair's steady wall ratio (whole-run ratio where the run had no steady state). */
  perPair: number[];
  /** The same ratio of the pair's second plain run to its first, where the model asks for a noise floor. */
  noiseFloor: number[] | null;
  ownShare: number | null;
  steadyOwnShare: number | null;
  plainRssMb: number;
  instrumentedRssMb: number;
  problem?: string;
}

/** The steady state starts after this step: the dense first window of 20 steps and two windows for the plan to settle. */
export const STEADY_FROM = 60;

export interface OverheadTarget {
  backend: TableBackend;
  adapter: GpuAdapter | null;
}

export async function measureOverhead(
  targets: OverheadTarget[],
  pairs: number,
  onRow: (row: OverheadRow) => void,
  models = OVERHEAD_MODELS,
): Promise<OverheadRow[]> {
  const rows: OverheadRow[] = [];
  for (const target of targets)
    for (const model of models) {
      const row = await measureModel(target, model, pairs);
      onRow(row);
      rows.push(row);
    }
  return rows;
}

async function measureModel(target: OverheadTarget, model: OverheadModel, pairs: number): Promise<OverheadRow> {
  const steps =
    target.backend === 'webgpu'
      ? model.steps[target.adapter?.software ? 'software-gpu' : 'webgpu']
      : model.steps[target.backend];
  const base = { backend: target.backend, adapter: target.adapter?.name ?? '', model: model.label, steps, pairs };
  const withFloor = model.noiseFloorOn?.includes(target.backend) ?? false;
  let runs: InterleavedRuns<RunTimes>;
  try {
    runs = await interleaved(
      pairs,
      () => timeRun(target, model, steps, false),
      () => timeRun(target, model, steps, true),
      withFloor,
    );
  } catch (error) {
    return {
      ...base,
      plainStepMs: NaN,
      wall: NaN,
      cpu: NaN,
      steadyWall: null,
      steadyCpu: null,
      perPair: [],
      noiseFloor: null,
      ownShare: null,
      steadyOwnShare: null,
      plainRssMb: NaN,
      instrumentedRssMb: NaN,
      problem: String(error),
    };
  }
  const { plain, instrumented, plainAgain } = runs;
  const ratio = (pick: (times: RunTimes) => number | null): number | null => {
    const [a, b] = [instrumented, plain].map((runs) => runs.map(pick));
    if (a!.some((value) => value === null) || b!.some((value) => value === null)) return null;
    return median(a as number[]) / median(b as number[]);
  };
  const medianOf = (pick: (times: RunTimes) => number | null) => {
    const values = instrumented.flatMap((times) => (pick(times) === null ? [] : [pick(times)!]));
    return values.length > 0 ? median(values) : null;
  };
  const steady = ratio((times) => times.steadyWallMs);
  // The steady wall ratio of two runs of a pair, or the whole run's where the runs had no steady state.
  const pairRatio = (run: RunTimes, plainRun: RunTimes) =>
    steady === null ? run.wallMs / plainRun.wallMs : run.steadyWallMs! / plainRun.steadyWallMs!;
  return {
    ...base,
    plainStepMs: median(plain.map((times) => times.wallMs)) / (steps - 2),
    wall: ratio((times) => times.wallMs)!,
    cpu: ratio((times) => times.cpuMs)!,
    steadyWall: steady,
    steadyCpu: ratio((times) => times.steadyCpuMs),
    perPair: plain.map((times, i) => pairRatio(instrumented[i]!, times)),
    noiseFloor: withFloor ? plain.map((times, i) => pairRatio(plainAgain[i]!, times)) : null,
    ownShare: medianOf((times) => times.ownShare),
    steadyOwnShare: medianOf((times) => times.steadyOwnShare),
    plainRssMb: median(plain.map((times) => times.maxRssMb)),
    instrumentedRssMb: median(instrumented.map((times) => times.maxRssMb)),
  };
}

async function timeRun(target: OverheadTarget, model: OverheadModel, steps: number, instrument: boolean) {
  let output = '';
  const session = new RunSession(
    {
      script: path.join(FIXTURES, model.fixture),
      args: [String(steps)],
      backend: target.backend,
      gpu: target.adapter?.name ?? null,
      instrument,
      workspaceRoot: RUNS_ROOT,
      env: { ACTLENS_BENCH_STEADY_FROM: String(STEADY_FROM) },
    },
    { output: (_stream, chunk) => (output += chunk) },
  );
  const outcome = await session.done;
  if (outcome.terminal.type === 'error') throw new Error(`${model.fixture} failed: ${outcome.terminal.message}`);
  const train = /train-ms (\d+) cpu-ms (\d+)/.exec(output);
  const rss = /max-rss-kb (\d+)/.exec(output);
  if (!train || !rss)
    throw new Error(`${model.fixture} printed no train-ms or max-rss-kb line; its output:\n${output}`);
  const steady = /steady-ms (\d+) steady-cpu-ms (\d+)/.exec(output);
  return {
    wallMs: Math.max(1, Number(train[1])),
    cpuMs: Math.max(1, Number(train[2])),
    steadyWallMs: steady ? Math.max(1, Number(steady[1])) : null,
    steadyCpuMs: steady ? Math.max(1, Number(steady[2])) : null,
    maxRssMb: Number(rss[1]) / 1024,
    ownShare: instrument ? outcome.state.overheadShare : null,
    steadyOwnShare: instrument ? steadyShare(outcome.runDir) : null,
  };
}

/** ActLens's own share in the windows after STEADY_FROM, from the run's event log (each window's `overhead`). */
export function steadyShare(runDir: string): number | null {
  let ownMs = 0;
  let wallMs = 0;
  for (const event of readRunLog(runDir).events)
    if (event.type === 'window' && event.overhead && event.fromStep > STEADY_FROM) {
      ownMs += event.overhead.ownMs;
      wallMs += event.overhead.wallMs;
    }
  return wallMs > ownMs ? ownMs / (wallMs - ownMs) : null;
}

export function formatOverheadTable(rows: OverheadRow[]): string {
  const header = [
    'backend',
    'model',
    'steps',
    'step',
    'wall',
    'CPU',
    'steady wall',
    'steady CPU',
    'own (steady)',
    'peak RSS',
    'per pair (steady wall; whole run without a steady state)',
  ];
  const times = (value: number | null) => (value === null ? '—' : `${value.toFixed(3)}×`);
  const lines = rows.map((row) => [
    targetLabel(row),
    row.model,
    String(row.steps),
    ...(row.problem
      ? ['—', '—', '—', '—', '—', '—', '—', `failed: ${row.problem.split('\n')[0]!.slice(0, 160)}`]
      : [
          `${row.plainStepMs.toPrecision(3)} ms`,
          times(row.wall),
          times(row.cpu),
          times(row.steadyWall),
          times(row.steadyCpu),
          `${percent(row.ownShare)} (${percent(row.steadyOwnShare)})`,
          `${row.plainRssMb.toFixed(0)} → ${row.instrumentedRssMb.toFixed(0)} MB`,
          `median ${median(row.perPair).toFixed(3)}, ${pairInterval(row.perPair)}: ` +
            row.perPair.map((value) => value.toFixed(2)).join(' '),
        ]),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column >= 2 && column <= 9 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [format(header), format(widths.map((width) => '─'.repeat(width))), ...lines.map(format)].join('\n');
}

/** Where a row ran: the backend, or the WebGPU adapter. */
function targetLabel(row: OverheadRow): string {
  return row.adapter ? `webgpu ${row.adapter}` : row.backend;
}

/**
 * A line per row measured with a noise floor: the plain script against itself in the same pairs, as the table states
 * ActLens against it. Where this interval is as wide as the row's, the row's ratio is within the machine's scatter.
 */
export function formatNoiseFloor(rows: OverheadRow[]): string[] {
  return rows.flatMap((row) =>
    row.noiseFloor
      ? [
          noiseFloorLine(
            `${targetLabel(row)} ${row.model}`,
            'the plain script',
            '(as the per-pair column)',
            row.noiseFloor,
          ),
        ]
      : [],
  );
}

/** The plain run against itself in the same pairs: how finely the machine resolved a ratio while they ran. */
function noiseFloorLine(subject: string, plain: string, measure: string, ratios: number[]): string {
  return (
    `noise floor, ${subject}: ${plain} against itself in the same pairs ${measure}, median ` +
    `${median(ratios).toFixed(3)}, ${pairInterval(ratios)}: ${ratios.map((value) => value.toFixed(2)).join(' ')}`
  );
}

/**
 * The pairs' geometric mean ratio and its 95 % confidence interval (a t interval on the log ratios; each pair is one
 * independent measurement): whether a figure such as ≤ 1.01× is established by the pairs, or within their scatter.
 */
export function pairInterval(ratios: number[]): string {
  if (ratios.length < 2) return 'one pair, no interval';
  const { mean, ci95 } = summarise('pair ratios', ratios.map(Math.log));
  const [low, high] = ci95.map((bound) => Math.exp(bound).toFixed(3));
  return `mean ${Math.exp(mean).toFixed(3)}× (95 % CI ${low}–${high})`;
}

function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(2)} %`;
}

/** Wall time of one process, from spawning it to its exit. */
function processWallMs(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      // actlens run exits 0 when it found nothing; anything else here is a failed measurement.
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-400)}`));
      else resolve(performance.now() - started);
    });
  });
}

export interface WholeProcessResult {
  steps: number;
  plainMs: number[];
  actlensMs: number[];
  /** Each pair's second run of `node job.js`: the noise floor. */
  plainAgainMs: number[];
}

/**
 * `actlens run job.js` against `node job.js`, whole processes (start-up, training, reports), in pairs as above: a 784-256×4
 * MLP that sets its own wasm backend, as a user's script does, for `steps` steps (about 30 s on this machine). One
 * short run of each first, unmeasured, as a user's runs after their first: files in the page cache, and the CLI's
 * code cache (src/cli/cached-start.ts) written.
 */
export async function measureWholeProcess(steps: number, pairs: number): Promise<WholeProcessResult> {
  const root = path.join(__dirname, '..');
  const job = path.join(FIXTURES, 'wasm-job.js');
  const cli = path.join(root, 'dist', 'cli.js');
  await processWallMs(process.execPath, [job, '1'], RUNS_ROOT);
  await processWallMs(process.execPath, [cli, 'run', job, '--', '1'], RUNS_ROOT);
  const runs = await interleaved(
    pairs,
    () => processWallMs(process.execPath, [job, String(steps)], RUNS_ROOT),
    () => processWallMs(process.execPath, [cli, 'run', job, '--', String(steps)], RUNS_ROOT),
    true,
  );
  return { steps, plainMs: runs.plain, actlensMs: runs.instrumented, plainAgainMs: runs.plainAgain };
}

interface InterleavedRuns<T> {
  plain: T[];
  instrumented: T[];
  /** Empty without a noise floor. */
  plainAgain: T[];
}

/**
 * `pairs` pairs, plain first in even pairs and instrumented first in odd ones: a machine that speeds up or slows down
 * within a pair (page cache, a neighbour's load, the VM's phases) then favours neither side. With `floor`, each pair
 * runs the plain one again — plain, instrumented, plain again in even pairs; plain again, instrumented, plain in odd
 * ones — so that the plain run against itself alternates its order as the comparison does.
 */
async function interleaved<T>(
  pairs: number,
  plain: () => Promise<T>,
  instrumented: () => Promise<T>,
  floor: boolean,
): Promise<InterleavedRuns<T>> {
  const runs: InterleavedRuns<T> = { plain: [], instrumented: [], plainAgain: [] };
  for (let i = 0; i < pairs; i++) {
    const even = i % 2 === 0;
    if (floor && !even) runs.plainAgain.push(await plain());
    if (even) {
      runs.plain.push(await plain());
      runs.instrumented.push(await instrumented());
    } else {
      runs.instrumented.push(await instrumented());
      runs.plain.push(await plain());
    }
    if (floor && even) runs.plainAgain.push(await plain());
  }
  return runs;
}

export function formatWholeProcess(result: WholeProcessResult): string {
  const ratio = median(result.actlensMs) / median(result.plainMs);
  const pairRatios = result.plainMs.map((plain, i) => result.actlensMs[i]! / plain);
  return (
    `whole process, a ${(median(result.plainMs) / 1000).toFixed(0)}-second job (784-256×4 MLP on wasm, ${result.steps} steps): ` +
    `node ${(median(result.plainMs) / 1000).toFixed(1)} s, actlens run ${(median(result.actlensMs) / 1000).toFixed(1)} s → ` +
    `${ratio.toFixed(3)}× as a ratio of medians, ${median(pairRatios).toFixed(3)}× as the median pair, ` +
    `${pairInterval(pairRatios)} (target ≤ 1.03×; ` +
    `${result.plainMs.length} pairs: ${pairRatios.map((pair) => pair.toFixed(3)).join(' ')})\n` +
    noiseFloorLine(
      'whole process',
      '`node job.js`',
      '(second run / first)',
      result.plainMs.map((plain, i) => result.plainAgainMs[i]! / plain),
    )
  );
}
