/**
 * One candidate's final metric values, one per seed: the checks that make them usable and the moments that
 * every test in this folder shares.
 */

/**
 * Throws unless `values` can be compared. A failed run (NaN or ±Infinity, e.g. a diverged loss) must be
 * reported by the caller as a failure, not silently averaged into or dropped from the seeds.
 */
export function assertUsableSample(activation: string, values: readonly number[]): void {
  if (values.length < 2) {
    throw new Error(
      `Activation '${activation}' has ${values.length} seed value(s); at least 2 are needed to estimate its spread.`,
    );
  }
  const failedSeed = values.findIndex((value) => !Number.isFinite(value));
  if (failedSeed !== -1) {
    throw new Error(
      `Activation '${activation}' has a non-finite value (${values[failedSeed]}) at seed index ${failedSeed}; ` +
        'report that run as failed instead of comparing it.',
    );
  }
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Unbiased sample variance (divisor n − 1). */
export function sampleVariance(values: readonly number[]): number {
  const centre = mean(values);
  return values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / (values.length - 1);
}
