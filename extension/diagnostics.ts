/**
 * Findings as diagnostics: at the layer factory call that built the layer (the whole call when it fits on
 * one line, else its callee `tf.layers.dense`), `source: "ActLens"`, `code` = the finding kind linked to its
 * explanation page (opened rendered, beside the code), severity mapped, related places as relatedInformation.
 * Findings that an `actlens-disable-line` / `actlens-disable-next-line` comment at their line silences are left out.
 *
 * FindingDiagnostics remembers which finding each diagnostic shows, so that the quick-fix provider can
 * find the fixes for a diagnostic VS Code hands back (a copy, matched by file, range, code and message).
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { editorLineStarts, lineIndexAt } from '../src/source/editor-line-index.ts';
import { scanLayerCalls, scannedLayerCallAt, type ScannedLayerCall } from '../src/source/layer-calls.ts';
import { parseSource } from '../src/source/parse.ts';
import { isSuppressed, parseSuppressions, type Suppressions } from '../src/source/suppressions.ts';
import { readSourceFile } from '../src/session/workspace-file.ts';
import type { SourceLocation } from '../src/core/events.ts';
import { FINDING_KINDS, type Finding, type FindingKind, type Severity } from '../src/core/findings.ts';
import { Disposable } from './dispose.ts';
import { callDisplayRange, CallsInText, type Anchor } from './marker-tracking.ts';
import { MarkerJournal } from './marker-journal.ts';
import { moveMarkers, RunMarkers, type Marker, type MarkerCounts } from './run-markers.ts';
import { changedSinceRun, fallbackLocation, type RunDisplay, type RunView } from './run-view.ts';
import { Throttle } from './throttle.ts';

export const DIAGNOSTIC_SOURCE = 'ActLens';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The explanation page shipped for a kind (docs/findings/<kind>.md), or undefined when there is none. */
export type DocsLookup = (kind: FindingKind) => vscode.Uri | undefined;

export function docsLookup(extensionUri: vscode.Uri, exists: (file: string) => boolean = existsSync): DocsLookup {
  const known = new Map<FindingKind, vscode.Uri | undefined>();
  return (kind) => {
    if (!known.has(kind)) {
      const page = vscode.Uri.joinPath(extensionUri, 'docs', 'findings', `${kind}.md`);
      known.set(kind, exists(page.fsPath) ? page : undefined);
    }
    return known.get(kind);
  };
}

/** Opens a kind's explanation page rendered (Markdown preview, read-only) beside the code. Argument: the kind. */
export const SHOW_FINDING_DOCS_COMMAND = 'actlens.showFindingDocs';

/** The command link that runs SHOW_FINDING_DOCS_COMMAND for a kind (a hover's link). */
export function findingDocsCommandLink(kind: FindingKind): string {
  return `command:${SHOW_FINDING_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([kind]))}`;
}

/** The same as a Uri: a diagnostic's code target, so that its link opens the page rendered too. */
export function findingDocsLink(kind: FindingKind): vscode.Uri {
  return vscode.Uri.parse(findingDocsCommandLink(kind));
}

/**
 * The page rendered to the side (the built-in `markdown.showPreviewToSide`), never as an editable source tab.
 * The kind comes from a link anyone could write, so only a known kind with a page opens anything.
 */
export async function showFindingDocs(docsFor: DocsLookup, kind: unknown): Promise<void> {
  const page = (FINDING_KINDS as readonly unknown[]).includes(kind) ? docsFor(kind as FindingKind) : undefined;
  if (!page) {
    void vscode.window.showInformationMessage(`ActLens has no explanation page for '${String(kind)}'.`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreviewToSide', page);
}

export function registerFindingDocsCommand(docsFor: DocsLookup): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_FINDING_DOCS_COMMAND, (kind: unknown) => showFindingDocs(docsFor, kind));
}

/**
 * The current text of a file: the open document's (unsaved edits included), else the file on disk, read safely:
 * a recorded run's locations may name any path (`/dev/zero`).
 */
export function currentText(file: string): string | undefined {
  const key = vscode.Uri.file(file).toString();
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
  if (open) return open.getText();
  try {
    return readSourceFile(file);
  } catch {
    return undefined;
  }
}

/**
 * Source locations → ranges in one file set, each file read and parsed once. Build one per refresh: it
 * does not notice files changing.
 */
export class SourceIndex {
  private readonly files = new Map<
    string,
    {
      text: string;
      lineStarts: number[];
      calls?: ScannedLayerCall[];
      sourceFile?: ReturnType<typeof parseSource>;
      suppressions?: Suppressions;
    } | null
  >();

  constructor(private readonly textOf: (file: string) => string | undefined) {}

  rangeOf(at: SourceLocation): vscode.Range {
    const line = at.line - 1;
    const character = at.column - 1;
    const file = this.file(at.file);
    if (!file) return new vscode.Range(line, character, line, character);
    const scanned = this.callAt(at.file, at);
    if (scanned) return callDisplayRange(scanned.call, (offset) => this.position(file.lineStarts, offset));
    // No layer call there (the code is not a factory call, or it changed): the line, without its indentation.
    const lineStart = file.lineStarts[line];
    if (lineStart === undefined) return new vscode.Range(line, character, line, character);
    const lineText = file.text.slice(lineStart, file.lineStarts[line + 1] ?? file.text.length).replace(/\r?\n$/, '');
    const indent = /^\s*/.exec(lineText)![0].length;
    return new vscode.Range(line, indent, line, Math.max(indent, lineText.length));
  }

  /** What a marker at `at` follows while the file is edited: its whole layer call, else the range shown. */
  anchorOf(at: SourceLocation): Anchor {
    const file = this.file(at.file);
    const scanned = file && this.callAt(at.file, at);
    if (file && scanned) {
      const { call } = scanned;
      const position = (offset: number) => this.position(file.lineStarts, offset);
      return { start: position(call.callStart), end: position(call.callEnd), factory: call.factory };
    }
    const range = this.rangeOf(at);
    return { start: range.start, end: range.end };
  }

  /** The file's suppression comments (none when it cannot be read). */
  suppressions(fileName: string): Suppressions {
    const file = this.file(fileName);
    if (!file) return { comments: [], problems: [] };
    file.suppressions ??= parseSuppressions(file.text, fileName);
    return file.suppressions;
  }

  /** Whether a comment in the finding's own file silences it. */
  isSuppressed(finding: Finding): boolean {
    return finding.source !== null && isSuppressed(this.suppressions(finding.source.file), finding);
  }

  private callAt(fileName: string, at: SourceLocation): ScannedLayerCall | undefined {
    const file = this.file(fileName);
    if (!file) return undefined;
    try {
      file.sourceFile ??= parseSource(file.text, fileName);
      file.calls ??= scanLayerCalls(file.sourceFile);
      return scannedLayerCallAt(file.sourceFile, file.calls, at);
    } catch {
      return undefined;
    }
  }

  private file(fileName: string) {
    if (!this.files.has(fileName)) {
      const text = this.textOf(fileName);
      this.files.set(fileName, text === undefined ? null : { text, lineStarts: editorLineStarts(text) });
    }
    return this.files.get(fileName) ?? undefined;
  }

  private position(lineStarts: number[], offset: number): vscode.Position {
    const line = lineIndexAt(lineStarts, offset);
    return new vscode.Position(line, offset - lineStarts[line]!);
  }
}

/** Where a finding is shown: its own source, else `fallback` (where the model was built). */
export function findingLocation(finding: Finding, fallback: SourceLocation): SourceLocation {
  return finding.source ?? fallback;
}

export function findingToDiagnostic(
  finding: Finding,
  index: SourceIndex,
  docsFor: DocsLookup,
  fallback: SourceLocation,
): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    index.rangeOf(findingLocation(finding, fallback)),
    finding.message,
    SEVERITY[finding.severity],
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = docsFor(finding.kind)
    ? { value: finding.kind, target: findingDocsLink(finding.kind) }
    : finding.kind;
  const related = finding.related.flatMap((item) =>
    item.source
      ? [
          new vscode.DiagnosticRelatedInformation(
            new vscode.Location(vscode.Uri.file(item.source.file), index.rangeOf(item.source)),
            item.message,
          ),
        ]
      : [],
  );
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

export interface DiagnosticEntry {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

export type DocumentRef = Pick<vscode.TextDocument, 'uri' | 'version'>;

export interface FindingLookup {
  /** The finding a diagnostic of this document shows, or undefined when it is not one of ours (or is outdated). */
  findingFor(document: DocumentRef, diagnostic: vscode.Diagnostic): Finding | undefined;
  /** Every current diagnostic of this document with its finding (for "Fix all" and the hover). */
  entries?(document: DocumentRef): readonly DiagnosticEntry[];
}

/** A DiagnosticCollection that remembers the finding behind each diagnostic. */
export class FindingDiagnostics {
  private readonly entries = new Map<string, DiagnosticEntry[]>();

  constructor(readonly collection: vscode.DiagnosticCollection) {}

  /** `others`: diagnostics without a finding behind them (e.g. a suppression comment naming an unknown kind). */
  set(uri: vscode.Uri, entries: DiagnosticEntry[], others: readonly vscode.Diagnostic[] = []): void {
    if (entries.length === 0 && others.length === 0) return this.delete(uri);
    this.entries.set(uri.toString(), entries);
    this.collection.set(uri, [...entries.map((entry) => entry.diagnostic), ...others]);
  }

  entriesFor(uri: vscode.Uri): readonly DiagnosticEntry[] {
    return this.entries.get(uri.toString()) ?? [];
  }

  delete(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.collection.delete(uri);
  }

  has(uri: vscode.Uri): boolean {
    return this.entries.has(uri.toString());
  }

  clear(): void {
    this.entries.clear();
    this.collection.clear();
  }

  findingFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.entries.get(uri.toString())?.find((entry) => sameDiagnostic(entry.diagnostic, diagnostic))?.finding;
  }

  dispose(): void {
    this.clear();
    this.collection.dispose();
  }
}

function codeValue(code: vscode.Diagnostic['code']): string | number | undefined {
  return typeof code === 'object' && code !== null ? code.value : code;
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return (
    a.range.isEqual(b.range) &&
    a.message === b.message &&
    a.source === b.source &&
    codeValue(a.code) === codeValue(b.code)
  );
}

/** Findings grouped into diagnostics per file, less those a suppression comment at their line silences. */
export function diagnosticsByFile(
  findings: readonly Finding[],
  index: SourceIndex,
  docsFor: DocsLookup,
  fallback: SourceLocation,
): Map<string, DiagnosticEntry[]> {
  const byFile = new Map<string, DiagnosticEntry[]>();
  for (const finding of findings) {
    if (index.isSuppressed(finding)) continue;
    const file = findingLocation(finding, fallback).file;
    const entries = byFile.get(file) ?? [];
    entries.push({ finding, diagnostic: findingToDiagnostic(finding, index, docsFor, fallback) });
    byFile.set(file, entries);
  }
  return byFile;
}

export function isLintFinding(finding: Finding): boolean {
  return finding.kind.startsWith('lint-');
}

/**
 * Run findings as diagnostics: the shown run's, refreshed at most 4 times a second while it runs, and the last
 * run of each other script (see RunMarkers), so that a run replaces only its own script's markers. While a file
 * is edited its markers follow their layer calls and say they are from an earlier run; they drop when their call
 * is gone. Static `lint-*` findings are left to LintDiagnostics, which keeps them current as the file is edited.
 */
export class RuntimeDiagnostics extends Disposable implements FindingLookup {
  readonly diagnostics: FindingDiagnostics;
  /** Files of a run opened from its log that were modified after it ran, left without diagnostics at the last refresh. */
  skippedFiles: string[] = [];
  private readonly markers = new RunMarkers();
  /** Files the collection has diagnostics for. */
  private published = new Set<string>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** After the collection changed: a run refreshed, or an edit moved or dropped markers. */
  readonly onDidChange = this.changed.event;
  private readonly throttle = this.register(new Throttle(250, () => this.refresh()));

  constructor(
    private readonly display: RunDisplay,
    private readonly docsFor: DocsLookup,
    private readonly textOf: (file: string) => string | undefined = currentText,
    private readonly journal = new MarkerJournal(),
  ) {
    super();
    this.diagnostics = this.register(new FindingDiagnostics(vscode.languages.createDiagnosticCollection('actlens')));
    this.register(display.onDidShow(() => this.throttle.flush()));
    this.register(display.onDidUpdate(() => this.throttle.schedule()));
    this.register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || event.document.uri.scheme !== 'file') return;
        const { document } = event;
        const file = document.uri.fsPath;
        const shown = this.display.current;
        if (shown?.live) this.journal.add(shown.id, file, event.contentChanges);
        if (this.markers.edit(file, event.contentChanges, () => new CallsInText(document.getText(), file)))
          this.publish([file]);
      }),
    );
  }

  /** Each diagnostic's finding has its place moved with the edits, so quick fixes find the call where it is now. */
  findingFor(document: DocumentRef, diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.diagnostics.findingFor(document.uri, diagnostic);
  }

  entries(document: DocumentRef): readonly DiagnosticEntry[] {
    return this.diagnostics.entriesFor(document.uri);
  }

  /** What Problems shows of the runs' findings, by severity (the status bar says the same). */
  counts(): MarkerCounts {
    return this.markers.counts(this.display.current?.id);
  }

  /** Rebuilds the shown run's diagnostics now; other scripts' stay. */
  refresh(): void {
    const view = this.display.current;
    this.skippedFiles = [];
    if (view) this.record(view);
    this.publish(new Set([...this.published, ...this.markers.files()]));
  }

  private record(view: RunView): void {
    const findings = view.findings().filter((finding) => !isLintFinding(finding));
    const index = new SourceIndex(this.textOf);
    const fallback = fallbackLocation(view);
    const byFile = diagnosticsByFile(findings, index, this.docsFor, fallback);
    const run = this.markers.recordFor(view);
    const files = new Map<string, Marker[]>();
    for (const [file, entries] of byFile) {
      // Edited since this run placed its markers: the findings' lines are the run's, no longer the file's.
      if (run.edited.has(file)) continue;
      if (view.fromLog && changedSinceRun(file, view)) {
        this.skippedFiles.push(file);
        continue;
      }
      const placed = entries.map((entry) => ({
        ...entry,
        anchor: index.anchorOf(findingLocation(entry.finding, fallback)),
      }));
      const edits = this.journal.changes(view.id, file);
      if (edits === 'too-many') continue;
      if (edits) {
        // Edited while this run was shown, before a window reload: the markers go where the edits moved them.
        files.set(
          file,
          moveMarkers(placed, file, edits, () => new CallsInText(this.textOf(file) ?? '', file)),
        );
        run.edited.add(file);
      } else files.set(file, placed);
    }
    for (const [file, markers] of run.files) if (run.edited.has(file)) files.set(file, markers);
    run.files = files;
  }

  private publish(files: Iterable<string>): void {
    const shown = this.display.current?.id;
    for (const file of files) {
      const entries = this.markers.entriesFor(file, shown);
      this.diagnostics.set(vscode.Uri.file(file), entries);
      if (entries.length > 0) this.published.add(file);
      else this.published.delete(file);
    }
    this.changed.fire();
  }
}
