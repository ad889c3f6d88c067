/**
 * A log axis has no place for zero: uPlot leaves such a point out, and a layer whose gradient is exactly zero
 * — a dead layer, the case that matters most — would vanish from its chart. Zero, negative and non-finite
 * values are drawn instead on a floor one decade below the smallest positive value, which the axis labels "0".
 */
export interface LogFloorData {
  values: (number | null)[][];
  /** The floor's value, or null when every value is positive and finite (nothing needs it). */
  floor: number | null;
}

/** The floor when no value is positive: any decade will do, there is nothing to compare with. */
const FLOOR_WITHOUT_POSITIVES = 1e-3;

export function onLogFloor(series: (number | null)[][]): LogFloorData {
  let smallest = Number.POSITIVE_INFINITY;
  let needsFloor = false;
  for (const values of series)
    for (const value of values) {
      if (value === null) continue;
      if (value > 0 && Number.isFinite(value)) smallest = Math.min(smallest, value);
      else needsFloor = true;
    }
  if (!needsFloor) return { values: series, floor: null };
  // Parsed from "1e-5" rather than computed as 10 ** -5 (0.000009999…), so the floor is the decade itself.
  const floor = Number.isFinite(smallest)
    ? Number(`1e${Math.floor(Math.log10(smallest)) - 1}`)
    : FLOOR_WITHOUT_POSITIVES;
  return {
    values: series.map((values) =>
      values.map((value) => (value === null || (value > 0 && Number.isFinite(value)) ? value : floor)),
    ),
    floor,
  };
}

/** Whether a tick sits on the floor (uPlot's log ticks are computed, so not always bit-equal to it). */
export function isFloor(tick: number, floor: number | null): boolean {
  return floor !== null && Math.abs(tick - floor) <= floor * 1e-9;
}
