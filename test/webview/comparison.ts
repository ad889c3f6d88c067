/**
 * A realistic comparison for the panel's tests: the dead-ReLU bottleneck's final losses over five seeds, with
 * its statistics computed by the real functions, so every number in it agrees with every other.
 */
import type { CompareResult, RunResult } from '../../src/core/compare/comparison-schema.ts';
import { compareWithBaseline, summarise } from '../../src/compare/stats.ts';

const SEEDS = [1, 2, 3, 4, 5];
const LOSSES: Record<string, number[]> = {
  relu: [1.951, 1.958, 1.947, 1.962, 1.955],
  leakyReLU: [0.412, 0.523, 0.648, 0.47, 0.55],
  elu: [1.9, 2.01, 1.97, 1.93, 2.05],
  tanh: [2.2, 2.25, 2.31, 2.21, 2.28],
};
const FAILED = { activation: 'selu', reason: 'seed 2: the last epochs’ loss was NaN or infinite' };

/** Eight classes: a model that learnt nothing has a cross-entropy of ln 8. */
const CHANCE = { value: Math.log(8), label: 'ln 8 ≈ 2.079' };

export function realisticComparison(): CompareResult {
  const [baseline, ...candidates] = Object.entries(LOSSES).map(([activation, values]) => summarise(activation, values));
  const runs: RunResult[] = Object.entries(LOSSES).flatMap(([activation, values]) =>
    values.map((value, index) => ({
      activation,
      seed: SEEDS[index]!,
      runId: `run-${activation}-${SEEDS[index]}`,
      value,
      failure: null,
      scriptFailed: false,
    })),
  );
  runs.push({
    activation: 'selu',
    seed: 2,
    runId: 'run-selu-2',
    value: null,
    failure: 'the last epochs’ loss was NaN or infinite',
    scriptFailed: false,
  });
  return {
    schemaVersion: 1,
    script: '/work/project/dead-relu-bottleneck.js',
    metric: 'loss',
    target: 'dead-relu-bottleneck.js:9 (dense #2)',
    baseline: 'relu',
    chanceLevel: CHANCE,
    equivalenceMargin: null,
    seeds: SEEDS,
    candidates: [baseline!, ...candidates],
    comparisons: compareWithBaseline(baseline!, candidates, { higherIsBetter: false, chanceLevel: CHANCE }),
    runs,
    excluded: [FAILED],
  };
}
