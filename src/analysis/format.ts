/** How numbers read in finding messages: short, and never "0" for a tiny gradient. */

/** 3 significant digits; scientific notation outside [0.001, 100000). */
export function formatNumber(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(1).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

/** A share as a whole percent, e.g. 0.4375 → "44%". */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "28 of 64 units (44%)". */
export function formatShare(count: number, total: number, noun: string): string {
  return `${count} of ${total} ${noun} (${formatPercent(total === 0 ? 0 : count / total)})`;
}

