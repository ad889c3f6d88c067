import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatNumber } from '../../src/core/format.ts';
import { isFloor, onLogFloor } from '../../webview/log-floor.ts';
import { depthColor, type ChartTheme } from '../../webview/theme.ts';
import { distinctTickLabels } from '../../webview/tick-labels.ts';

describe('tick labels', () => {
  test('neighbouring ticks that print alike at 3 digits get more', () => {
    assert.deepEqual(distinctTickLabels([1.38, 1.385, 1.39, 1.395], formatNumber), ['1.38', '1.385', '1.39', '1.395']);
  });

  test('ticks that already differ keep 3 digits', () => {
    assert.deepEqual(distinctTickLabels([0, 0.5, 1], formatNumber), ['0', '0.5', '1']);
    assert.deepEqual(distinctTickLabels([1e-6, 1e-4, 0.01], formatNumber), ['1.0e-6', '1.0e-4', '0.01']);
  });
});

describe('log floor', () => {
  test('zero and non-finite values go one decade below the smallest positive one; gaps stay gaps', () => {
    const { values, floor } = onLogFloor([
      [0.02, 0, null],
      [0.5, Number.POSITIVE_INFINITY, 0.004],
    ]);
    assert.equal(floor, 1e-4);
    assert.deepEqual(values, [
      [0.02, 1e-4, null],
      [0.5, 1e-4, 0.004],
    ]);
    assert.ok(isFloor(1.0000000001e-4, floor));
    assert.ok(!isFloor(2e-4, floor));
  });

  test('all-positive data needs no floor and is passed through as is', () => {
    const series = [[1, 2, null]];
    const result = onLogFloor(series);
    assert.equal(result.floor, null);
    assert.equal(result.values, series);
  });

  test('a chart of zeros alone still has a floor to draw them on', () => {
    assert.equal(onLogFloor([[0, 0]]).floor, 1e-3);
  });
});

describe('depth colours', () => {
  const theme = {
    depthRamp: [
      [0, 0, 255],
      [255, 0, 0],
      [255, 255, 0],
    ],
  } as Pick<ChartTheme, 'depthRamp'> as ChartTheme;

  test('input, middle and output layers take the ramp’s ends and its middle; the rest lie between', () => {
    assert.equal(depthColor(theme, 0), 'rgb(0, 0, 255)');
    assert.equal(depthColor(theme, 0.5), 'rgb(255, 0, 0)');
    assert.equal(depthColor(theme, 1), 'rgb(255, 255, 0)');
    assert.equal(depthColor(theme, 0.25), 'rgb(128, 0, 128)');
  });

  test('twelve layers get twelve different colours', () => {
    const colours = Array.from({ length: 12 }, (_, index) => depthColor(theme, index / 11));
    assert.equal(new Set(colours).size, 12);
  });
});
