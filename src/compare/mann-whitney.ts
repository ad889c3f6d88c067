/**
 * Mann–Whitney U test, two-sided: a rank test that does not assume normality, reported next to Welch's
 * t-test because a single unlucky seed can dominate a mean over 3–10 seeds but not a rank.
 *
 * Which p-value is used:
 * - no ties and both groups ≤ EXACT_MAX_GROUP_SIZE: the exact permutation distribution of U (the usual case
 *   for seed counts of 3–10, where the normal approximation is poor);
 * - otherwise: the normal approximation with tie-corrected variance and a 0.5 continuity correction
 *   (the exact distribution assumes distinct values, and for big groups the approximation is accurate).
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/** The exact table holds about (n·m)²/4 probabilities; 50×50 is ~1.6 M, far above any seed count used here. */
export const EXACT_MAX_GROUP_SIZE = 50;

export type MannWhitneyMethod = 'exact' | 'normal-approximation';

export interface MannWhitneyResult {
  /** U for `sample`: the number of (sample, reference) pairs where the sample value is larger, ties count ½. */
  u: number;
  p: number;
  method: MannWhitneyMethod;
}

export function mannWhitneyU(sample: readonly number[], reference: readonly number[]): MannWhitneyResult {
  const n = sample.length;
  const m = reference.length;
  const { ranks, tieGroupSizes } = midRanks([...sample, ...reference]);
  const sampleRankSum = ranks.slice(0, n).reduce((sum, rank) => sum + rank, 0);
  const u = sampleRankSum - (n * (n + 1)) / 2;

  if (tieGroupSizes.length === 0 && n <= EXACT_MAX_GROUP_SIZE && m <= EXACT_MAX_GROUP_SIZE) {
    return { u, p: exactTwoSidedP(u, n, m), method: 'exact' };
  }
  return { u, p: normalApproximationTwoSidedP(u, n, m, tieGroupSizes), method: 'normal-approximation' };
}

/** Ranks 1..N with tied values sharing the mean of their ranks; also the size of each group of ties. */
function midRanks(values: readonly number[]): { ranks: number[]; tieGroupSizes: number[] } {
  const order = values.map((_, index) => index).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  const tieGroupSizes: number[] = [];
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end += 1;
    const sharedRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k += 1) ranks[order[k]] = sharedRank;
    if (end - start > 1) tieGroupSizes.push(end - start);
    start = end;
  }
  return { ranks, tieGroupSizes };
}

function exactTwoSidedP(u: number, n: number, m: number): number {
  const distribution = exactUDistribution(n, m);
  let lowerTail = 0;
  let upperTail = 0;
  distribution.forEach((probability, value) => {
    if (value <= u) lowerTail += probability;
    if (value >= u) upperTail += probability;
  });
  return Math.min(1, 2 * Math.min(lowerTail, upperTail));
}

/**
 * P(U = u) for u = 0..n·m when all n + m values are distinct and every ordering is equally likely.
 * The largest value belongs to the sample with probability n/(n+m) and then beats all m reference values,
 * which gives the recursion P_{n,m}(u) = n/(n+m)·P_{n−1,m}(u−m) + m/(n+m)·P_{n,m−1}(u).
 * Probabilities rather than counts keep it in floating-point range.
 */
function exactUDistribution(n: number, m: number): number[] {
  // previousRow[j] = distribution for (i − 1, j); currentRow[j] = distribution for (i, j).
  let previousRow: number[][] = Array.from({ length: m + 1 }, () => [1]);
  for (let i = 1; i <= n; i += 1) {
    const currentRow: number[][] = [[1]];
    for (let j = 1; j <= m; j += 1) {
      const sampleIsLargest = i / (i + j);
      const referenceIsLargest = j / (i + j);
      const distribution = new Array<number>(i * j + 1).fill(0);
      previousRow[j].forEach((probability, value) => {
        distribution[value + j] += sampleIsLargest * probability;
      });
      currentRow[j - 1].forEach((probability, value) => {
        distribution[value] += referenceIsLargest * probability;
      });
      currentRow.push(distribution);
    }
    previousRow = currentRow;
  }
  return previousRow[m];
}

function normalApproximationTwoSidedP(u: number, n: number, m: number, tieGroupSizes: readonly number[]): number {
  const total = n + m;
  const tieCorrection = tieGroupSizes.reduce((sum, size) => sum + size ** 3 - size, 0) / (total * (total - 1));
  const sd = Math.sqrt(((n * m) / 12) * (total + 1 - tieCorrection));
  if (sd === 0) return 1; // every value is the same: no evidence of any difference
  const z = (Math.abs(u - (n * m) / 2) - 0.5) / sd;
  return Math.min(1, 2 * normalCdf(-z, 0, 1));
}
