/**
 * Axis labels that never repeat: uPlot places ticks at round steps, but three significant digits can print
 * two neighbouring ticks alike ("1.39, 1.39" for 1.385 and 1.39). Each axis gets the fewest digits that tell
 * all its ticks apart.
 */
export type FormatWithDigits = (value: number, digits: number) => string;

/** 17 significant digits tell any two different doubles apart. */
const MAX_DIGITS = 17;

export function distinctTickLabels(ticks: readonly number[], format: FormatWithDigits, digits = 3): string[] {
  let labels = ticks.map((tick) => format(tick, digits));
  for (let more = digits + 1; hasRepeat(labels) && more <= MAX_DIGITS; more += 1)
    labels = ticks.map((tick) => format(tick, more));
  return labels;
}

function hasRepeat(labels: readonly string[]): boolean {
  return labels.some((label, index) => index > 0 && label === labels[index - 1]);
}
