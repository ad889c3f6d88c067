/**
 * Statistical significance says a difference is unlikely to be seed noise, not that it matters: five tight
 * seeds make a 0.5 % change "significant", and a model still at the loss of guessing can be "better" than a
 * dead one. The caveat puts that next to the verdict.
 */
import type { CompareResult } from '../core/compare/comparison-schema.ts';
import { formatSignedPercent } from '../core/compare/stat-format.ts';
import { formatNumber } from '../core/format.ts';

/** Below this share of the baseline's mean a significant difference is called small (2 %: a rounding-level change in a loss). */
export const SMALL_RELATIVE_DIFFERENCE = 0.02;
/** A loss within 5 % of the chance level has learnt next to nothing (ln 4 = 1.386: anything above 1.317). */
export const NEAR_CHANCE_SHARE = 0.95;

export interface PracticalFacts {
  /** The significant direction; null when the test found no significant difference. */
  direction: 'better' | 'worse' | null;
  candidateMean: number;
  relativeDifference: number | null;
  chanceLevel: CompareResult['chanceLevel'];
  equivalenceP: number | null;
  equivalenceMargin: number | null;
  alpha: number;
}

export function caveat(facts: PracticalFacts): string | null {
  const { chanceLevel, relativeDifference } = facts;
  if (facts.direction) {
    // Only "better" needs it: a worse candidate at chance level is worse, without a "but".
    if (facts.direction === 'better' && chanceLevel && facts.candidateMean >= NEAR_CHANCE_SHARE * chanceLevel.value)
      return `still at chance level (${chanceLevel.label})`;
    if (relativeDifference !== null && Math.abs(relativeDifference) < SMALL_RELATIVE_DIFFERENCE)
      return `significant but small (${formatSignedPercent(relativeDifference)})`;
    return null;
  }
  if (facts.equivalenceP !== null && facts.equivalenceMargin !== null && facts.equivalenceP < facts.alpha)
    return `equivalent within ±${formatNumber(facts.equivalenceMargin)}`;
  return null;
}
