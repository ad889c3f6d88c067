import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { traceByPixelColumn, type LineSink } from '../../webview/pixel-columns.ts';

interface Traced {
  /** One array of [x, y] points per line (a moveTo starts one). */
  lines: [number, number][][];
  count: number;
}

/** Traces `ys` (NaN = gap) with x = index × `pixelsPerPoint`, recording what a canvas would be told. */
function trace(ys: number[], pixelsPerPoint: number): Traced {
  const lines: [number, number][][] = [];
  const sink: LineSink = {
    moveTo: (x, y) => lines.push([[x, y]]),
    lineTo: (x, y) => {
      assert.ok(lines.length > 0, 'lineTo before any moveTo');
      lines.at(-1)!.push([x, y]);
    },
  };
  const count = traceByPixelColumn(
    0,
    ys.length - 1,
    (index) => index * pixelsPerPoint,
    (index) => ys[index]!,
    sink,
  );
  return { lines, count };
}

const allPoints = (traced: Traced) => traced.lines.flat();

describe('traceByPixelColumn', () => {
  test('keeps every point when each has a pixel column of its own', () => {
    const ys = [5, 3, 8, 1];
    const traced = trace(ys, 10);
    assert.deepEqual(traced.lines, [
      [
        [0, 5],
        [10, 3],
        [20, 8],
        [30, 1],
      ],
    ]);
    assert.equal(traced.count, 4);
  });

  test('never more than two points per pixel column, and a spike and a zero among 20,000 points survive', () => {
    const ys = Array.from({ length: 20_000 }, (_, index) => 50 + Math.sin(index / 300) * 10);
    ys[7_321] = 1_000; // a spike (in pixels: far down the canvas)
    ys[15_002] = 0; // a drop to zero
    const columns = 300;
    const traced = trace(ys, columns / ys.length);
    const points = allPoints(traced);
    assert.equal(traced.count, points.length);
    assert.ok(points.length <= 2 * (columns + 1), `${points.length} points for ${columns + 1} columns`);
    const perColumn = new Map<number, number>();
    for (const [x] of points) perColumn.set(x, (perColumn.get(x) ?? 0) + 1);
    assert.ok([...perColumn.values()].every((count) => count <= 2));
    assert.ok(
      points.some(([, y]) => y === 1_000),
      'the spike is kept',
    );
    assert.ok(
      points.some(([, y]) => y === 0),
      'the zero is kept',
    );
    assert.equal(Math.max(...points.map(([, y]) => y)), Math.max(...ys));
    assert.equal(Math.min(...points.map(([, y]) => y)), Math.min(...ys));
  });

  test("a column's extremes keep the order they occurred in", () => {
    // Five points in one column: the maximum (9) before the minimum (-4).
    assert.deepEqual(trace([2, 9, 3, -4, 1], 0.1).lines, [
      [
        [0, 9],
        [0, -4],
      ],
    ]);
    assert.deepEqual(trace([2, -4, 3, 9, 1], 0.1).lines, [
      [
        [0, -4],
        [0, 9],
      ],
    ]);
  });

  test('a flat column is one point', () => {
    assert.deepEqual(trace([7, 7, 7, 7], 0.1).lines, [[[0, 7]]]);
  });

  test('a gap (NaN or an infinite pixel) ends the line and the next value starts a new one', () => {
    const traced = trace([1, 2, Number.NaN, 4, Number.POSITIVE_INFINITY, 6, 7], 10);
    assert.deepEqual(traced.lines, [
      [
        [0, 1],
        [10, 2],
      ],
      [[30, 4]],
      [
        [50, 6],
        [60, 7],
      ],
    ]);
    assert.equal(traced.count, 5);
  });

  test('a gap inside a column flushes what came before it, so no line crosses the gap', () => {
    const traced = trace([1, 5, Number.NaN, 3, 2], 0.3);
    // Columns: 0 (x 0, 0.3), 1 (x 0.9, 1.2); the gap splits them into two lines.
    assert.deepEqual(traced.lines, [
      [
        [0, 1],
        [0, 5],
      ],
      [
        [1, 3],
        [1, 2],
      ],
    ]);
  });

  test('only gaps, or nothing, trace nothing', () => {
    assert.deepEqual(trace([Number.NaN, Number.NaN], 10), { lines: [], count: 0 });
    assert.deepEqual(trace([], 10), { lines: [], count: 0 });
  });

  test('traces only the range it is given', () => {
    const ys = [1, 2, 3, 4, 5];
    const points: number[] = [];
    const sink: LineSink = { moveTo: (_x, y) => points.push(y), lineTo: (_x, y) => points.push(y) };
    traceByPixelColumn(
      1,
      3,
      (index) => index * 10,
      (index) => ys[index]!,
      sink,
    );
    assert.deepEqual(points, [2, 3, 4]);
  });
});
