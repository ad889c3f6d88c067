/** The comparison's shape as data crosses a boundary (the panel's messages, the --json file): validated, never trusted. */
import { z } from 'zod';
import { METRICS } from './final-metric.ts';

const text = z.string().max(4096);
const finiteNumber = z.number().refine(Number.isFinite, 'a finite number');
/** Hedges' g is ±Infinity when both groups have zero variance; JSON carries that as null. */
const effect = z.number().nullable();

export const CandidateSummarySchema = z.object({
  activation: text,
  values: z.array(finiteNumber).min(1).max(1000),
  mean: finiteNumber,
  std: finiteNumber,
  ci95: z.tuple([z.number(), z.number()]),
});

export const ComparisonSchema = z.object({
  candidate: text,
  welchP: z.number(),
  mannWhitneyP: z.number(),
  adjustedP: z.number(),
  hedgesG: effect,
  significant: z.boolean(),
  verdict: text,
  seedsNeeded: z.number().nullable(),
});

export const CompareResultSchema = z.object({
  schemaVersion: z.literal(1),
  script: text,
  metric: z.enum(METRICS),
  baseline: text,
  seeds: z.array(z.number().int()).max(1000),
  candidates: z.array(CandidateSummarySchema).max(64),
  comparisons: z.array(ComparisonSchema).max(64),
  runs: z.array(z.object({ activation: text, seed: z.number().int(), runId: text, value: z.number().nullable(), failure: text.nullable(), scriptFailed: z.boolean() })).max(64_000),
  excluded: z.array(z.object({ activation: text, reason: text })).max(64),
});
export type CompareResultData = z.infer<typeof CompareResultSchema>;
