/**
 * The backend table: training speed (steps/s) and ActLens's overhead on cpu, wasm and each WebGPU adapter, at two
 * sizes. Shared by `npm run bench` and `npm run check:gpu` (also from its self-contained bundle, where the fixtures
 * sit in `fixtures/` beside the bundled script, as they sit beside this file in the repo).
 */
import * as path from 'node:path';
import { tmpdir } from 'node:os';
import type { GpuAdapter } from '../src/core/events.ts';
import { listAdapters, loadDawn } from '../src/runner/gpu/dawn.ts';
import { RunSession } from '../src/session/session.ts';

export type TableBackend = 'cpu' | 'wasm' | 'webgpu';

export interface BenchSize {
  label: string;
  fixture: string;
  /** Optimizer steps per run, the 2 warm-up steps included: each run should take ≲ 10 s on a 2-core machine. */
  steps: Record<TableBackend | 'software-gpu', number>;
}

/** The tfjs cpu backend takes seconds per step at these sizes (its conv backprop is naive JS), so it gets few steps. */
export const BENCH_SIZES: BenchSize[] = [
  { label: '784-256×4 MLP b128', fixture: 'mlp-784.js', steps: { cpu: 6, wasm: 30, 'software-gpu': 12, webgpu: 400 } },
  { label: 'convnet b64', fixture: 'small-convnet.js', steps: { cpu: 3, wasm: 30, 'software-gpu': 10, webgpu: 400 } },
];

export interface BackendTarget {
  backend: TableBackend;
  adapter: GpuAdapter | null;
}

export interface BackendRow {
  backend: TableBackend;
  /** The adapter's name on webgpu, '' elsewhere. */
  adapter: string;
  software: boolean;
  size: string;
  /** Timed steps per second, warm-up excluded; medians over the repetitions. */
  plainStepsPerSecond: number;
  instrumentedStepsPerSecond: number;
  /** Median instrumented train-ms / median plain train-ms. */
  overhead: number;
  /**
   * ActLens's own time as a share of the training's, as the runner measured it in the instrumented runs (median):
   * unlike the wall-time ratio of separate processes, untouched by the machine's load between runs.
   */
  ownShare: number | null;
  /** Why the row has no numbers (the backend failed to start or the fixture failed). */
  problem?: string;
}

export interface MeasureOptions {
  repetitions: number;
  /** WebGPU adapters to measure; default every adapter Dawn finds, the software GPU included. */
  adapters?: GpuAdapter[];
  /** Default cpu and wasm. */
  backends?: ('cpu' | 'wasm')[];
  sizes?: BenchSize[];
  /** Extra environment for the training processes (e.g. VK_ADD_DRIVER_FILES). */
  env?: Record<string, string>;
  /** Called as each row is done, so that a long measurement shows progress. */
  onRow?: (row: BackendRow) => void;
}

export const FIXTURES = path.join(__dirname, 'fixtures');
/** Where every benchmark run keeps its event log: a folder of its own, not the repository's `.actlens`. */
export const RUNS_ROOT = path.join(tmpdir(), 'actlens-bench');

/** Every adapter Dawn finds (the software GPU included), once per name: `--gpu` selects by name. */
export async function findAdapters(): Promise<GpuAdapter[]> {
  const adapters = await listAdapters(await loadDawn(true));
  return adapters.filter((adapter, index) => adapters.findIndex((other) => other.name === adapter.name) === index);
}

export async function measureBackends(options: MeasureOptions): Promise<BackendRow[]> {
  const adapters = options.adapters ?? (await findAdapters());
  const targets: BackendTarget[] = [
    ...(options.backends ?? ['cpu', 'wasm']).map((backend) => ({ backend, adapter: null })),
    ...adapters.map((adapter) => ({ backend: 'webgpu' as const, adapter })),
  ];
  const rows: BackendRow[] = [];
  for (const target of targets) {
    for (const size of options.sizes ?? BENCH_SIZES) {
      const row = await measureRow(target, size, options);
      options.onRow?.(row);
      rows.push(row);
    }
  }
  return rows;
}

/** Alternates plain and instrumented runs so that drift in machine load hits both alike. */
async function measureRow(target: BackendTarget, size: BenchSize, options: MeasureOptions): Promise<BackendRow> {
  const row = {
    backend: target.backend,
    adapter: target.adapter?.name ?? '',
    software: target.adapter?.software ?? false,
    size: size.label,
  };
  const plain: TrainTime[] = [];
  const instrumented: TrainTime[] = [];
  try {
    for (let i = 0; i < options.repetitions; i++) {
      plain.push(await timeFixture(target, size, false, options.env));
      instrumented.push(await timeFixture(target, size, true, options.env));
    }
  } catch (error) {
    return {
      ...row,
      plainStepsPerSecond: NaN,
      instrumentedStepsPerSecond: NaN,
      overhead: NaN,
      ownShare: null,
      problem: String(error),
    };
  }
  const plainMs = median(plain.map((time) => time.ms));
  const instrumentedMs = median(instrumented.map((time) => time.ms));
  const steps = plain[0]!.steps;
  const shares = instrumented.flatMap((time) => (time.ownShare === null ? [] : [time.ownShare]));
  return {
    ownShare: shares.length > 0 ? median(shares) : null,
    ...row,
    plainStepsPerSecond: (steps * 1000) / plainMs,
    instrumentedStepsPerSecond: (steps * 1000) / instrumentedMs,
    overhead: instrumentedMs / plainMs,
  };
}

interface TrainTime {
  ms: number;
  steps: number;
  ownShare: number | null;
}

function stepsFor(target: BackendTarget, size: BenchSize): number {
  if (target.backend !== 'webgpu') return size.steps[target.backend];
  return target.adapter?.software ? size.steps['software-gpu'] : size.steps.webgpu;
}

async function timeFixture(
  target: BackendTarget,
  size: BenchSize,
  instrument: boolean,
  env: Record<string, string> | undefined,
): Promise<TrainTime> {
  let output = '';
  const session = new RunSession(
    {
      script: path.join(FIXTURES, size.fixture),
      args: [String(stepsFor(target, size))],
      backend: target.backend,
      gpu: target.adapter?.name ?? null,
      instrument,
      workspaceRoot: RUNS_ROOT,
      env,
    },
    { output: (_stream, chunk) => (output += chunk) },
  );
  const outcome = await session.done;
  if (outcome.terminal.type === 'error') throw new Error(`${size.fixture} failed: ${outcome.terminal.message}`);
  const match = /train-ms (\d+) cpu-ms \d+ steps (\d+)/.exec(output);
  if (!match) throw new Error(`${size.fixture} printed no train-ms line; its output:\n${output}`);
  return { ms: Math.max(1, Number(match[1])), steps: Number(match[2]), ownShare: outcome.state.overheadShare };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatBackendTable(rows: BackendRow[]): string {
  const header = ['backend', 'adapter', 'size', 'plain steps/s', 'ActLens steps/s', 'overhead', 'own (runner)'];
  const lines = rows.map((row) => [
    row.backend,
    row.adapter ? `${row.adapter}${row.software ? ' (software)' : ''}` : '',
    row.size,
    ...(row.problem
      ? ['—', '—', '—', `failed: ${firstLine(row.problem)}`]
      : [
          formatRate(row.plainStepsPerSecond),
          formatRate(row.instrumentedStepsPerSecond),
          `${row.overhead.toFixed(2)}×`,
          row.ownShare === null ? '—' : `${(row.ownShare * 100).toFixed(1)} %`,
        ]),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  // Numbers right-aligned so that their magnitudes line up; the last column is free text when a row failed.
  const numeric = [false, false, false, true, true, true, false];
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [format(header), format(widths.map((width) => '─'.repeat(width))), ...lines.map(format)].join('\n');
}

function formatRate(stepsPerSecond: number): string {
  return stepsPerSecond >= 100 ? stepsPerSecond.toFixed(0) : stepsPerSecond.toPrecision(3);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 160);
}
