/** How a comparison's statistics read, the same in the Markdown table and in the panel. */

/** "0.013", or "< 0.001" where more digits would claim a precision the test does not have. */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** "p = 0.013", "p < 0.001". */
export function pValueWords(p: number): string {
  return p < 0.001 ? `p ${formatP(p)}` : `p = ${formatP(p)}`;
}

/** Hedges' g to two decimals; "∞" when both groups were constant (the data carry it as null). */
export function formatEffectSize(g: number | null): string {
  return g === null || !Number.isFinite(g) ? '∞' : g.toFixed(2);
}
