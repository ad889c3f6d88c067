/** How a comparison's statistics read, the same in the Markdown table, the panel, the CLI and notifications. */
import { formatNumber } from '../format.ts';

/** "0.013", or "< 0.001" where more digits would claim a precision the test does not have. */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** "p = 0.013", "p < 0.001" (never "p = < 0.001"). */
export function pValueWords(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${formatP(p)}`;
}

/** Hedges' g to two decimals; "∞" when both groups were constant (the data carry it as null). */
export function formatEffectSize(g: number | null): string {
  return g === null || !Number.isFinite(g) ? '∞' : formatSigned(g, 2);
}

/** "−1.85 [−3.3, −0.4]": the interval shows how little five seeds pin an effect size down. */
export function formatEffectSizeInterval(g: number | null, interval: readonly [number, number] | null): string {
  const range = interval ? ` [${formatSigned(interval[0], 1)}, ${formatSigned(interval[1], 1)}]` : '';
  return `${formatEffectSize(g)}${range}`;
}

/** "−15 %", "+0.8 %": one decimal below 10 %, where the small differences live. */
export function formatSignedPercent(share: number): string {
  const percent = share * 100;
  return `${formatSigned(percent, Math.abs(percent) < 10 ? 1 : 0)} %`;
}

/** "−0.21 (−15 %)": the difference and its share of the baseline's mean. */
export function changeWords(difference: number, relative: number | null): string {
  return `${signedNumber(difference)}${relative === null ? '' : ` (${formatSignedPercent(relative)})`}`;
}

/** "−0.3 … −0.12". */
export function signedIntervalWords([low, high]: readonly [number, number]): string {
  return `${signedNumber(low)} … ${signedNumber(high)}`;
}

/** "−0.21 (−15 %), 95 % CI −0.3 … −0.12". */
export function differenceWords(
  difference: number,
  relative: number | null,
  interval: readonly [number, number],
): string {
  return `${changeWords(difference, relative)}, 95 % CI ${signedIntervalWords(interval)}`;
}

function signedNumber(value: number): string {
  return signed(formatNumber(value));
}

/** A true minus sign and an explicit plus, so that a difference's direction reads at a glance. */
function formatSigned(value: number, decimals: number): string {
  return signed(value.toFixed(decimals));
}

function signed(text: string): string {
  if (text.startsWith('-')) return `−${text.slice(1)}`;
  return /^0(\.0*)?$/.test(text) ? text : `+${text}`;
}
