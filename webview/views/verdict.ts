/**
 * How a compared activation came out, in words and in colour: significantly better or worse than the
 * baseline stands out (bold, green or red, with an icon); no significant difference says how many seeds
 * would have been needed to see the observed effect.
 */
import type { ComparisonRow } from '../../src/core/compare/comparison-rows.ts';
import { formatEffectSizeInterval, pValueWords } from '../../src/core/compare/stat-format.ts';
import { verdictWords } from '../../src/core/compare/verdict-words.ts';
import { h, icon } from '../dom.ts';
import type { ChartTheme } from '../theme.ts';

export type Outcome = 'baseline' | 'better' | 'worse' | 'no-difference' | 'untested';

export function outcomeOf({ isBaseline, comparison }: ComparisonRow): Outcome {
  if (isBaseline) return 'baseline';
  if (!comparison) return 'untested';
  if (!comparison.significant) return 'no-difference';
  // A significant verdict is the word "better" or "worse" (src/compare/stats.ts).
  return comparison.verdict === 'worse' ? 'worse' : 'better';
}

export function outcomeColour(outcome: Outcome, theme: ChartTheme): string {
  switch (outcome) {
    case 'baseline':
      return theme.foreground;
    case 'better':
      return theme.better;
    case 'worse':
      return theme.worse;
    default:
      return theme.palette[0]!;
  }
}

export function verdictCell({ comparison }: ComparisonRow, outcome: Outcome): HTMLTableCellElement {
  if (outcome === 'baseline') return h('td', { class: 'verdict' }, 'the script’s own activation');
  if (!comparison) return h('td', { class: 'verdict' }, 'not tested: the baseline has no result');
  const significant = outcome === 'better' || outcome === 'worse';
  const tests = `Welch’s t-test: ${pValueWords(comparison.welchP)}, Holm-adjusted ${pValueWords(comparison.adjustedP)}. Mann–Whitney U: ${pValueWords(comparison.mannWhitneyP)}. Hedges’ g: candidate − baseline, in pooled standard deviations, with its approximate 95 % interval.`;
  return h(
    'td',
    { class: 'verdict' },
    h(
      'div',
      { class: 'verdict-words' },
      ...(significant ? [icon(outcome === 'better' ? 'pass-filled' : 'error'), ' '] : []),
      verdictWords(comparison),
    ),
    h(
      'div',
      { class: 'verdict-facts', title: tests },
      h('span', {}, pValueWords(comparison.adjustedP)),
      ' · ',
      h('span', {}, `g = ${formatEffectSizeInterval(comparison.hedgesG, comparison.hedgesGCi95)}`),
    ),
    // Only a non-significant result needs it: could these seeds have seen the observed effect at all?
    ...(!significant && comparison.seedsNeeded !== null
      ? [h('div', { class: 'verdict-facts' }, `${comparison.seedsNeeded} seeds each would detect this effect`)]
      : []),
  );
}
