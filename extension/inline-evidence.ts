/**
 * Each layer's latest figures at the end of the line that built it, while a run is shown (live, and after it
 * ends): "dead 100% · ‖g‖ 3e-9" in the diagnostic's colour for a layer with findings, in the CodeLens colour
 * otherwise. Only in visible editors of the files that built the layers, updated at most twice a second, gone
 * when the run is cleared, when another is shown, and from a file as soon as it is edited (its lines may have
 * moved). The hover on such a line adds a sparkline of each figure over the run (see evidence.ts), inside the
 * finding hover when the line has findings.
 */
import * as vscode from 'vscode';
import type { Finding, FindingKind, Severity } from '../src/core/findings.ts';
import type { LayerSnapshot } from '../src/core/run-state.ts';
import { editorLineStarts } from '../src/source/editor-line-index.ts';
import { Disposable } from './dispose.ts';
import { evidencePhrase, historyRows, RunHistory } from './evidence.ts';
import { escapeMarkdown } from './finding-hover.ts';
import { changedSinceRun, type RunDisplay, type RunView } from './run-view.ts';
import { SETTINGS_SECTION } from './settings.ts';
import { Throttle } from './throttle.ts';

export const INLINE_EVIDENCE_SETTING = `${SETTINGS_SECTION}.inlineEvidence`;
const REFRESH_MS = 500;
/** Layers a hover shows sparklines for: a call in a loop may build dozens. */
const HOVER_LAYERS = 6;
/** Shown at a layer's line before its first statistics arrive. */
export const WAITING_PHRASE = 'waiting for the first statistics…';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const SEVERITY_COLOUR: Record<Severity, string> = {
  error: 'editorError.foreground',
  warning: 'editorWarning.foreground',
  info: 'editorInfo.foreground',
};

/** What one line shows: its layers (the one the text is about first) and the worst severity of their findings. */
export interface LineEvidence {
  layers: LayerSnapshot[];
  severity: Severity | undefined;
  text: string;
}

/** file → 0-based line → what the line shows. */
export type EvidenceByLine = Map<string, Map<number, LineEvidence>>;

/** The shown run's layers grouped by the line that built them, with the phrase each line shows. */
export function evidenceByLine(view: Pick<RunView, 'state' | 'live' | 'findings'>): EvidenceByLine {
  const findings = new Map<string, Finding[]>();
  for (const finding of view.findings()) {
    for (const layer of new Set([finding.layer, ...(finding.layers ?? [])])) {
      if (layer === null) continue;
      findings.set(layer, [...(findings.get(layer) ?? []), finding]);
    }
  }
  const worst = (snapshot: LayerSnapshot): Severity | undefined =>
    (findings.get(snapshot.layer.name) ?? [])
      .map((finding) => finding.severity)
      .sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a])[0];
  const grouped = new Map<string, Map<number, LayerSnapshot[]>>();
  for (const snapshot of view.state.orderedLayers()) {
    const source = snapshot.layer.source;
    if (!source) continue;
    const lines = grouped.get(source.file) ?? new Map<number, LayerSnapshot[]>();
    grouped.set(source.file, lines);
    lines.set(source.line - 1, [...(lines.get(source.line - 1) ?? []), snapshot]);
  }
  const byLine: EvidenceByLine = new Map();
  for (const [file, lines] of grouped) {
    const shown = new Map<number, LineEvidence>();
    for (const [line, snapshots] of lines) {
      // A call in a loop builds several layers: the line speaks of the worst one, and says how many more there are.
      const rank = (snapshot: LayerSnapshot) => {
        const severity = worst(snapshot);
        return severity === undefined ? -1 : SEVERITY_RANK[severity];
      };
      const layers = [...snapshots].sort((a, b) => rank(b) - rank(a));
      const lead = layers[0]!;
      const kinds = new Set<FindingKind>((findings.get(lead.layer.name) ?? []).map((finding) => finding.kind));
      const phrase = evidencePhrase(lead, kinds) ?? (view.live ? WAITING_PHRASE : undefined);
      if (!phrase) continue;
      const more = layers.length > 1 ? ` (+${layers.length - 1} more layer${layers.length === 2 ? '' : 's'})` : '';
      shown.set(line, { layers, severity: worst(lead), text: `${phrase}${more}` });
    }
    if (shown.size > 0) byLine.set(file, shown);
  }
  return byLine;
}

export class InlineEvidence extends Disposable {
  private enabled: boolean;
  private readonly history = new RunHistory();
  /** Files edited since the shown run read them. */
  private readonly changed = new Set<string>();
  private readonly plain: vscode.TextEditorDecorationType;
  private readonly bySeverity: Record<Severity, vscode.TextEditorDecorationType>;
  private shown: EvidenceByLine = new Map();
  /** Whether any editor may carry decorations: with nothing to show and nothing shown, there is nothing to do. */
  private decorated = false;
  private readonly throttle = this.register(new Throttle(REFRESH_MS, () => this.refresh()));

  constructor(
    private readonly display: RunDisplay,
    private readonly readEnabled: () => boolean,
    /** Whether the file was edited while the run was shown, in an earlier window (see MarkerJournal). */
    private readonly editedEarlier: (runId: string, file: string) => boolean = () => false,
  ) {
    super();
    this.enabled = readEnabled();
    const type = (colour: string) =>
      this.register(
        vscode.window.createTextEditorDecorationType({
          after: { color: new vscode.ThemeColor(colour), margin: '0 0 0 3em', fontStyle: 'italic' },
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        }),
      );
    this.plain = type('editorCodeLens.foreground');
    this.bySeverity = {
      error: type(SEVERITY_COLOUR.error),
      warning: type(SEVERITY_COLOUR.warning),
      info: type(SEVERITY_COLOUR.info),
    };
    this.register(
      display.onDidShow(() => {
        this.changed.clear();
        this.throttle.flush();
      }),
    );
    this.register(display.onDidUpdate(() => this.throttle.schedule()));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.apply()));
    this.register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || event.document.uri.scheme !== 'file') return;
        const file = event.document.uri.fsPath;
        if (this.changed.has(file)) return;
        this.changed.add(file);
        this.apply();
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(INLINE_EVIDENCE_SETTING)) return;
        this.enabled = this.readEnabled();
        this.throttle.flush();
      }),
    );
  }

  /** Recomputes the lines from the shown run and decorates the visible editors. */
  refresh(): void {
    const view = this.display.current;
    this.shown = this.enabled && view ? evidenceByLine(view) : new Map();
    // The run's lines are those of the code it started with: not shown in a file changed since.
    if (view)
      for (const file of this.shown.keys())
        if (changedSinceRun(file, view) || this.editedEarlier(view.id, file)) this.shown.delete(file);
    this.apply();
  }

  /** What a line shows (0-based), or undefined: nothing there, or the file was edited since. */
  lineAt(file: string, line: number): LineEvidence | undefined {
    return this.changed.has(file) ? undefined : this.shown.get(file)?.get(line);
  }

  /** The hover's part for a line with evidence: each layer's figures over the run, as sparklines. */
  hoverMarkdown(document: Pick<vscode.TextDocument, 'uri'>, line: number): string | undefined {
    const view = this.display.current;
    const evidence = view && this.lineAt(document.uri.fsPath, line);
    if (!view || !evidence) return undefined;
    this.history.sync(view);
    const blocks = evidence.layers.slice(0, HOVER_LAYERS).map((snapshot) => {
      const points = this.history.of(snapshot.layer.name);
      const title = `**ActLens** · ${escapeMarkdown(snapshot.layer.name)}`;
      if (points.length === 0) return `${title} — no statistics yet`;
      const steps = points.length === 1 ? `step ${points[0]!.step}` : `steps ${points[0]!.step}–${points.at(-1)!.step}`;
      return [`${title} · ${steps}`, ...historyRows(points)].join('  \n');
    });
    const more = evidence.layers.length - HOVER_LAYERS;
    if (more > 0) blocks.push(`… and ${more} more layer${more === 1 ? '' : 's'} built at this line (see the panel).`);
    return blocks.join('\n\n');
  }

  private apply(): void {
    if (this.shown.size === 0 && !this.decorated) return;
    this.decorated = this.shown.size > 0;
    for (const editor of vscode.window.visibleTextEditors) {
      const file = editor.document.uri.scheme === 'file' ? editor.document.uri.fsPath : undefined;
      const lines = file && !this.changed.has(file) ? this.shown.get(file) : undefined;
      const options = new Map<vscode.TextEditorDecorationType, vscode.DecorationOptions[]>([
        [this.plain, []],
        ...Object.values(this.bySeverity).map((type) => [type, []] as [vscode.TextEditorDecorationType, []]),
      ]);
      if (lines) {
        const text = editor.document.getText();
        const starts = editorLineStarts(text);
        for (const [line, evidence] of lines) {
          const start = starts[line];
          if (start === undefined) continue;
          const length = text.slice(start, starts[line + 1] ?? text.length).replace(/\r?\n$|\r$/, '').length;
          const position = new vscode.Position(line, length);
          options.get(evidence.severity ? this.bySeverity[evidence.severity] : this.plain)!.push({
            range: new vscode.Range(position, position),
            renderOptions: { after: { contentText: evidence.text } },
          });
        }
      }
      for (const [type, decorations] of options) editor.setDecorations(type, decorations);
    }
  }
}
