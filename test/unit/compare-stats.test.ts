/**
 * Statistics for comparing activations over seeds. Unless a test says otherwise, expected numbers were
 * computed independently with Python 3 + SciPy 1.17.1 (scipy.stats) on the same vectors; the SciPy call is
 * given next to each value.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hedgesG, hedgesGInterval } from '../../src/compare/effect-size.ts';
import { holmAdjust } from '../../src/compare/holm.ts';
import { mannWhitneyU } from '../../src/compare/mann-whitney.ts';
import { seedsPerGroupForPower } from '../../src/compare/power.ts';
import { compareWithBaseline, summarise } from '../../src/compare/stats.ts';
import { equivalenceP, welchTTest } from '../../src/compare/welch.ts';

function assertClose(actual: number, expected: number, tolerance = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);
}

// Unequal n and unequal spread: the case Welch's test exists for.
const groupX = [19.1, 21.3, 20.2, 22.8, 18.9, 20.7];
const groupY = [23.4, 26.1, 21.9, 27.5, 24.8];

// Final validation losses over 5 seeds (lower is better).
const baselineLoss = [0.412, 0.398, 0.405, 0.421, 0.409];
const clearlyLowerLoss = [0.352, 0.361, 0.349, 0.358, 0.355];
const clearlyHigherLoss = [0.468, 0.481, 0.455, 0.472, 0.476];
const overlappingLoss = [0.401, 0.415, 0.396, 0.41, 0.404];

describe('summarise', () => {
  it('gives the mean, sample SD and t-based 95 % CI', () => {
    const summary = summarise('relu', groupX);
    // numpy.mean, numpy.std(ddof=1), scipy.stats.t.interval(0.95, 5, loc=mean, scale=scipy.stats.sem(x))
    assertClose(summary.mean, 20.5);
    assertClose(summary.std, 1.4546477236774549);
    assertClose(summary.ci95[0], 18.973440835279316);
    assertClose(summary.ci95[1], 22.02655916472069);
    assert.deepEqual(summary.values, groupX);
  });

  it('gives a zero-width CI when every seed gave the same value', () => {
    assert.deepEqual(summarise('relu', [0.5, 0.5, 0.5]).ci95, [0.5, 0.5]);
  });

  it('refuses fewer than two seeds, naming the activation', () => {
    assert.throws(() => summarise('gelu', [0.3]), /Activation 'gelu' has 1 seed value\(s\); at least 2/);
    assert.throws(() => summarise('gelu', []), /'gelu' has 0 seed value/);
  });

  it('refuses a failed run (NaN or Infinity) instead of averaging it', () => {
    assert.throws(
      () => summarise('tanh', [0.3, Number.NaN, 0.31]),
      /'tanh' has a non-finite value \(NaN\) at seed index 1/,
    );
    assert.throws(() => summarise('tanh', [0.3, Infinity]), /non-finite value \(Infinity\) at seed index 1/);
  });
});

describe('welchTTest', () => {
  it('matches SciPy on unequal n and variances', () => {
    // scipy.stats.ttest_ind(groupY, groupX, equal_var=False)
    const result = welchTTest(groupY, groupX);
    assertClose(result.t, 3.6914718575675853);
    assertClose(result.df, 6.734145823467051);
    assertClose(result.p, 0.0082930916750611);
  });

  it('matches SciPy when the difference is small', () => {
    // scipy.stats.ttest_ind(overlappingLoss, baselineLoss, equal_var=False)
    const result = welchTTest(overlappingLoss, baselineLoss);
    assertClose(result.t, -0.750454880256681);
    assertClose(result.df, 7.864936581350776);
    assertClose(result.p, 0.47483058628382613);
  });

  it('gives the 95 % confidence interval of the difference, as SciPy does', () => {
    // scipy.stats.ttest_ind(groupY, groupX, equal_var=False).confidence_interval(0.95)
    const unequal = welchTTest(groupY, groupX);
    assertClose(unequal.difference, 24.74 - 20.5, 1e-12);
    assertClose(unequal.ci95[0], 1.502120304569654);
    assertClose(unequal.ci95[1], 6.977879695430342);
    // scipy.stats.ttest_ind(clearlyLowerLoss, baselineLoss, equal_var=False).confidence_interval(0.95)
    const lower = welchTTest(clearlyLowerLoss, baselineLoss);
    assertClose(lower.ci95[0], -0.06455756948228143);
    assertClose(lower.ci95[1], -0.04344243051771855);
  });

  it('gives p = 1 for zero variance and equal means, p = 0 for zero variance and different means', () => {
    assert.equal(welchTTest([1, 1, 1], [1, 1, 1]).p, 1);
    const separated = welchTTest([2, 2, 2], [1, 1, 1]);
    assert.equal(separated.p, 0);
    assert.equal(separated.t, Infinity);
  });
});

describe('mannWhitneyU', () => {
  it('uses the exact distribution without ties: complete separation of 5 vs 5 gives 2/252', () => {
    // Only 1 of C(10, 5) = 252 orderings puts all five lowest in one group; two-sided doubles it.
    // scipy.stats.mannwhitneyu([1..5], [6..10], method='exact') agrees: 0.007936507936507936.
    const result = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    assert.equal(result.method, 'exact');
    assert.equal(result.u, 0);
    assertClose(result.p, 2 / 252, 1e-15);
  });

  it('matches SciPy exact for unequal group sizes', () => {
    // scipy.stats.mannwhitneyu(groupY, groupX, method='exact') → statistic 29, p 0.008658008658008658
    const result = mannWhitneyU(groupY, groupX);
    assert.equal(result.method, 'exact');
    assert.equal(result.u, 29);
    assertClose(result.p, 0.008658008658008658, 1e-12);
  });

  it('switches to the tie- and continuity-corrected normal approximation when there are ties', () => {
    // scipy.stats.mannwhitneyu([1,2,2,3,4], [2,3,3,5,6,6], method='asymptotic', use_continuity=True)
    // → statistic 6, p 0.1130499788563229
    const result = mannWhitneyU([1, 2, 2, 3, 4], [2, 3, 3, 5, 6, 6]);
    assert.equal(result.method, 'normal-approximation');
    assert.equal(result.u, 6);
    assertClose(result.p, 0.1130499788563229, 1e-12);
  });

  it('gives p = 1 when every value is identical', () => {
    assert.equal(mannWhitneyU([0.4, 0.4, 0.4], [0.4, 0.4, 0.4]).p, 1);
  });
});

describe('holmAdjust', () => {
  it('applies the step-down rule and keeps the input order', () => {
    // Worked by hand (Holm 1979): sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06,
    // 0.04·1 = 0.04 → raised to the running maximum 0.06.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((expected, index) => assertClose(adjusted[index], expected, 1e-15));
  });

  it('caps adjusted p-values at 1', () => {
    assert.deepEqual(holmAdjust([0.6, 0.9]), [1, 1]);
  });
});

describe('hedgesG', () => {
  it('is the pooled-SD mean difference times the small-sample correction', () => {
    // NumPy, straight from Hedges & Olkin (1985): d = (ȳ − x̄) / s_pooled = 2.3257572596260747,
    // J = 1 − 3 / (4·11 − 9) → g = 2.126406637372411.
    assertClose(hedgesG(groupY, groupX), 2.126406637372411);
    assertClose(hedgesG(groupX, groupY), -2.126406637372411);
  });
});

describe('hedgesGInterval', () => {
  it('is g ± z(0.975) times the large-sample standard error', () => {
    // SciPy has no interval for g; computed in Python from Hedges & Olkin's variance with
    // scipy.stats.norm.ppf(0.975): g ± z·√((n₁+n₂)/(n₁n₂) + g²/(2(n₁+n₂))), g = 2.126406637372411, n = 5, 6.
    const [low, high] = hedgesGInterval(2.126406637372411, 5, 6)!;
    assertClose(low, 0.6438209361651033);
    assertClose(high, 3.6089923385797187);
  });

  it('is null when g is not finite', () => {
    assert.equal(hedgesGInterval(Infinity, 3, 3), null);
  });
});

describe('equivalenceP (TOST)', () => {
  it('is the larger of the two one-sided Welch p-values, as SciPy gives them', () => {
    // max(scipy.stats.ttest_ind(overlappingLoss + m, baselineLoss, equal_var=False, alternative='greater').pvalue,
    //     scipy.stats.ttest_ind(overlappingLoss − m, baselineLoss, equal_var=False, alternative='less').pvalue)
    assertClose(equivalenceP(overlappingLoss, baselineLoss, 0.02), 0.006455538970458435, 1e-12);
    assertClose(equivalenceP(overlappingLoss, baselineLoss, 0.005), 0.40936186230767685, 1e-12);
  });

  it('decides constant groups by the margin alone, and refuses a margin that is not positive', () => {
    assert.equal(equivalenceP([1, 1], [1.001, 1.001], 0.01), 0);
    assert.equal(equivalenceP([1, 1], [2, 2], 0.01), 1);
    assert.throws(() => equivalenceP(groupX, groupY, 0), /margin must be positive/);
  });
});

describe('seedsPerGroupForPower', () => {
  it('matches the exact noncentral-t answer for textbook effect sizes', () => {
    // Smallest n with power ≥ 0.8 at α = 0.05 using scipy.stats.nct (exact noncentral t):
    // d = 0.5 → 64, d = 1 → 17, d = 2 → 6. R's power.t.test(delta = d, power = 0.8) gives
    // n = 63.77 and 16.71 for the first two, which round up to the same.
    assert.equal(seedsPerGroupForPower(0.5, 0.05), 64);
    assert.equal(seedsPerGroupForPower(1, 0.05), 17);
    assert.equal(seedsPerGroupForPower(-2, 0.05), 6);
  });

  it('needs fewer seeds for a bigger effect', () => {
    const effects = [0.2, 0.35, 0.5, 0.8, 1.2, 1.6, 2.5, 4];
    const seeds = effects.map((d) => seedsPerGroupForPower(d, 0.05) ?? Number.NaN);
    for (let i = 1; i < seeds.length; i += 1) {
      assert.ok(seeds[i] <= seeds[i - 1], `d = ${effects[i]} needs ${seeds[i]}, more than ${seeds[i - 1]}`);
    }
    assert.ok(seeds[0] > seeds[seeds.length - 1]);
  });

  it('is null when there is no effect or it is undefined', () => {
    assert.equal(seedsPerGroupForPower(0, 0.05), null);
    assert.equal(seedsPerGroupForPower(Infinity, 0.05), null);
    assert.equal(seedsPerGroupForPower(Number.NaN, 0.05), null);
  });
});

describe('compareWithBaseline', () => {
  const baseline = summarise('relu', baselineLoss);

  it('calls a much lower loss better and a much higher loss worse', () => {
    const [lower, higher] = compareWithBaseline(
      baseline,
      [summarise('gelu', clearlyLowerLoss), summarise('sigmoid', clearlyHigherLoss)],
      { higherIsBetter: false },
    );
    // scipy.stats.ttest_ind(candidate, baselineLoss, equal_var=False).pvalue. Holm by hand: the smaller
    // (6.72e-6) doubles to 1.34e-5, which also lifts the larger (1.22e-5 · 1) to the running maximum.
    assertClose(lower.welchP, 1.2222077176329517e-5, 1e-15);
    assertClose(higher.welchP, 6.719417278133381e-6, 1e-15);
    assertClose(lower.adjustedP, 2 * 6.719417278133381e-6, 1e-15);
    assertClose(higher.adjustedP, 2 * 6.719417278133381e-6, 1e-15);
    // Complete separation of 5 vs 5 in both cases: exact Mann–Whitney 2/252.
    assertClose(lower.mannWhitneyP, 2 / 252, 1e-15);
    assert.deepEqual([lower.candidate, lower.significant, lower.verdict], ['gelu', true, 'better']);
    assert.deepEqual([higher.candidate, higher.significant, higher.verdict], ['sigmoid', true, 'worse']);
    assert.ok(lower.hedgesG! < 0 && higher.hedgesG! > 0, 'g is candidate minus baseline');
  });

  it('reports the difference, its share of the baseline and its interval beside the test', () => {
    const [lower] = compareWithBaseline(baseline, [summarise('gelu', clearlyLowerLoss)], { higherIsBetter: false });
    assertClose(lower.difference, 0.355 - 0.409, 1e-12);
    assertClose(lower.relativeDifference!, (0.355 - 0.409) / 0.409, 1e-12);
    assert.deepEqual(lower.differenceCi95, welchTTest(clearlyLowerLoss, baselineLoss).ci95);
    assert.deepEqual(lower.hedgesGCi95, hedgesGInterval(lower.hedgesG!, 5, 5));
    assert.equal(lower.caveat, null, 'a 13 % lower loss far from chance needs no caveat');
    assert.equal(lower.equivalenceP, null, 'no margin, no equivalence test');
  });

  it('says "still at chance level" when a better loss is within 5 % of ln k', () => {
    const chanceLevel = { value: Math.log(4), label: 'ln 4 ≈ 1.386' };
    const dead = summarise('relu', [1.3863, 1.3862, 1.3864, 1.3863, 1.3861]);
    const [leaky, elu] = compareWithBaseline(
      dead,
      [summarise('leakyReLU', [1.36, 1.358, 1.362, 1.361, 1.359]), summarise('elu', [0.6, 0.62, 0.58, 0.61, 0.59])],
      { higherIsBetter: false, chanceLevel },
    );
    assert.deepEqual([leaky.verdict, leaky.caveat], ['better', 'still at chance level (ln 4 ≈ 1.386)']);
    assert.deepEqual([elu.verdict, elu.caveat], ['better', null]);
  });

  it('says "significant but small" below a 2 % difference, and "equivalent" when TOST shows it', () => {
    const tight = summarise('relu', [1.0, 1.001, 0.999, 1.0005, 0.9995]);
    const [nudge] = compareWithBaseline(tight, [summarise('elu', [0.99, 0.991, 0.989, 0.9905, 0.9895])], {
      higherIsBetter: false,
    });
    assert.deepEqual([nudge.verdict, nudge.caveat], ['better', 'significant but small (−1.0 %)']);
    const [same] = compareWithBaseline(baseline, [summarise('elu', overlappingLoss)], {
      higherIsBetter: false,
      equivalenceMargin: 0.02,
    });
    assert.equal(same.significant, false);
    assertClose(same.equivalenceP!, 0.006455538970458435, 1e-12);
    assert.equal(same.caveat, 'equivalent within ±0.02');
  });

  it('flips the direction for accuracy, where higher is better', () => {
    const accuracyBaseline = summarise('relu', [0.91, 0.9, 0.92, 0.905, 0.915]);
    const [higher, lower] = compareWithBaseline(
      accuracyBaseline,
      [summarise('swish', [0.95, 0.955, 0.948, 0.952, 0.957]), summarise('tanh', [0.85, 0.86, 0.845, 0.855, 0.852])],
      { higherIsBetter: true },
    );
    assert.equal(higher.verdict, 'better');
    assert.equal(lower.verdict, 'worse');
  });

  it('finds no difference between a candidate and itself', () => {
    const [self] = compareWithBaseline(baseline, [summarise('relu', baselineLoss)], { higherIsBetter: false });
    assert.equal(self.welchP, 1);
    assert.equal(self.mannWhitneyP, 1);
    assert.equal(self.hedgesG, 0);
    assert.equal(self.significant, false);
    assert.equal(self.verdict, 'no significant difference at α = 0.05 with 5 seeds');
    assert.equal(self.seedsNeeded, null);
  });

  it('Holm-adjusts across candidates, so two raw p < 0.05 can stop being significant', () => {
    // Welch p (SciPy, as above): 0.02869450659301409, 0.019309666726837534, 0.47483058628382613.
    // Holm by hand: 0.0193·3 = 0.057929, max(0.057929, 0.0287·2) = 0.057929, max(…, 0.4748·1) = 0.4748.
    const comparisons = compareWithBaseline(
      baseline,
      [
        summarise('elu', [0.398, 0.385, 0.39, 0.407, 0.394]),
        summarise('selu', [0.396, 0.383, 0.392, 0.405, 0.393]),
        summarise('leaky_relu', overlappingLoss),
      ],
      { higherIsBetter: false },
    );
    assertClose(comparisons[0].welchP, 0.02869450659301409);
    assertClose(comparisons[1].welchP, 0.019309666726837534);
    assertClose(comparisons[0].adjustedP, 3 * 0.019309666726837534);
    assertClose(comparisons[1].adjustedP, 3 * 0.019309666726837534);
    assertClose(comparisons[2].adjustedP, 0.47483058628382613);
    assert.deepEqual(
      comparisons.map((comparison) => comparison.significant),
      [false, false, false],
    );
    assert.ok(comparisons.every((comparison) => comparison.seedsNeeded !== null && comparison.seedsNeeded > 5));
  });

  it('respects a custom α and names unequal seed counts in the verdict', () => {
    const [result] = compareWithBaseline(baseline, [summarise('elu', [0.401, 0.415, 0.396, 0.41])], {
      alpha: 0.01,
      higherIsBetter: false,
    });
    assert.equal(result.verdict, 'no significant difference at α = 0.01 with 4 seeds (baseline: 5)');
  });

  it('rejects an invalid α and summaries that were not built by summarise', () => {
    assert.throws(() => compareWithBaseline(baseline, [], { alpha: 0, higherIsBetter: false }), /alpha must be/);
    const broken = { ...summarise('mish', [0.3, 0.31]), values: [0.3, Number.NaN] };
    assert.throws(() => compareWithBaseline(baseline, [broken], { higherIsBetter: false }), /'mish' has a non-finite/);
  });
});
