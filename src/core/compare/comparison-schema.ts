/**
 * An activation comparison, the one shape it has everywhere: in memory, in the panel's `compare` message, in
 * the --json file and in the HTML report. The types are inferred from these schemas; whatever crosses a
 * boundary is validated, never trusted. An infinite effect size (both groups constant) is null, as JSON
 * would write it anyway.
 */
import { z } from 'zod';
import { METRICS } from './final-metric.ts';

/**
 * Room for any real comparison (the CLI knows 15 activations; a seed is a training run each), small enough
 * that a hostile message cannot make the panel allocate or draw without limit. Kept here, not in the
 * webview messages' MESSAGE_LIMITS, because those import this file.
 */
const LIMITS = { text: 4_096, activations: 64, seeds: 1_000 } as const;

const text = z.string().max(LIMITS.text);
const probability = z.number().min(0).max(1);
// zod 4's z.number() refuses NaN and ±Infinity: a failed run's value cannot pass as a result.

const CandidateSummarySchema = z.object({
  activation: text,
  /** Final metric, one value per seed. */
  values: z.array(z.number()).min(2).max(LIMITS.seeds),
  mean: z.number(),
  /** Sample standard deviation (divisor n − 1). */
  std: z.number().min(0),
  /** 95 % confidence interval for the mean: mean ± t(0.975, n − 1) · std / √n. */
  ci95: z.tuple([z.number(), z.number()]),
});

const ComparisonSchema = z.object({
  candidate: text,
  /** Welch's t-test, two-sided, unadjusted. */
  welchP: probability,
  /** Mann–Whitney U, two-sided, unadjusted; exact without ties, normal approximation with ties. */
  mannWhitneyP: probability,
  /** Welch p-value after Holm–Bonferroni adjustment across all candidates of this comparison. */
  adjustedP: probability,
  /** Candidate minus baseline in pooled standard deviations; null when both groups are constant (±∞). */
  hedgesG: z.number().nullable(),
  /** Approximate 95 % interval of Hedges' g (normal approximation); null with hedgesG. */
  hedgesGCi95: z.tuple([z.number(), z.number()]).nullable(),
  /** Candidate mean minus baseline mean, in the metric's units. */
  difference: z.number(),
  /** Welch 95 % confidence interval of the difference. */
  differenceCi95: z.tuple([z.number(), z.number()]),
  /** The difference as a share of the baseline's mean (−0.15 = 15 % lower); null when that mean is 0. */
  relativeDifference: z.number().nullable(),
  /** TOST p-value for "the difference lies within ±equivalenceMargin"; null without a margin. */
  equivalenceP: probability.nullable(),
  significant: z.boolean(),
  /** "better", "worse", or "no significant difference at α = … with … seeds". */
  verdict: text,
  /**
   * Why a significant verdict matters less than it sounds, or what a non-significant one does show:
   * "still at chance level (ln 4 ≈ 1.386)", "the difference is small (−0.8 %)", "equivalent within ±0.01".
   */
  caveat: text.nullable(),
  /**
   * Seeds per group for power 0.8 at the unadjusted α to detect the observed |g|; null when g is 0 or not
   * finite. It is the observed effect, so treat it as a rough planning figure, not a guarantee.
   */
  seedsNeeded: z.number().int().positive().nullable(),
});

const RunResultSchema = z.object({
  activation: text,
  seed: z.number().int(),
  runId: text,
  value: z.number().nullable(),
  /** Why the run has no value: it failed, diverged (NaN), or never logged the metric. */
  failure: text.nullable(),
  /** The training script itself failed (as opposed to training that diverged). */
  scriptFailed: z.boolean(),
});

export const CompareResultSchema = z
  .object({
    schemaVersion: z.literal(1),
    script: text,
    metric: z.enum(METRICS),
    /** Where the swapped layers are, for the title: "train.js:9 (dense #2)", "all ReLU layers of train.js". */
    target: text,
    baseline: text,
    /**
     * The loss a model that learnt nothing gets, where the model says what it is: ln k for a softmax over k
     * classes (cross-entropy), ln 2 for one sigmoid unit, the targets' variance for a linear output trained with
     * MSE (the error of predicting their mean). Null for other losses and for accuracy metrics.
     */
    chanceLevel: z.object({ value: z.number(), label: text }).nullable(),
    /** The user's margin for the equivalence test (TOST), in the metric's units; null when none was set. */
    equivalenceMargin: z.number().positive().nullable(),
    seeds: z.array(z.number().int()).min(1).max(LIMITS.seeds),
    /** The baseline first (when its runs succeeded), then each candidate that has values for every seed. */
    candidates: z.array(CandidateSummarySchema).max(LIMITS.activations),
    comparisons: z.array(ComparisonSchema).max(LIMITS.activations),
    runs: z.array(RunResultSchema).max(LIMITS.activations * LIMITS.seeds),
    /** Candidates left out of the statistics because runs failed, with the reason. */
    excluded: z.array(z.object({ activation: text, reason: text })).max(LIMITS.activations),
    /** The user stopped the comparison: only the runs that finished before it are in the statistics. */
    cancelled: z.literal(true).optional(),
  })
  .refine(comparedInOrder, {
    message: 'comparisons must follow the baseline, one per candidate, in order',
    path: ['comparisons'],
  });

export type CompareResult = z.infer<typeof CompareResultSchema>;
export type CandidateSummary = z.infer<typeof CandidateSummarySchema>;
export type Comparison = z.infer<typeof ComparisonSchema>;
export type RunResult = z.infer<typeof RunResultSchema>;

/**
 * compareActivations lists the baseline first and then the comparisons' candidates in the same order, so a
 * reader can pair them by position (a candidate may share the baseline's name: relu against relu).
 */
function comparedInOrder(result: {
  candidates: { activation: string }[];
  comparisons: { candidate: string }[];
}): boolean {
  const { candidates, comparisons } = result;
  if (comparisons.length === 0) return true;
  return (
    candidates.length === comparisons.length + 1 &&
    comparisons.every((comparison, index) => comparison.candidate === candidates[index + 1]!.activation)
  );
}
