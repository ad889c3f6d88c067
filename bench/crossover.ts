/**
 * What watching costs, measured inside one run (bench/fixtures/crossover.js): from the steady state on, ActLens's hooks
 * are taken off and put back every few steps, and each block with them on is compared with the blocks off on either
 * side of it. The pairs of runs in bench/overhead.ts are minutes apart, and this machine runs a process at one of two
 * speeds for minutes at a time; blocks a second apart meet the same speed. What a run pays once — start-up, the dense
 * first window, the process's memory — is not in it: the pairs and the whole-process row measure that.
 */
import * as path from 'node:path';
import { RunSession } from '../src/session/session.ts';
import { FIXTURES, median, RUNS_ROOT } from './backends.ts';
import { pairInterval, STEADY_FROM, steadyShare, type OverheadModel } from './overhead.ts';

/** One block as the fixture printed it: its steps after the first few, their mean and median wall time. */
export interface CrossoverBlock {
  on: boolean;
  steps: number;
  meanMs: number;
  medianMs: number;
}

export interface CrossoverRow {
  model: string;
  block: number;
  /** Per block on: its mean step time against the mean of the two blocks off beside it. */
  ratios: number[];
  /** The same with median step times: what a step ActLens neither watches nor reads back at costs. */
  typicalRatios: number[];
  steadyOwnShare: number | null;
  problem?: string;
}

/** One of the overhead table's models, on wasm: where the ≤ 1.01× target is set. */
export async function measureCrossover(model: OverheadModel): Promise<CrossoverRow> {
  const { block, blocks } = model.crossover;
  const base = { model: model.label, block };
  let output = '';
  const session = new RunSession(
    {
      script: path.join(FIXTURES, model.fixture),
      // One step more than the blocks take: the last block ends at a step that is not the run's last.
      args: [String(STEADY_FROM + block * blocks + 1)],
      backend: 'wasm',
      instrument: true,
      workspaceRoot: RUNS_ROOT,
      env: {
        ACTLENS_BENCH_STEADY_FROM: String(STEADY_FROM),
        ACTLENS_BENCH_CROSSOVER: '1',
        ACTLENS_BENCH_CROSSOVER_BLOCK: String(block),
      },
    },
    { output: (_stream, chunk) => (output += chunk) },
  );
  const failed = (problem: string): CrossoverRow => ({
    ...base,
    ratios: [],
    typicalRatios: [],
    steadyOwnShare: null,
    problem,
  });
  const outcome = await session.done;
  if (outcome.terminal.type === 'error') return failed(outcome.terminal.message);
  const timed = parseBlocks(output);
  if (timed.length < 3) return failed(`${timed.length} blocks printed`);
  return {
    ...base,
    ratios: blockRatios(timed, (each) => each.meanMs),
    typicalRatios: blockRatios(timed, (each) => each.medianMs),
    steadyOwnShare: steadyShare(outcome.runDir),
  };
}

/** The `crossover-block on|off <steps> <mean ms> <median ms>` lines of a run's output, in order. */
export function parseBlocks(output: string): CrossoverBlock[] {
  return [...output.matchAll(/^crossover-block (on|off) (\d+) ([\d.]+) ([\d.]+)$/gm)].map((match) => ({
    on: match[1] === 'on',
    steps: Number(match[2]),
    meanMs: Number(match[3]),
    medianMs: Number(match[4]),
  }));
}

/** Per block on between two blocks off: its time over theirs, averaged (a drift across the three cancels). */
export function blockRatios(blocks: CrossoverBlock[], time: (block: CrossoverBlock) => number): number[] {
  const ratios: number[] = [];
  for (let i = 1; i + 1 < blocks.length; i++) {
    const [before, on, after] = [blocks[i - 1]!, blocks[i]!, blocks[i + 1]!];
    if (on.on && !before.on && !after.on) ratios.push(time(on) / ((time(before) + time(after)) / 2));
  }
  return ratios;
}

export function formatCrossover(row: CrossoverRow): string {
  if (row.problem) return `  ${row.model}: failed: ${row.problem.split('\n')[0]!.slice(0, 160)}`;
  const own = row.steadyOwnShare === null ? '—' : `${(row.steadyOwnShare * 100).toFixed(2)} %`;
  return (
    `  ${row.model}, blocks of ${row.block} steps, ${row.ratios.length} on: ${pairInterval(row.ratios)}, ` +
    `median ${median(row.ratios).toFixed(3)}×; a typical step ${median(row.typicalRatios).toFixed(3)}×; own ${own}; ` +
    `per block ${row.ratios.map((ratio) => ratio.toFixed(2)).join(' ')}`
  );
}
