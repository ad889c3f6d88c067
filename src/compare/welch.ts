/**
 * Welch's two-sided t-test: compares two means without assuming equal variances, which matters here because
 * some activations (e.g. sigmoid, badly initialised ReLU) vary far more across seeds than others.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, sampleVariance } from './sample.ts';

export interface WelchResult {
  /** Positive when `sample` has the larger mean. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  p: number;
  /** mean(sample) − mean(reference). */
  difference: number;
  standardError: number;
  /** 95 % confidence interval of the difference: difference ± t(0.975, df) · standard error. */
  ci95: [number, number];
}

/**
 * Both samples need at least 2 values. When both have zero variance the statistic is 0/0 or x/0: equal means
 * give p = 1 (no evidence of a difference); different means are taken as the limit t → ±∞, p = 0, because every
 * seed of one lies strictly on one side of every seed of the other.
 */
export function welchTTest(sample: readonly number[], reference: readonly number[]): WelchResult {
  const difference = mean(sample) - mean(reference);
  const sampleTerm = sampleVariance(sample) / sample.length;
  const referenceTerm = sampleVariance(reference) / reference.length;
  const standardError = Math.sqrt(sampleTerm + referenceTerm);
  const df =
    (sampleTerm + referenceTerm) ** 2 /
    (sampleTerm ** 2 / (sample.length - 1) + referenceTerm ** 2 / (reference.length - 1));

  if (standardError === 0) {
    const zeroVarianceDf = sample.length + reference.length - 2;
    const exact: [number, number] = [difference, difference];
    if (difference === 0) return { t: 0, df: zeroVarianceDf, p: 1, difference, standardError, ci95: exact };
    return { t: Math.sign(difference) * Infinity, df: zeroVarianceDf, p: 0, difference, standardError, ci95: exact };
  }

  const t = difference / standardError;
  const halfWidth = tQuantile(0.975, df) * standardError;
  return {
    t,
    df,
    p: Math.min(1, 2 * tCdf(-Math.abs(t), df)),
    difference,
    standardError,
    ci95: [difference - halfWidth, difference + halfWidth],
  };
}

/**
 * Two one-sided Welch tests (TOST): is the difference inside ±margin? Significance alone cannot say "no
 * difference"; a small p here can. The p-value is the larger of the two one-sided p-values; zero variance
 * gives 0 inside the margin and 1 outside.
 */
export function equivalenceP(sample: readonly number[], reference: readonly number[], margin: number): number {
  if (!(margin > 0)) throw new Error(`The equivalence margin must be positive, got ${margin}.`);
  const { difference, df, standardError } = welchTTest(sample, reference);
  if (standardError === 0) return Math.abs(difference) < margin ? 0 : 1;
  const aboveLower = 1 - tCdf((difference + margin) / standardError, df);
  const belowUpper = tCdf((difference - margin) / standardError, df);
  return Math.max(aboveLower, belowUpper);
}
