/**
 * A comparison row by row, as the Markdown table and the panel both show it: each summary, whether it is
 * the baseline, and the test of it against the baseline.
 */
import type { CandidateSummary, CompareResult, Comparison } from './comparison-schema.ts';

export interface ComparisonRow {
  summary: CandidateSummary;
  isBaseline: boolean;
  /** Null for the baseline, and for every candidate when the baseline's runs failed (nothing to test against). */
  comparison: Comparison | null;
}

export function comparisonRows(result: CompareResult): ComparisonRow[] {
  // The baseline comes first when it has values: always when there are comparisons (paired by position, as
  // the schema checks), otherwise unless its runs failed and it is among the excluded.
  const hasBaseline =
    result.comparisons.length > 0 || !result.excluded.some((excluded) => excluded.activation === result.baseline);
  return result.candidates.map((summary, index) => ({
    summary,
    isBaseline: hasBaseline && index === 0,
    comparison: hasBaseline && index > 0 ? (result.comparisons[index - 1] ?? null) : null,
  }));
}
