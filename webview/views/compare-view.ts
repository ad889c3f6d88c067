/**
 * An activation comparison (actlens.compareActivations, `actlens compare --report`), titled with the layer
 * compared: the headline, the baseline against the chance level where one is known, then per activation its
 * verdict first (visible in a 600 px panel), the difference from the baseline with its 95 % interval, mean and
 * interval, and a strip of its per-seed values with box and 95 % interval, all on one axis; below, the
 * activations whose runs failed, with the reason; and Copy table, which copies the Markdown table the CLI
 * prints. Rows are keyboard stops (arrow keys move between them) so that the numbers can be read out.
 */
import { fileName, formatNumber } from '../../src/core/format.ts';
import type { CompareResult } from '../../src/core/compare/comparison-schema.ts';
import { comparisonRows, type ComparisonRow } from '../../src/core/compare/comparison-rows.ts';
import { higherIsBetter } from '../../src/core/compare/final-metric.ts';
import { comparisonTable } from '../../src/core/compare/comparison-table.ts';
import { comparisonHeadline, comparisonTitle } from '../../src/core/compare/verdict-words.ts';
import { changeWords, signedIntervalWords } from '../../src/core/compare/stat-format.ts';
import { button, h, icon, moveRowFocus } from '../dom.ts';
import { linearScale, type LinearScale } from '../linear-scale.ts';
import type { ChartTheme } from '../theme.ts';
import { Announcement } from './announcement.ts';
import { paintAxis, paintStrip, type PlotSize } from './strip-plot.ts';
import { outcomeColour, outcomeOf, verdictCell, type Outcome } from './verdict.ts';

type Painter = (size: PlotSize, theme: ChartTheme) => void;

export class CompareView {
  readonly element = h('section', {
    id: 'compare',
    class: 'compare',
    hidden: '',
    'aria-label': 'Activations compared',
  });
  private readonly announcement = new Announcement();
  /** How to paint each canvas; a resize repaints one, a theme change all of them. */
  private readonly painters = new Map<HTMLCanvasElement, Painter>();
  private readonly sizes = new WeakMap<HTMLCanvasElement, PlotSize>();
  private readonly resizes = new ResizeObserver((entries) => {
    for (const { target, contentRect } of entries) {
      const canvas = target as HTMLCanvasElement;
      this.sizes.set(canvas, { width: contentRect.width, height: contentRect.height });
      this.paint(canvas);
    }
  });

  constructor(
    private readonly copy: (table: string) => void,
    private theme: ChartTheme,
  ) {}

  show(result: CompareResult): void {
    this.painters.clear();
    this.resizes.disconnect();
    const direction = higherIsBetter(result.metric) ? 'higher is better' : 'lower is better';
    const rows = comparisonRows(result);
    this.element.replaceChildren(
      h('h2', {}, comparisonTitle(result)),
      h('p', { class: 'compare-headline' }, comparisonHeadline(result)),
      practicalLine(result),
      h(
        'p',
        { class: 'compare-facts', title: result.script },
        [
          fileName(result.script),
          `final ${result.metric}, ${direction}`,
          seedsWords(result.seeds),
          'Welch’s t-test, Holm-adjusted',
          // Said because a sequential design would need a different correction; this one has none to need.
          'every seed ran (no early stop)',
        ].join(' · '),
      ),
      h(
        'div',
        { class: 'toolbar', role: 'toolbar', 'aria-label': 'Comparison' },
        button('copy', 'Copy table', 'Copy the comparison as a Markdown table', () =>
          this.copy(comparisonTable(result)),
        ),
        this.announcement.element,
      ),
      ...(rows.length > 0
        ? this.plots(rows, `${result.metric} per seed (${direction})`)
        : [h('p', { class: 'empty' }, 'No activation has a result to compare.')]),
      ...result.excluded.map(({ activation, reason }) =>
        h(
          'p',
          { class: 'compare-excluded' },
          icon('warning'),
          ' ',
          h('strong', {}, activation),
          `: no result, left out of the statistics — ${reason}`,
        ),
      ),
    );
    this.element.hidden = false;
  }

  /** Repaints every plot in the theme's colours and font (VS Code switched theme). */
  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    for (const canvas of this.painters.keys()) this.paint(canvas);
  }

  /** Says how Copy table went. */
  announce(text: string): void {
    this.announcement.say(text);
  }

  /** The table of strips on their shared axis, and its legend. */
  private plots(rows: ComparisonRow[], axisTitle: string): HTMLElement[] {
    const scale = linearScale(rows.flatMap(({ summary }) => [...summary.values, ...summary.ci95]));
    const baseline = rows.find((row) => row.isBaseline)?.summary ?? null;
    const body = h('tbody', {}, ...rows.map((row) => this.plotRow(row, outcomeOf(row), scale, baseline)));
    body.addEventListener('keydown', moveRowFocus);
    const axis = h('canvas', { class: 'compare-axis', 'aria-hidden': 'true' });
    this.observe(axis, (size, theme) => paintAxis(axis, size, scale, theme));
    // The verdict first: in a narrow panel the strips are what gets squeezed, never the answer.
    const columns = [
      h('th', { scope: 'col' }, 'Activation'),
      h('th', { scope: 'col' }, 'Verdict'),
      h('th', { scope: 'col', class: 'number' }, 'Difference, 95 % CI'),
      h('th', { scope: 'col', class: 'number' }, 'Mean ± sd, 95 % CI'),
      h('th', { scope: 'col', class: 'plot' }, axisTitle),
    ];
    return [
      h(
        'div',
        { class: 'compare-scroll' },
        h(
          'table',
          { class: 'compare-table' },
          h('thead', {}, h('tr', {}, ...columns)),
          body,
          h('tfoot', {}, h('tr', {}, h('td', { colspan: '4' }), h('td', { class: 'plot' }, axis))),
        ),
      ),
      h(
        'p',
        { class: 'compare-legend' },
        'Dot: one seed. Box: quartiles and median. Bar: 95 % confidence interval of the mean (◆). Shaded, dashed: the baseline’s interval and mean.',
      ),
    ];
  }

  private plotRow(
    row: ComparisonRow,
    outcome: Outcome,
    scale: LinearScale,
    baseline: ComparisonRow['summary'] | null,
  ): HTMLTableRowElement {
    const { summary } = row;
    const [mean, sd, low, high] = [summary.mean, summary.std, ...summary.ci95].map((value) => formatNumber(value));
    const perSeed = `${summary.activation}, per seed: ${summary.values.map((value) => formatNumber(value)).join(', ')}; mean ${mean} ± ${sd}, 95 % CI ${low} … ${high}`;
    const canvas = h('canvas', { role: 'img', 'aria-label': perSeed, title: perSeed });
    this.observe(canvas, (size, theme) =>
      paintStrip(canvas, size, scale, summary, baseline, outcomeColour(outcome, theme), theme),
    );
    const name = h(
      'th',
      { scope: 'row' },
      summary.activation,
      ...(row.isBaseline ? [' ', h('span', { class: 'baseline-tag' }, 'baseline')] : []),
    );
    return h(
      'tr',
      { tabindex: '0', class: `outcome-${outcome}` },
      name,
      verdictCell(row, outcome),
      differenceCell(row),
      h(
        'td',
        { class: 'number' },
        h('div', {}, `${mean} ± ${sd}`),
        h('div', { class: 'interval' }, `${low} … ${high}`),
      ),
      h('td', { class: 'plot' }, canvas),
    );
  }

  private observe(canvas: HTMLCanvasElement, painter: Painter): void {
    this.painters.set(canvas, painter);
    this.resizes.observe(canvas);
  }

  private paint(canvas: HTMLCanvasElement): void {
    const size = this.sizes.get(canvas);
    // A canvas not laid out yet (or hidden) is painted when the observer reports its size.
    if (size && size.width > 0 && size.height > 0) this.painters.get(canvas)?.(size, this.theme);
  }
}

/** "−0.21 (−15 %)" over its interval "−0.3 … −0.12"; empty for the baseline and untested rows. */
function differenceCell({ comparison }: ComparisonRow): HTMLTableCellElement {
  if (!comparison) return h('td', { class: 'number' });
  return h(
    'td',
    { class: 'number' },
    h('div', {}, changeWords(comparison.difference, comparison.relativeDifference)),
    h('div', { class: 'interval' }, signedIntervalWords(comparison.differenceCi95)),
  );
}

/**
 * "relu’s loss 1.95 against a model that learnt nothing: ln 8 ≈ 2.079 (94 % of it)": whether the baseline
 * learnt anything at all, which decides whether "better" means good. Where no chance level is known
 * (accuracy, other losses) it says so, so that its absence is not read as "far from chance".
 */
function practicalLine(result: CompareResult): HTMLElement {
  const baseline = comparisonRows(result).find((row) => row.isBaseline)?.summary;
  const text =
    result.chanceLevel && baseline
      ? `${baseline.activation}’s ${result.metric} ${formatNumber(baseline.mean)} against a model that learnt nothing: ${result.chanceLevel.label} (${Math.round((baseline.mean / result.chanceLevel.value) * 100)} % of it).`
      : `Practical size: each difference with its 95 % CI; no chance level is known for this model’s ${result.metric} (only for softmax and sigmoid outputs, and a linear output fitted to one tensor with MSE).`;
  return h('p', { class: 'compare-practical' }, text);
}

/** "3 seeds (1–3)"; the seeds listed when they are not a run of consecutive numbers. */
function seedsWords(seeds: readonly number[]): string {
  const consecutive = seeds.every((seed, index) => index === 0 || seed === seeds[index - 1]! + 1);
  const list = consecutive && seeds.length > 2 ? `${seeds[0]}–${seeds.at(-1)}` : seeds.join(', ');
  return `${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${list})`;
}
