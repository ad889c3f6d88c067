/**
 * Which units of a very wide layer report their own "ever active" flag. One flag per unit costs two bytes of
 * JSON each, so a layer of 5,000,000 units would make a window larger than any event may be (MAX_EVENT_BYTES)
 * and the session would drop it whole. A layer wider than MAX_FLAGGED_UNITS reports a fixed sample instead: its
 * dead share is estimated from 16,384 units (standard error ≤ 0.4 percentage points), and its mean, variance
 * and gradients still cover every unit.
 */

/** 16,384 flags: 32 KiB of JSON, so even 200 such layers keep a window under the 8 MiB event limit. */
export const MAX_FLAGGED_UNITS = 16_384;

/**
 * The sampled units of a layer of `units` units, ascending: one per equal stratum, at a position within it fixed
 * by a hash of the stratum's index. Deterministic (the same units in every window and every run, so windows
 * combine unit by unit), spread over the whole layer, and not in step with any period of the unit order, as a
 * plain stride could be (a reshape that puts every 8th unit on the same input).
 */
export function sampledUnits(units: number, count = MAX_FLAGGED_UNITS): number[] {
  return Array.from({ length: count }, (_, stratum) => {
    const start = Math.floor((stratum * units) / count);
    const width = Math.floor(((stratum + 1) * units) / count) - start;
    return start + ((Math.imul(stratum + 1, 0x9e3779b1) >>> 0) % width);
  });
}
