/**
 * Every number the detectors decide with, in one place, with where it comes from. docs/detectors.md
 * explains each rule; users override single values through a config object checked by parseThresholds. The default
 * values are in default-thresholds.ts, which the runner imports without zod.
 *
 * A "check" is one window event (the runner reads statistics back every K steps, K = `--every`), except for
 * dead units, whose check is one evidence window: consecutive windows combined until they hold enough samples.
 */
import { z } from 'zod';
import { DEFAULT_THRESHOLDS } from './default-thresholds.ts';

const fraction = z.number().min(0).max(1);
const positive = z.number().positive();
const atLeastOne = z.number().min(1);
const checks = z.number().int().min(1);
const samples = z.number().int().nonnegative();

const THRESHOLD_RULES = {
  /** Share of a ReLU layer's units dead at which to warn. keras-contrib's DeadReluDetector warns at 10%. */
  deadUnitsWarnFraction: fraction,
  /** Share of dead units that is an error. SageMaker Debugger's dead_relu rule (threshold_layer 50%) and TheDeepChecker. */
  deadUnitsErrorFraction: fraction,
  /** Samples a dead-unit evidence window must hold before "never active" means dead ("a few hundred"). */
  deadUnitsMinSamples: samples,
  /** Optimizer steps a dead-unit evidence window must span ("several batches"), so one odd batch cannot decide. */
  deadUnitsMinSteps: checks,
  /** Consecutive evidence windows with dead units before the finding appears. */
  deadUnitsRaiseAfterChecks: checks,
  /** Consecutive evidence windows below the warning share before the finding goes away. */
  deadUnitsClearAfterChecks: checks,
  /** AUTOTRAINER's β₁: a layer's gradient norm at most this fraction of the output layer's is vanishing … */
  vanishingRatio: positive,
  /** … provided the norm itself is at most this (AUTOTRAINER's β₂). */
  vanishingMaxNorm: positive,
  /** Absolute floor on a layer's RMS gradient (SageMaker Debugger's vanishing_gradient threshold, DeepDiagnosis). */
  vanishingRmsFloor: positive,
  vanishingRaiseAfterChecks: checks,
  vanishingClearAfterChecks: checks,
  /** AUTOTRAINER's β₃: first-layer gradient norm this many times the output layer's (or a layer's vs the median layer's). */
  explodingRatio: atLeastOne,
  /** Growth of the model's gradient norm from one check to the next that counts as exploding. */
  explodingGrowthPerCheck: atLeastOne,
  /**
   * Growth of the model's gradient norm, from the first steps to the last finite step, that counts as exploding
   * when training then overflows to NaN/Inf — a fault too fast for check-to-check growth to be seen (the scenario
   * suite's ground truth uses the same 100×).
   */
  explodingOverflowGrowth: atLeastOne,
  explodingRaiseAfterChecks: checks,
  explodingClearAfterChecks: checks,
  /** Checks averaged into a layer's early-training activation baseline. */
  driftBaselineChecks: checks,
  /** Mean shift, in baseline standard deviations, that counts as drift (ActLens's choice). */
  driftMeanShiftInStd: positive,
  /** Variance ratio to the baseline outside [1/r, r] that counts as drift (ActLens's choice: std halved or doubled). */
  driftVarianceRatio: atLeastOne,
  driftRaiseAfterChecks: checks,
  driftClearAfterChecks: checks,
  /** SELU fixed point: activation std below this is off it (TheDeepChecker's band [0.5, 2.0]). */
  seluStdMin: positive,
  /** SELU fixed point: activation std above this is off it (TheDeepChecker). */
  seluStdMax: positive,
  /**
   * SELU fixed point: |mean| above this is off it. ActLens's choice: the SELU paper's attraction domain has
   * |μ| ≤ 0.1; healthy SELU example runs stay within ±0.06, a broken one (Glorot, dropout, raw inputs) at 0.3–0.6.
   */
  seluMeanMax: positive,
  /** Share of a sigmoid/tanh layer's outputs in the flat region above which it is saturated (DeepDiagnosis, SageMaker 50%). */
  saturationFraction: fraction,
  saturationRaiseAfterChecks: checks,
  saturationClearAfterChecks: checks,
  /**
   * Cause attribution: a first layer's inputs with |mean| or std above this are unscaled (ActLens's choice:
   * standardised data has both near 1; raw pixels or prices sit at tens to thousands).
   */
  unscaledInputScale: positive,
  /**
   * Cause attribution: vanishing gradients with at least this many sigmoid/tanh layers between the layer and the
   * output are the stack's doing (each multiplies the gradient by at most 0.25 for sigmoid: 0.25⁴ ≈ 0.004).
   */
  saturatingStackDepth: checks,
};

/** Every threshold, as a run was analysed with them (the panel draws the SELU band from the same values). */
export const ThresholdsSchema = z.strictObject(THRESHOLD_RULES);
export type Thresholds = z.infer<typeof ThresholdsSchema>;

const PartialThresholdsSchema = ThresholdsSchema.partial();

/** Pairs that only make sense one way round, checked on the merged values. */
const ORDERED_PAIRS: ReadonlyArray<[lower: keyof Thresholds, higher: keyof Thresholds]> = [
  ['deadUnitsWarnFraction', 'deadUnitsErrorFraction'],
  ['seluStdMin', 'seluStdMax'],
];

/**
 * Validates a user's threshold overrides (e.g. the `actlens.thresholds` setting).
 * Throws an Error whose message names the offending key.
 */
export function parseThresholds(raw: unknown): Partial<Thresholds> {
  const result = PartialThresholdsSchema.safeParse(raw);
  if (!result.success) throw new Error(describeIssue(result.error.issues[0], raw));
  resolveThresholds(result.data);
  return result.data;
}

/** Defaults overridden by `overrides`; throws when a pair ends up the wrong way round. */
export function resolveThresholds(overrides: Partial<Thresholds> = {}): Thresholds {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...overrides };
  for (const [lower, higher] of ORDERED_PAIRS) {
    if (thresholds[lower] > thresholds[higher]) {
      const culprit = lower in overrides ? lower : higher;
      throw new Error(
        `Invalid threshold "${culprit}": ${lower} (${thresholds[lower]}) must not exceed ${higher} (${thresholds[higher]})`,
      );
    }
  }
  return thresholds;
}

function describeIssue(issue: z.core.$ZodIssue | undefined, raw: unknown): string {
  if (!issue) return 'Invalid thresholds';
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(THRESHOLD_RULES).join(', ');
    return `Unknown threshold ${issue.keys.map((key) => `"${key}"`).join(', ')}; known thresholds: ${known}`;
  }
  const key = issue.path[0];
  if (key === undefined) return `Thresholds must be an object of numbers, got ${describeValue(raw)}`;
  const value = (raw as Record<PropertyKey, unknown>)[key];
  return `Invalid threshold "${String(key)}": ${issue.message}, got ${describeValue(value)}`;
}

function describeValue(value: unknown): string {
  return value === null || typeof value !== 'object'
    ? (JSON.stringify(value) ?? String(value))
    : Array.isArray(value)
      ? 'an array'
      : 'an object';
}
