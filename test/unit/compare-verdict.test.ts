/** How a comparison's outcome reads: the verdict with its caveat, the headline, the numbers, the winner's edit. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareWithBaseline, summarise } from '../../src/compare/stats.ts';
import { winnerFix } from '../../src/compare/winner-fix.ts';
import type { CompareResult } from '../../src/core/compare/comparison-schema.ts';
import {
  changeWords,
  formatEffectSizeInterval,
  pValueWords,
  signedIntervalWords,
} from '../../src/core/compare/stat-format.ts';
import { comparisonHeadline, verdictWords, winner } from '../../src/core/compare/verdict-words.ts';

const relu = summarise('relu', [0.412, 0.398, 0.405, 0.421, 0.409]);
const elu = summarise('elu', [0.352, 0.361, 0.349, 0.358, 0.355]);
const tanh = summarise('tanh', [0.401, 0.415, 0.396, 0.41, 0.404]);

function comparison(candidates = [elu, tanh], chanceLevel: CompareResult['chanceLevel'] = null): CompareResult {
  return {
    schemaVersion: 1,
    script: '/w/train.js',
    metric: 'val_loss',
    target: 'train.js:9 (dense #2)',
    baseline: 'relu',
    chanceLevel,
    equivalenceMargin: null,
    seeds: [1, 2, 3, 4, 5],
    candidates: [relu, ...candidates],
    comparisons: compareWithBaseline(relu, candidates, { higherIsBetter: false, chanceLevel }),
    runs: [],
    excluded: [],
  };
}

describe('numbers', () => {
  test('p below 0.001 reads "p < 0.001", never "p = < 0.001"', () => {
    assert.equal(pValueWords(0.0004), 'p < 0.001');
    assert.equal(pValueWords(0.0031), 'p = 0.003');
  });

  test('differences carry a sign, a share of the baseline and an interval', () => {
    assert.equal(changeWords(-0.21, -0.15), '−0.21 (−15 %)');
    assert.equal(changeWords(0.004, 0.008), '+0.004 (+0.8 %)');
    assert.equal(signedIntervalWords([-0.3, -0.12]), '−0.3 … −0.12');
    assert.equal(formatEffectSizeInterval(-14.2, [-23.1, -5.3]), '−14.20 [−23.1, −5.3]');
    assert.equal(formatEffectSizeInterval(null, null), '∞');
  });
});

describe('verdict words', () => {
  test('a verdict with a caveat says "but"; a worse one gets no chance-level "but"', () => {
    const chanceLevel = { value: 0.37, label: 'chance 0.37' };
    const [better, worse] = comparison([elu, tanh], chanceLevel).comparisons;
    assert.equal(verdictWords(better!), 'better, but still at chance level (chance 0.37)');
    const [higher] = comparison([summarise('tanh', [0.47, 0.48, 0.46, 0.475, 0.465])], chanceLevel).comparisons;
    assert.equal(verdictWords(higher!), 'worse');
    assert.equal(worse!.caveat, null);
  });

  test('the headline names the best better candidate with difference, p and seeds', () => {
    const result = comparison();
    assert.equal(winner(result)?.candidate, 'elu');
    assert.equal(comparisonHeadline(result), 'elu better than relu: val_loss −0.054 (−13 %), p < 0.001, 5 seeds');
  });

  test('without a better candidate the headline says so, and there is no winner', () => {
    const result = comparison([tanh]);
    assert.equal(winner(result), null);
    assert.equal(
      comparisonHeadline(result),
      'No candidate beats relu on val_loss (no significant difference, 5 seeds).',
    );
  });

  test('a better candidate still at chance level keeps its caveat in the headline', () => {
    // The dying-ReLU case: every seed of relu at ln 4, LeakyReLU a little below it.
    const dead = summarise('relu', [1.3863, 1.3862, 1.3864, 1.3863, 1.3861]);
    const leaky = summarise('leakyReLU', [1.36, 1.358, 1.362, 1.361, 1.359]);
    const chanceLevel = { value: Math.log(4), label: 'ln 4 ≈ 1.386' };
    const result: CompareResult = {
      ...comparison(),
      metric: 'loss',
      chanceLevel,
      candidates: [dead, leaky],
      comparisons: compareWithBaseline(dead, [leaky], { higherIsBetter: false, chanceLevel }),
    };
    assert.equal(
      comparisonHeadline(result),
      'leakyReLU better than relu: loss −0.0263 (−1.9 %), p < 0.001, 5 seeds — but still at chance level (ln 4 ≈ 1.386)',
    );
  });
});

describe('winnerFix', () => {
  test('writes what the comparison ran: SELU with leCunNormal, LeakyReLU and PReLU as layers', () => {
    assert.deepEqual(winnerFix('elu'), { action: 'swap-activation', to: 'elu' });
    assert.deepEqual(winnerFix('selu'), { action: 'swap-activation', to: 'selu', kernelInitializer: 'leCunNormal' });
    assert.deepEqual(winnerFix('leakyReLU'), { action: 'insert-activation-layer', layer: 'leakyReLU', alpha: 0.01 });
    assert.deepEqual(winnerFix('prelu'), { action: 'insert-activation-layer', layer: 'prelu' });
    assert.equal(winnerFix('nonsense'), null);
  });
});
