/**
 * The detectors' default thresholds, apart from their rules (thresholds.ts, where each is explained and overrides are
 * validated with zod): the runner's own alarm uses these defaults, and the runner loads no zod schemas at start-up
 * (core/protocol.ts says why).
 */
import type { Thresholds } from './thresholds.ts';

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  deadUnitsWarnFraction: 0.1,
  deadUnitsErrorFraction: 0.5,
  deadUnitsMinSamples: 200,
  deadUnitsMinSteps: 3,
  deadUnitsRaiseAfterChecks: 2,
  deadUnitsClearAfterChecks: 2,

  vanishingRatio: 1e-3,
  vanishingMaxNorm: 1e-4,
  vanishingRmsFloor: 1e-7,
  vanishingRaiseAfterChecks: 3,
  vanishingClearAfterChecks: 3,

  explodingRatio: 70,
  explodingGrowthPerCheck: 2,
  explodingOverflowGrowth: 100,
  explodingRaiseAfterChecks: 3,
  explodingClearAfterChecks: 3,

  driftBaselineChecks: 3,
  driftMeanShiftInStd: 2,
  driftVarianceRatio: 4,
  driftRaiseAfterChecks: 3,
  driftClearAfterChecks: 3,
  seluStdMin: 0.5,
  seluStdMax: 2,
  seluMeanMax: 0.25,

  saturationFraction: 0.5,
  saturationRaiseAfterChecks: 3,
  saturationClearAfterChecks: 3,

  unscaledInputScale: 5,
  saturatingStackDepth: 4,
});
