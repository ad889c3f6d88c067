/**
 * The number a run contributes to a comparison: its final metric, averaged over the last few logged
 * values so that one noisy epoch (or batch) does not decide it.
 */
import type { RunnerEvent } from '../events.ts';

export const METRICS = ['loss', 'val_loss', 'acc', 'val_acc'] as const;
export type Metric = (typeof METRICS)[number];

/** Epoch logs averaged at the end of fit-style training; per-step losses for custom loops. */
const LAST_EPOCHS = 3;
const LAST_STEPS = 20;

export function higherIsBetter(metric: Metric): boolean {
  return metric === 'acc' || metric === 'val_acc';
}

/** The run's final metric, or a reason it has none (e.g. accuracy was never logged). */
export function finalMetric(events: readonly RunnerEvent[], metric: Metric): { value: number } | { missing: string } {
  const epochValues = events
    .flatMap((event) => (event.type === 'epoch' ? [logged(event.logs, metric)] : []))
    .filter((value): value is number | null => value !== undefined);
  if (epochValues.length > 0) return average(epochValues.slice(-LAST_EPOCHS), `the last epochs' ${metric}`);
  if (metric !== 'loss')
    return {
      missing: `the script never logged ${metric} (it needs fit/fitDataset with ${metric.startsWith('val_') ? 'validation data' : "metrics: ['accuracy']"})`,
    };
  const losses = events.flatMap((event) => (event.type === 'window' ? event.loss : []));
  if (losses.length === 0) return { missing: 'the run took no training step' };
  return average(losses.slice(-LAST_STEPS), 'the last steps’ loss');
}

/** tfjs logs accuracy as `acc` or `accuracy` depending on how the metric was named. */
function logged(logs: Record<string, number | null>, metric: Metric): number | null | undefined {
  if (metric in logs) return logs[metric];
  const alias = metric.replace('acc', 'accuracy');
  return alias in logs ? logs[alias] : undefined;
}

function average(values: (number | null)[], what: string): { value: number } | { missing: string } {
  if (values.some((value) => value === null)) return { missing: `${what} was NaN or infinite` };
  const numbers = values as number[];
  return { value: numbers.reduce((sum, value) => sum + value, 0) / numbers.length };
}
