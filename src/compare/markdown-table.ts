/** The comparison as a Markdown table: printed by the CLI, copied from the panel. */
import type { CompareResult } from './compare-runs.ts';

const format = (value: number) => (Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : value.toPrecision(4));
const formatP = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

export function comparisonTable(result: CompareResult): string {
  const rows = [
    `| activation | ${result.metric} mean ± sd | 95% CI | p (Welch, Holm) | p (Mann–Whitney) | Hedges' g | verdict | seeds for power 0.8 |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  // Without a baseline there are no comparisons; with one, it is candidates[0] and comparisons follow in order.
  const offset = result.candidates.length - result.comparisons.length;
  result.candidates.forEach((candidate, index) => {
    const comparison = index >= offset ? result.comparisons[index - offset] : undefined;
    const spread = `${format(candidate.mean)} ± ${format(candidate.std)}`;
    const interval = `[${format(candidate.ci95[0])}, ${format(candidate.ci95[1])}]`;
    rows.push(
      comparison
        ? `| ${candidate.activation} | ${spread} | ${interval} | ${formatP(comparison.adjustedP)} | ${formatP(comparison.mannWhitneyP)} | ${Number.isFinite(comparison.hedgesG) ? comparison.hedgesG.toFixed(2) : String(comparison.hedgesG)} | ${comparison.verdict} | ${comparison.seedsNeeded ?? '—'} |`
        : `| ${candidate.activation} (baseline) | ${spread} | ${interval} | — | — | — | — | — |`,
    );
  });
  for (const { activation, reason } of result.excluded) rows.push(`| ${activation} | no result: ${reason.replace(/\|/g, '\\|')} | | | | | | |`);
  return rows.join('\n');
}
