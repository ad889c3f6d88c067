/** The comparison as a Markdown table: printed by the CLI, copied from the panel. Pure: the panel bundles it. */
import type { CompareResult } from './comparison-schema.ts';
import { comparisonRows } from './comparison-rows.ts';
import { formatEffectSize, formatP } from './stat-format.ts';
import { formatNumber } from '../format.ts';

/** Final metrics of different activations often differ in the third digit. */
const format = (value: number) => formatNumber(value, 4);

export function comparisonTable(result: CompareResult): string {
  const rows = [
    `| activation | ${result.metric} mean ± sd | 95% CI | p (Welch, Holm) | p (Mann–Whitney) | Hedges' g | verdict | seeds for power 0.8 |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const { summary, isBaseline, comparison } of comparisonRows(result)) {
    const spread = `${format(summary.mean)} ± ${format(summary.std)}`;
    const interval = `[${format(summary.ci95[0])}, ${format(summary.ci95[1])}]`;
    const name = cell(summary.activation) + (isBaseline ? ' (baseline)' : '');
    rows.push(
      comparison
        ? `| ${name} | ${spread} | ${interval} | ${formatP(comparison.adjustedP)} | ${formatP(comparison.mannWhitneyP)} | ${formatEffectSize(comparison.hedgesG)} | ${comparison.verdict} | ${comparison.seedsNeeded ?? '—'} |`
        : `| ${name} | ${spread} | ${interval} | — | — | — | ${isBaseline ? '—' : 'no baseline to compare with'} | — |`,
    );
  }
  for (const { activation, reason } of result.excluded)
    rows.push(`| ${cell(activation)} | no result: ${cell(reason)} | | | | | | |`);
  return rows.join('\n');
}

/** Text inside a cell: a `|` or a line break (an error message's) would end it. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
