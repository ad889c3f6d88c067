/** The comparison as a Markdown table: printed by the CLI, copied from the panel. Pure: the panel bundles it. */
import type { CompareResult } from './comparison-schema.ts';
import { comparisonRows } from './comparison-rows.ts';
import { differenceWords, formatEffectSizeInterval, formatP } from './stat-format.ts';
import { verdictWords } from './verdict-words.ts';
import { formatNumber } from '../format.ts';

/** Final metrics of different activations often differ in the third digit. */
const format = (value: number) => formatNumber(value, 4);

/** The verdict comes right after the name: it is what the table is read for. */
const HEADER = [
  'activation',
  'verdict',
  'difference vs baseline, 95% CI',
  'mean ± sd',
  '95% CI of the mean',
  'p (Welch, Holm)',
  'p (Mann–Whitney)',
  "Hedges' g [95% CI]",
  'seeds for power 0.8',
];

export function comparisonTable(result: CompareResult): string {
  const rows = [`| ${HEADER.join(' | ')} |`, `|${'---|'.repeat(HEADER.length)}`];
  for (const { summary, isBaseline, comparison } of comparisonRows(result)) {
    const spread = `${format(summary.mean)} ± ${format(summary.std)}`;
    const interval = `[${format(summary.ci95[0])}, ${format(summary.ci95[1])}]`;
    const name = cell(summary.activation) + (isBaseline ? ' (baseline)' : '');
    const cells = comparison
      ? [
          name,
          cell(verdictWords(comparison)),
          differenceWords(comparison.difference, comparison.relativeDifference, comparison.differenceCi95),
          spread,
          interval,
          formatP(comparison.adjustedP),
          formatP(comparison.mannWhitneyP),
          formatEffectSizeInterval(comparison.hedgesG, comparison.hedgesGCi95),
          String(comparison.seedsNeeded ?? '—'),
        ]
      : [name, isBaseline ? '—' : 'no baseline to compare with', '—', spread, interval, '—', '—', '—', '—'];
    rows.push(`| ${cells.join(' | ')} |`);
  }
  for (const { activation, reason } of result.excluded)
    rows.push(`| ${cell(activation)} | no result: ${cell(reason)} |${' |'.repeat(HEADER.length - 2)}`);
  return rows.join('\n');
}

/** Text inside a cell: a `|` or a line break (an error message's) would end it. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
