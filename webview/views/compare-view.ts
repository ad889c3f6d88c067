/**
 * The activation comparison: per candidate a strip of its per-seed values (one dot per seed), a box from the
 * lower to the upper quartile with the median, and its 95 % confidence interval as a bar — all on one shared
 * axis — beside the verdict in words. The baseline (the script's own activation) is drawn apart. "Copy table"
 * copies the Markdown table the CLI prints.
 */
import type { CompareMessage } from '../../src/protocol/webview-messages.ts';
import { formatNumber } from '../../src/analysis/format.ts';
import { h, icon } from '../dom.ts';
import type { ChartTheme } from '../theme.ts';

const ROW_HEIGHT = 36;
const PLOT_WIDTH = 360;

export class CompareView {
  readonly element = h('section', { id: 'compare', class: 'compare', hidden: '', 'aria-label': 'Activations compared' });

  constructor(private readonly copy: (table: string) => void) {}

  draw({ result, table }: CompareMessage, theme: ChartTheme): void {
    const baselineIndex = result.candidates.length > result.comparisons.length ? 0 : -1;
    const values = result.candidates.flatMap((candidate) => [...candidate.values, ...candidate.ci95]);
    const scale = axis(Math.min(...values), Math.max(...values));
    const better = result.metric === 'acc' || result.metric === 'val_acc' ? 'higher is better' : 'lower is better';
    const copyButton = h('button', { type: 'button', class: 'copy-table' }, icon('copy'), ' Copy table');
    copyButton.addEventListener('click', () => this.copy(table));
    const rows = result.candidates.map((candidate, index) => {
      const comparison = index === baselineIndex ? undefined : result.comparisons[index - (baselineIndex === 0 ? 1 : 0)];
      const canvas = h('canvas', { width: String(PLOT_WIDTH), height: String(ROW_HEIGHT), role: 'img', 'aria-label': `${candidate.activation}: ${candidate.values.map((value) => formatNumber(value)).join(', ')}` });
      drawStrip(canvas, candidate.values, candidate.ci95, scale, theme, index === baselineIndex);
      const verdict = comparison
        ? h('td', { class: comparison.significant ? 'verdict significant' : 'verdict' }, `${comparison.verdict} (p = ${formatP(comparison.adjustedP)}, g = ${comparison.hedgesG === null ? '∞' : comparison.hedgesG.toFixed(2)})`)
        : h('td', { class: 'verdict' }, 'baseline');
      return h(
        'tr',
        { tabindex: '0', class: index === baselineIndex ? 'baseline' : '' },
        h('th', { scope: 'row' }, candidate.activation + (index === baselineIndex ? ' (baseline)' : '')),
        h('td', {}, canvas),
        h('td', { class: 'number' }, `${formatNumber(candidate.mean)} ± ${formatNumber(candidate.std)}`),
        verdict,
      );
    });
    const excluded = result.excluded.map(({ activation, reason }) => h('li', {}, `${activation}: no result (${reason})`));
    this.element.replaceChildren(
      h('h2', {}, `Activations compared: ${result.metric} (${better}), ${result.seeds.length} seeds`),
      h(
        'table',
        { class: 'compare-table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Activation'), h('th', {}, `Per seed · box · 95 % CI  [${formatNumber(scale.min)} … ${formatNumber(scale.max)}]`), h('th', {}, 'Mean ± sd'), h('th', {}, 'Verdict'))),
        h('tbody', {}, ...rows),
      ),
      ...(excluded.length > 0 ? [h('ul', { class: 'excluded' }, ...excluded)] : []),
      copyButton,
    );
    this.element.hidden = false;
  }
}

interface Scale {
  min: number;
  max: number;
  x(value: number): number;
}

function axis(low: number, high: number): Scale {
  const pad = (high - low) * 0.05 || Math.abs(low) * 0.05 || 1;
  const min = low - pad;
  const max = high + pad;
  return { min, max, x: (value) => ((value - min) / (max - min)) * PLOT_WIDTH };
}

function drawStrip(canvas: HTMLCanvasElement, values: number[], ci95: [number, number], scale: Scale, theme: ChartTheme, baseline: boolean): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const colour = baseline ? theme.foreground : theme.palette[0]!;
  const middle = ROW_HEIGHT / 2;
  const sorted = [...values].sort((a, b) => a - b);
  const [q1, median, q3] = [0.25, 0.5, 0.75].map((q) => quantile(sorted, q)) as [number, number, number];
  context.strokeStyle = colour;
  context.fillStyle = colour;
  context.lineWidth = 1;
  // Box: quartiles with the median.
  context.strokeRect(scale.x(q1), middle - 8, Math.max(1, scale.x(q3) - scale.x(q1)), 16);
  context.beginPath();
  context.moveTo(scale.x(median), middle - 8);
  context.lineTo(scale.x(median), middle + 8);
  context.stroke();
  // 95 % confidence interval of the mean, below the box.
  context.fillRect(scale.x(ci95[0]), middle + 11, Math.max(1, scale.x(ci95[1]) - scale.x(ci95[0])), 3);
  // One dot per seed, spread vertically so equal values stay countable.
  values.forEach((value, index) => {
    context.beginPath();
    context.arc(scale.x(value), middle - 6 + ((index * 5) % 13), 2.5, 0, Math.PI * 2);
    context.fill();
  });
}

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
