/**
 * Compares activation functions trained over several seeds. Differences between activations are often
 * within seed-to-seed noise, so every candidate is tested against the baseline, the family of tests is
 * corrected for multiplicity, and a non-significant result says how many seeds would have been needed.
 *
 * - Significance: Welch's t-test per candidate, Holm–Bonferroni-adjusted across all candidates; a candidate
 *   is significant when its adjusted p < α. Welch is the primary test because a final metric averaged over
 *   a whole validation set is usually close to normal across seeds, and because a rank test's p-value
 *   bottoms out at 3–5 seeds (exact Mann–Whitney can never go below 0.1 with 3 vs 3).
 * - Mann–Whitney U is reported unadjusted, as a robustness check against an outlying seed.
 * - All directions are candidate minus baseline; `higherIsBetter` only decides the verdict's wording.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { hedgesG, hedgesGInterval } from './effect-size.ts';
import { holmAdjust } from './holm.ts';
import { mannWhitneyU } from './mann-whitney.ts';
import { seedsPerGroupForPower } from './power.ts';
import { assertUsableSample, mean, sampleVariance } from './sample.ts';
import { equivalenceP, welchTTest } from './welch.ts';
import type { CandidateSummary, CompareResult, Comparison } from '../core/compare/comparison-schema.ts';
import { caveat } from './practical-significance.ts';

export interface CompareOptions {
  /** Family-wise significance level; defaults to 0.05. */
  alpha?: number;
  /** True for accuracy-like metrics, false for losses. */
  higherIsBetter: boolean;
  /** The loss of a model that learnt nothing, when known: a "better" still at it is said to be. */
  chanceLevel?: CompareResult['chanceLevel'];
  /** Margin for the equivalence test (TOST), in the metric's units; none by default. */
  equivalenceMargin?: number | null;
}

const DEFAULT_ALPHA = 0.05;

/** Throws if fewer than 2 values or any value is NaN/±Infinity (a failed run), naming the activation. */
export function summarise(activation: string, values: number[]): CandidateSummary {
  assertUsableSample(activation, values);
  const centre = mean(values);
  const std = Math.sqrt(sampleVariance(values));
  const halfWidth = (tQuantile(0.975, values.length - 1) * std) / Math.sqrt(values.length);
  return { activation, values: [...values], mean: centre, std, ci95: [centre - halfWidth, centre + halfWidth] };
}

/**
 * One Comparison per candidate, in the candidates' order. When both groups have zero variance: equal means
 * give p = 1 and "no significant difference"; different means give Welch p = 0 (hedgesG null for ±∞,
 * seedsNeeded null), i.e. significant — but identical results for every seed usually mean the seed never
 * reached the run, which the caller should check before trusting the verdict.
 */
export function compareWithBaseline(
  baseline: CandidateSummary,
  candidates: CandidateSummary[],
  options: CompareOptions,
): Comparison[] {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha must be between 0 and 1, got ${alpha}.`);
  for (const summary of [baseline, ...candidates]) assertUsableSample(summary.activation, summary.values);

  const welchs = candidates.map((candidate) => welchTTest(candidate.values, baseline.values));
  const adjustedPs = holmAdjust(welchs.map((welch) => welch.p));
  const margin = options.equivalenceMargin ?? null;

  return candidates.map((candidate, index) => {
    const welch = welchs[index]!;
    const g = hedgesG(candidate.values, baseline.values);
    const significant = adjustedPs[index] < alpha;
    const relativeDifference = baseline.mean === 0 ? null : welch.difference / Math.abs(baseline.mean);
    const equivalence = margin === null ? null : equivalenceP(candidate.values, baseline.values, margin);
    const direction = significant ? directionWord(candidate.mean - baseline.mean, options.higherIsBetter) : null;
    return {
      candidate: candidate.activation,
      welchP: welch.p,
      mannWhitneyP: mannWhitneyU(candidate.values, baseline.values).p,
      adjustedP: adjustedPs[index],
      // ±∞ when both groups are constant; the shape every host reads says so with null.
      hedgesG: Number.isFinite(g) ? g : null,
      hedgesGCi95: hedgesGInterval(g, candidate.values.length, baseline.values.length),
      difference: welch.difference,
      differenceCi95: welch.ci95,
      relativeDifference,
      equivalenceP: equivalence,
      significant,
      verdict: direction ?? `no significant difference at α = ${alpha} with ${seedCountWords(baseline, candidate)}`,
      caveat: caveat({
        direction,
        candidateMean: candidate.mean,
        relativeDifference,
        chanceLevel: options.chanceLevel ?? null,
        equivalenceP: equivalence,
        equivalenceMargin: margin,
        alpha,
      }),
      seedsNeeded: seedsPerGroupForPower(g, alpha),
    };
  });
}

function directionWord(candidateMinusBaseline: number, higherIsBetter: boolean): 'better' | 'worse' {
  return candidateMinusBaseline > 0 === higherIsBetter ? 'better' : 'worse';
}

function seedCountWords(baseline: CandidateSummary, candidate: CandidateSummary): string {
  const baselineSeeds = baseline.values.length;
  const candidateSeeds = candidate.values.length;
  return baselineSeeds === candidateSeeds
    ? `${baselineSeeds} seeds`
    : `${candidateSeeds} seeds (baseline: ${baselineSeeds})`;
}
