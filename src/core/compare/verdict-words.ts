/**
 * A comparison's outcome in words, the same in the panel, the Markdown table, the CLI and the notification:
 * the verdict with its caveat, and the one-line headline of the whole comparison.
 */
import type { CompareResult, Comparison } from './comparison-schema.ts';
import { comparisonRows } from './comparison-rows.ts';
import { higherIsBetter } from './final-metric.ts';
import { changeWords, pValueWords } from './stat-format.ts';

/** "Compare activations — train.js:9 (dense #2)": the comparison's tab, heading and report title. */
export function comparisonTitle(result: Pick<CompareResult, 'target'>): string {
  return `Compare activations — ${result.target}`;
}

/** "better", "better, but still at chance level (ln 4 ≈ 1.386)", "no significant difference at α = …". */
export function verdictWords(comparison: Comparison): string {
  return comparison.caveat ? `${comparison.verdict}, but ${comparison.caveat}` : comparison.verdict;
}

/**
 * "elu better than relu: val_loss −0.21 (−15 %), p = 0.003, 5 seeds" for the best significantly better
 * candidate; otherwise what was found instead.
 */
export function comparisonHeadline(result: CompareResult): string {
  const seeds = `${result.seeds.length} seeds`;
  if (result.comparisons.length === 0)
    return `No comparison: ${result.baseline} or every candidate had no result (${seeds}).`;
  const comparison = winner(result);
  if (!comparison) {
    const worse = result.comparisons.filter((tested) => tested.significant).length;
    const rest = worse > 0 ? `${worse} significantly worse` : 'no significant difference';
    return `No candidate beats ${result.baseline} on ${result.metric} (${rest}, ${seeds}).`;
  }
  const change = changeWords(comparison.difference, comparison.relativeDifference);
  const headline = `${comparison.candidate} better than ${result.baseline}: ${result.metric} ${change}, ${pValueWords(comparison.adjustedP)}, ${seeds}`;
  return comparison.caveat ? `${headline} — but ${comparison.caveat}` : headline;
}

/** The significantly better candidate with the best mean, the one to apply; null when none is better. */
export function winner(result: CompareResult): Comparison | null {
  const rows = comparisonRows(result).flatMap(({ summary, comparison }) =>
    comparison?.significant && comparison.verdict === 'better' ? [{ mean: summary.mean, comparison }] : [],
  );
  rows.sort((a, b) => (higherIsBetter(result.metric) ? b.mean - a.mean : a.mean - b.mean));
  return rows[0]?.comparison ?? null;
}
