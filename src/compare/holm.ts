/**
 * Holm–Bonferroni adjustment. Comparing k candidates with one baseline runs k tests; at α = 0.05 each, the
 * chance of at least one false "better" grows with k. Holm controls that family-wise error rate like
 * Bonferroni but rejects more often, and needs no assumption about how the tests depend on each other.
 */

/**
 * Adjusted p-values in the input order: sorted ascending, the i-th smallest (0-based) is multiplied by
 * k − i, then a running maximum keeps the adjusted values in the same order as the raw ones, capped at 1.
 * Reject a hypothesis when its adjusted p-value is below α.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const k = pValues.length;
  const ascending = pValues.map((_, index) => index).sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Array<number>(k);
  let runningMax = 0;
  ascending.forEach((originalIndex, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (k - rank) * pValues[originalIndex]));
    adjusted[originalIndex] = runningMax;
  });
  return adjusted;
}
