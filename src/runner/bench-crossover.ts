/**
 * The switch `npm run bench`'s crossover measurement turns (bench/fixtures/crossover.js): with
 * ACTLENS_BENCH_CROSSOVER=1 in the runner's environment, the script finds, under a global symbol, a way to take
 * ActLens's hooks on training off and put them back between its steps (TrainingObserver.suspendHooks). A run without
 * that variable has no such global.
 */
import type { TrainingObserver } from './instrument/training-observer.ts';

const ENABLED_BY = 'ACTLENS_BENCH_CROSSOVER';
const SWITCH = Symbol.for('actlens.benchCrossover');

export function lendCrossoverSwitch(observer: TrainingObserver): void {
  if (process.env[ENABLED_BY] !== '1') return;
  Object.defineProperty(globalThis, SWITCH, {
    value: { suspend: () => observer.suspendHooks(), resume: () => observer.resumeHooks() },
  });
}
