/**
 * The comparison as data, wherever it crosses a boundary: the panel's `compare` message, the --json file and
 * the HTML report. Validated, never trusted. It is CompareResult as JSON writes it: an infinite effect size
 * (both groups constant) becomes null.
 */
import { z } from 'zod';
import type { CompareResult } from './compare-runs.ts';
import { METRICS } from './final-metric.ts';

/**
 * Room for any real comparison (the CLI knows 15 activations; a seed is a training run each), small enough
 * that a hostile message cannot make the panel allocate or draw without limit. Kept here, not in the
 * protocol's MESSAGE_LIMITS, because the protocol imports this file.
 */
const LIMITS = { text: 4_096, activations: 64, seeds: 1_000 } as const;

const text = z.string().max(LIMITS.text);
const probability = z.number().min(0).max(1);
// zod 4's z.number() refuses NaN and ±Infinity: a failed run's value cannot pass as a result.

const CandidateSummarySchema = z.object({
  activation: text,
  values: z.array(z.number()).min(2).max(LIMITS.seeds),
  mean: z.number(),
  std: z.number().min(0),
  ci95: z.tuple([z.number(), z.number()]),
});

const ComparisonSchema = z.object({
  candidate: text,
  welchP: probability,
  mannWhitneyP: probability,
  adjustedP: probability,
  /** Candidate minus baseline in pooled standard deviations; null when both groups are constant (±∞). */
  hedgesG: z.number().nullable(),
  significant: z.boolean(),
  verdict: text,
  seedsNeeded: z.number().int().positive().nullable(),
});

const RunResultSchema = z.object({
  activation: text,
  seed: z.number().int(),
  runId: text,
  value: z.number().nullable(),
  failure: text.nullable(),
  scriptFailed: z.boolean(),
});

export const CompareResultSchema = z
  .object({
    schemaVersion: z.literal(1),
    script: text,
    metric: z.enum(METRICS),
    baseline: text,
    seeds: z.array(z.number().int()).min(1).max(LIMITS.seeds),
    candidates: z.array(CandidateSummarySchema).max(LIMITS.activations),
    comparisons: z.array(ComparisonSchema).max(LIMITS.activations),
    runs: z.array(RunResultSchema).max(LIMITS.activations * LIMITS.seeds),
    excluded: z.array(z.object({ activation: text, reason: text })).max(LIMITS.activations),
  })
  .refine(comparedInOrder, { message: 'comparisons must follow the baseline, one per candidate, in order', path: ['comparisons'] });

export type CompareResultData = z.infer<typeof CompareResultSchema>;
export type CandidateSummaryData = z.infer<typeof CandidateSummarySchema>;
export type ComparisonData = z.infer<typeof ComparisonSchema>;

/** The result as it travels: what JSON.stringify would write, typed (an infinite effect size is null). */
export function toCompareData(result: CompareResult): CompareResultData {
  return { ...result, comparisons: result.comparisons.map((comparison) => ({ ...comparison, hedgesG: Number.isFinite(comparison.hedgesG) ? comparison.hedgesG : null })) };
}

/**
 * compareActivations lists the baseline first and then the comparisons' candidates in the same order, so a
 * reader can pair them by position (a candidate may share the baseline's name: relu against relu).
 */
function comparedInOrder(result: { candidates: { activation: string }[]; comparisons: { candidate: string }[] }): boolean {
  const { candidates, comparisons } = result;
  if (comparisons.length === 0) return true;
  return candidates.length === comparisons.length + 1 && comparisons.every((comparison, index) => comparison.candidate === candidates[index + 1]!.activation);
}
