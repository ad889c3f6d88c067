/**
 * One row per layer, input to output: what it is, where it was built, its status from the findings, and its
 * latest statistics. A row is a keyboard stop: click, Enter or Space selects it for the heat map and reveals
 * its source; the arrow keys move between rows. Rows are updated in place, so a redraw keeps focus.
 */
import { formatNumber, formatPercent, sourceLabel } from '../../src/core/format.ts';
import type { Finding } from '../../src/core/findings.ts';
import type { LayerSnapshot } from '../../src/core/run-state.ts';
import { h, icon, moveRowFocus, setText } from '../dom.ts';
import { findingsByLayer } from '../layer-findings.ts';
import type { RunModel } from '../run-model.ts';
import { TOOLTIP_ID, type FindingTooltip } from './finding-tooltip.ts';
import { severityIcon } from './severity.ts';

/**
 * What matters first comes first: in a narrow panel the table scrolls sideways under a fixed Layer column, and
 * the status and the numbers are what stays in view; what the layer is and where it was built come last.
 */
const COLUMNS = ['Layer', 'Status', 'Dead', 'Grad norm', 'Mean', 'Std', 'Activation', 'Type', 'Source'];
/** Columns of numbers, aligned right in the editor's font. */
const NUMERIC = new Set(['Dead', 'Grad norm', 'Mean', 'Std']);

interface Row {
  element: HTMLTableRowElement;
  cells: HTMLTableCellElement[];
  /** What each cell was last given: compared instead of reading textContent, 576 reads a redraw at 64 layers. */
  texts: string[];
  /** The badge's content key, to rebuild it only when the findings change. */
  badgeKey: string;
}

export class LayerTable {
  readonly element: HTMLElement;
  private readonly body = h('tbody');
  private readonly rows = new Map<string, Row>();
  private findings = new Map<string, Finding[]>();

  constructor(
    private readonly tooltip: FindingTooltip,
    private readonly onActivate: (layer: string) => void,
    /** The row under the pointer or with focus changed: its layer, or null when none. */
    private readonly onPoint: (layer: string | null) => void,
  ) {
    const header = h(
      'tr',
      {},
      ...COLUMNS.map((title) => h('th', { scope: 'col', class: NUMERIC.has(title) ? 'number' : '' }, title)),
    );
    this.element = h(
      'section',
      { class: 'layers' },
      h('h2', {}, 'Layers'),
      h('div', { class: 'layer-scroll' }, h('table', { class: 'layer-table' }, h('thead', {}, header), this.body)),
    );
    this.body.addEventListener('click', (event) => this.activateRowOf(event.target));
    this.body.addEventListener('keydown', (event) => this.onKeyDown(event));
    for (const type of ['mouseover', 'focusin'])
      this.body.addEventListener(type, (event) => {
        this.showTooltipFor(event.target);
        this.onPoint(layerOf(event.target));
      });
    for (const type of ['mouseout', 'focusout'])
      this.body.addEventListener(type, () => {
        this.tooltip.hide();
        this.onPoint(null);
      });
  }

  draw(model: RunModel, selected: string | null): void {
    this.findings = findingsByLayer(model.findings);
    const snapshots = model.latest.orderedLayers();
    snapshots.forEach((snapshot, index) => {
      const row = this.rowFor(snapshot);
      this.fill(row, snapshot);
      row.element.classList.toggle('selected', snapshot.layer.name === selected);
      row.element.setAttribute('aria-current', String(snapshot.layer.name === selected));
      // Moving a row only when it is out of place keeps keyboard focus on it.
      if (this.body.children[index] !== row.element)
        this.body.insertBefore(row.element, this.body.children[index] ?? null);
    });
    // Layers of an earlier run (or of a model the script no longer builds) leave the table.
    const current = new Set(snapshots.map((snapshot) => snapshot.layer.name));
    for (const [name, row] of this.rows) {
      if (current.has(name)) continue;
      row.element.remove();
      this.rows.delete(name);
    }
  }

  private rowFor(snapshot: LayerSnapshot): Row {
    const name = snapshot.layer.name;
    let row = this.rows.get(name);
    if (!row) {
      const cells = COLUMNS.map((title) => h('td', NUMERIC.has(title) ? { class: 'number' } : {}));
      const element = h('tr', { tabindex: '0', 'data-layer': name }, ...cells);
      row = { element, cells, texts: cells.map(() => ''), badgeKey: '' };
      this.rows.set(name, row);
    }
    return row;
  }

  private fill(row: Row, snapshot: LayerSnapshot): void {
    const { layer } = snapshot;
    const statusCell = row.cells[1]!;
    const sourceCell = row.cells[8]!;
    const put = (column: number, text: string) => {
      if (row.texts[column] === text) return;
      row.texts[column] = text;
      setText(row.cells[column]!, text);
    };
    put(0, layer.name);
    put(2, snapshot.deadFraction === null ? '—' : formatPercent(snapshot.deadFraction));
    put(3, optionalNumber(snapshot.gradientNorm));
    put(4, optionalNumber(snapshot.mean));
    put(5, optionalNumber(snapshot.std));
    put(6, layer.activation ?? '—');
    put(7, layer.className);
    put(8, layer.source ? sourceLabel(layer.source) : '—');
    const title = layer.source
      ? `${layer.source.file}:${layer.source.line}:${layer.source.column}`
      : 'Created outside your code';
    if (sourceCell.title !== title) sourceCell.title = title;
    const findings = this.findings.get(layer.name) ?? [];
    const badgeKey = findings.map((finding) => `${finding.severity} ${finding.kind}`).join(',');
    if (badgeKey !== row.badgeKey || statusCell.childElementCount === 0) {
      statusCell.replaceChildren(badge(layer.name, findings));
      row.badgeKey = badgeKey;
    }
  }

  private activateRowOf(target: EventTarget | null): void {
    const layer = layerOf(target);
    if (layer) this.onActivate(layer);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (moveRowFocus(event) || !(event.target instanceof HTMLTableRowElement)) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.activateRowOf(event.target);
    }
  }

  private showTooltipFor(target: EventTarget | null): void {
    const badge = target instanceof Element ? target.closest<HTMLElement>('.badge[data-layer]') : null;
    const findings = badge?.dataset.layer ? this.findings.get(badge.dataset.layer) : undefined;
    if (badge && findings?.length) this.tooltip.show(badge, findings);
  }
}

/** The layer of the row an event happened in, if any. */
function layerOf(target: EventTarget | null): string | null {
  const row = target instanceof Element ? target.closest<HTMLTableRowElement>('tr[data-layer]') : null;
  return row?.dataset.layer ?? null;
}

/** The worst finding's severity and kind, "+N" for the others; a dash when there is none. */
function badge(layer: string, findings: readonly Finding[]): HTMLElement {
  const [worst, ...others] = findings;
  if (!worst) return h('span', { class: 'badge none' }, '—');
  return h(
    'span',
    { class: `badge severity-${worst.severity}`, tabindex: '0', 'data-layer': layer, 'aria-describedby': TOOLTIP_ID },
    icon(severityIcon(worst.severity)),
    ` ${worst.kind}`,
    ...(others.length > 0 ? [h('span', { class: 'more' }, ` +${others.length}`)] : []),
  );
}

function optionalNumber(value: number | null): string {
  return value === null ? '—' : formatNumber(value);
}
