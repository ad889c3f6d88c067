/**
 * Traces a line at the resolution it is drawn at: points that fall in the same pixel column become at most two,
 * the column's smallest and largest value in the order they occurred, so a spike or a drop to zero within the
 * column stays visible while a line never has more points than twice the pixels it spans. A non-finite y (a gap
 * in the data) ends the line; the next value starts a new one.
 *
 * Pure over pixel coordinates, so it can be tested without a canvas: a 2D context is a `LineSink`.
 */
export interface LineSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

/**
 * Traces points `from` to `to` (inclusive) into `sink`; `xAt` and `yAt` give a point's position in pixels, x
 * ascending. x is rounded to whole pixels, the columns. Returns how many points the sink received.
 */
export function traceByPixelColumn(
  from: number,
  to: number,
  xAt: (index: number) => number,
  yAt: (index: number) => number,
  sink: LineSink,
): number {
  let traced = 0;
  /** Whether a line is open: the next point continues it; otherwise it starts one. */
  let open = false;
  /** The column being gathered, NaN for none; its extremes and where in the sequence they occurred. */
  let column = Number.NaN;
  let min = 0;
  let max = 0;
  let minAt = 0;
  let maxAt = 0;

  const emit = (x: number, y: number) => {
    if (open) sink.lineTo(x, y);
    else sink.moveTo(x, y);
    open = true;
    traced += 1;
  };
  const flush = () => {
    if (Number.isNaN(column)) return;
    if (minAt === maxAt) emit(column, min);
    else if (minAt < maxAt) {
      emit(column, min);
      emit(column, max);
    } else {
      emit(column, max);
      emit(column, min);
    }
    column = Number.NaN;
  };

  for (let index = from; index <= to; index += 1) {
    const y = yAt(index);
    const x = Math.round(xAt(index));
    if (!Number.isFinite(y) || !Number.isFinite(x)) {
      flush();
      open = false;
      continue;
    }
    if (x === column) {
      if (y < min) {
        min = y;
        minAt = index;
      } else if (y > max) {
        max = y;
        maxAt = index;
      }
      continue;
    }
    flush();
    column = x;
    min = max = y;
    minAt = maxAt = index;
  }
  flush();
  return traced;
}
