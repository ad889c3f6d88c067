/** The comparison row by row, and as the Markdown table the CLI prints and the panel copies. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CompareResult } from '../../src/core/compare/comparison-schema.ts';
import { comparisonRows } from '../../src/core/compare/comparison-rows.ts';
import { comparisonTable } from '../../src/core/compare/comparison-table.ts';
import { compareWithBaseline, summarise } from '../../src/compare/stats.ts';

const relu = summarise('relu', [1.95, 1.96, 1.94]);
const relu2 = summarise('relu', [1.951, 1.958, 1.949]);
const elu = summarise('elu', [0.5, 0.6, 0.55]);
/** A comparison of three seeds' losses against relu: nothing in it unless `change` puts it there. */
function result(change: Partial<CompareResult>): CompareResult {
  return {
    schemaVersion: 1,
    script: '/s.js',
    metric: 'loss',
    target: 's.js:3 (dense #1)',
    baseline: 'relu',
    chanceLevel: null,
    equivalenceMargin: null,
    seeds: [1, 2, 3],
    runs: [],
    excluded: [],
    candidates: [],
    comparisons: [],
    ...change,
  };
}

describe('comparisonRows', () => {
  test('pairs tests with candidates by position, even a candidate named like the baseline', () => {
    const candidates = [relu, relu2, elu];
    const rows = comparisonRows(
      result({ candidates, comparisons: compareWithBaseline(relu, [relu2, elu], { higherIsBetter: false }) }),
    );
    assert.deepEqual(
      rows.map((row) => [row.summary.activation, row.isBaseline, row.comparison?.candidate ?? null]),
      [
        ['relu', true, null],
        ['relu', false, 'relu'],
        ['elu', false, 'elu'],
      ],
    );
  });

  test('a baseline whose runs failed leaves its candidates untested', () => {
    const baselineFailed = result({
      candidates: [elu],
      excluded: [{ activation: 'relu', reason: 'seed 1: the run failed' }],
    });
    assert.deepEqual(
      comparisonRows(baselineFailed).map((row) => [row.isBaseline, row.comparison]),
      [[false, null]],
    );
    assert.match(comparisonTable(baselineFailed), /^\| elu \| no baseline to compare with \| — \| /m);
  });
});

describe('comparisonTable', () => {
  test('an infinite effect size (both groups constant) is null and reads ∞', () => {
    const constant = [summarise('relu', [1, 1, 1]), summarise('elu', [2, 2, 2])];
    const comparison = result({
      candidates: constant,
      comparisons: compareWithBaseline(constant[0]!, [constant[1]!], { higherIsBetter: false }),
    });
    assert.equal(comparison.comparisons[0]!.hedgesG, null);
    assert.match(
      comparisonTable(comparison),
      /^\| elu \| worse \| \+1 \(\+100 %\), 95 % CI \+1 … \+1 \| .* \| ∞ \| — \|$/m,
    );
  });

  test('a reason with a pipe or a line break stays in its cell', () => {
    const table = comparisonTable(
      result({ candidates: [relu], excluded: [{ activation: 'selu', reason: 'seed 1: a | b\n  at line 3' }] }),
    );
    assert.equal(table.split('\n').at(-1), '| selu | no result: seed 1: a \\| b at line 3 | | | | | | | |');
  });
});
