/**
 * The panel: lays out its parts, redraws them from the run model (batched, at most ten times a second),
 * and turns what the user does into requests to the host.
 */
import type { SourceLocation } from '../src/core/events.ts';
import type { CompareResult } from '../src/core/compare/comparison-schema.ts';
import { PANEL_RENDER_MEASURE } from '../src/core/webview-messages.ts';
import type { PanelRequest, HostConnection } from './host-connection.ts';
import { createRenderScheduler, type RenderScheduler } from './render-scheduler.ts';
import type { RunModel } from './run-model.ts';
import { runSummary } from './run-summary.ts';
import { readChartTheme, watchTheme } from './theme.ts';
import { CompareView } from './views/compare-view.ts';
import { FindingsList } from './views/findings-list.ts';
import { FindingTooltip } from './views/finding-tooltip.ts';
import { LayerTable } from './views/layer-table.ts';
import { RunCharts } from './views/run-charts.ts';
import { RunHeader } from './views/run-header.ts';
import { UnitHeatmap } from './views/unit-heatmap.ts';

export class Panel {
  private model: RunModel | null = null;
  private theme = readChartTheme();
  private readonly scheduler: RenderScheduler;
  private readonly header: RunHeader;
  private readonly findings: FindingsList;
  private readonly table: LayerTable;
  private readonly charts: RunCharts;
  private readonly heatmap: UnitHeatmap;
  private readonly compare: CompareView;
  private readonly runParts: HTMLElement[];
  /** The table row under the pointer or with focus: the charts highlight its layer, else the selected one. */
  private pointedLayer: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly connection: HostConnection,
  ) {
    const tooltip = new FindingTooltip();
    this.header = new RunHeader(connection.live, {
      stop: () => this.requestForRun('stop'),
      rerun: () => this.requestForRun('rerun'),
      copySummary: () => this.model && this.send({ type: 'copy', text: runSummary(this.model) }, 'Copied.'),
      reveal: (source) => this.reveal(source),
    });
    this.findings = new FindingsList((source) => this.reveal(source));
    this.table = new LayerTable(
      tooltip,
      (layer) => this.activateLayer(layer),
      (layer) => {
        // A moving pointer fires out/over pairs between rows: highlighting waits for the next redraw.
        this.pointedLayer = layer;
        this.scheduler.request();
      },
    );
    this.charts = new RunCharts(() => this.scheduler.request());
    this.heatmap = new UnitHeatmap((layer) => this.select(layer));
    this.charts.element.append(this.heatmap.element);
    this.compare = new CompareView(
      (table) => this.send({ type: 'copy', text: table }, 'Table copied.', (text) => this.compare.announce(text)),
      this.theme,
    );
    this.runParts = [this.header.element, this.findings.element, this.table.element, this.charts.element];
    // Until a run arrives (a comparison alone, or a page still waiting for its host) its parts stay hidden.
    for (const part of this.runParts) part.hidden = true;
    root.replaceChildren(this.compare.element, ...this.runParts, tooltip.element);
    this.scheduler = createRenderScheduler(() => this.render());
    watchTheme(() => {
      this.theme = readChartTheme();
      this.compare.setTheme(this.theme);
      this.scheduler.request();
    });
  }

  /** Shows `model` (a new run, or the current one after an update) at the next redraw. */
  show(model: RunModel): void {
    if (model !== this.model && this.connection.panelState.runId !== model.runId)
      this.connection.panelState = { runId: model.runId, selectedLayer: null };
    this.model = model;
    for (const part of this.runParts) part.hidden = false;
    this.scheduler.request();
  }

  /** Shows an activation comparison at the top of the panel, in place of the one shown before, if any. */
  showComparison(result: CompareResult): void {
    this.compare.show(result);
    this.compare.element.scrollIntoView?.({ block: 'start' });
  }

  private render(): void {
    const { model } = this;
    if (!model) return;
    performance.clearMeasures(PANEL_RENDER_MEASURE);
    const start = performance.now();
    const selected = this.connection.panelState.selectedLayer;
    this.header.draw(model);
    this.findings.draw(model);
    this.table.draw(model, selected);
    this.charts.highlight(this.pointedLayer ?? selected);
    this.charts.draw(model, this.theme);
    this.heatmap.draw(model, selected, this.theme);
    performance.measure(PANEL_RENDER_MEASURE, { start });
  }

  private select(layer: string): void {
    this.connection.panelState = { ...this.connection.panelState, selectedLayer: layer };
    this.scheduler.request();
  }

  /** A row was clicked or entered: show its units and, where a host can, its source line. */
  private activateLayer(layer: string): void {
    this.select(layer);
    const source = this.model?.latest.layers.get(layer)?.layer.source;
    if (source) this.reveal(source);
  }

  private reveal(source: SourceLocation): void {
    if (this.connection.live) this.send({ type: 'reveal', ...source });
  }

  private requestForRun(type: 'stop' | 'rerun'): void {
    if (this.model) this.send({ type, runId: this.model.runId });
  }

  /** Sends a request and says how it went (beside the run's buttons unless told where) when there is something to say. */
  private async send(
    request: PanelRequest,
    success?: string,
    announce = (text: string) => this.header.announce(text),
  ): Promise<void> {
    const reply = await this.connection.request(request);
    if (!reply.ok) announce(reply.message ?? 'That did not work.');
    else if (success) announce(success);
  }
}
