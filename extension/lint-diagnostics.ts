/**
 * Static checks as you type: for JS/TS documents that build tfjs layers, the `lint-*` findings of
 * lintSource, 400 ms after the last change, less those an `actlens-disable` comment silences. Reading the source
 * is all this does — it never runs anything, so it works in untrusted workspaces too. A suppression comment that
 * names an unknown kind gets a warning here as well (whether or not the static checks are on: it would otherwise
 * silently fail to silence a run's finding).
 */
import * as vscode from 'vscode';
import { lintSource, MAX_LINT_CHARS } from '../src/analysis/lint/index.ts';
import {
  DIAGNOSTIC_SOURCE,
  diagnosticsByFile,
  FindingDiagnostics,
  SourceIndex,
  type DocsLookup,
  type DiagnosticEntry,
  type DocumentRef,
  type FindingLookup,
} from './diagnostics.ts';
import { parseSuppressions } from '../src/source/suppressions.ts';
import { Disposable } from './dispose.ts';
import type { Log } from './run-controller.ts';
import { KeyedDebounce } from './throttle.ts';

export const SCRIPT_LANGUAGES = ['javascript', 'typescript'] as const;
const LINT_DELAY_MS = 400;

export function isScriptDocument(document: Pick<vscode.TextDocument, 'languageId'>): boolean {
  return (SCRIPT_LANGUAGES as readonly string[]).includes(document.languageId);
}

/** A cheap first look: lint only documents that mention tfjs layers at all, and are not too large to lint quietly. */
export function mayBuildLayers(text: string): boolean {
  return text.length <= MAX_LINT_CHARS && /\blayers\b/.test(text) && /tensorflow|tfjs|\btf\b/.test(text);
}

export class LintDiagnostics extends Disposable implements FindingLookup {
  readonly diagnostics: FindingDiagnostics;
  /** The document version each file's diagnostics were computed from. */
  private readonly versions = new Map<string, number>();
  private readonly debounce: KeyedDebounce<vscode.TextDocument>;

  constructor(
    private readonly enabled: () => boolean,
    private readonly docsFor: DocsLookup,
    private readonly log: Pick<Log, 'warn'>,
  ) {
    super();
    this.diagnostics = this.register(
      new FindingDiagnostics(vscode.languages.createDiagnosticCollection('actlens-lint')),
    );
    this.debounce = this.register(new KeyedDebounce(LINT_DELAY_MS, (document) => this.lint(document)));
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.debounce.schedule(document)));
    this.register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.debounce.schedule(event.document);
      }),
    );
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.debounce.cancel(document);
        this.forget(document.uri);
      }),
    );
    // Just after activation rather than during it: the first lint loads the TypeScript compiler (~0.5 s).
    const initial = setTimeout(() => this.lintAll(), 0);
    this.register({ dispose: () => clearTimeout(initial) });
  }

  /** Lints every open document again (e.g. after `actlens.lint.enabled` changed). */
  lintAll(): void {
    for (const document of vscode.workspace.textDocuments) this.lint(document);
  }

  /** Only for the version the diagnostics were computed from: until the next lint, an edited document's positions may have moved. */
  findingFor(document: DocumentRef, diagnostic: vscode.Diagnostic) {
    if (this.versions.get(document.uri.toString()) !== document.version) return undefined;
    return this.diagnostics.findingFor(document.uri, diagnostic);
  }

  entries(document: DocumentRef): readonly DiagnosticEntry[] {
    if (this.versions.get(document.uri.toString()) !== document.version) return [];
    return this.diagnostics.entriesFor(document.uri);
  }

  lint(document: vscode.TextDocument): void {
    if (!isScriptDocument(document) || document.isClosed) return this.forget(document.uri);
    const text = document.getText();
    if (text.length > MAX_LINT_CHARS) return this.forget(document.uri);
    const comments = commentProblems(document, text);
    if (!this.enabled() || !mayBuildLayers(text)) return this.show(document, [], comments);
    let findings;
    try {
      findings = lintSource(text, document.fileName);
    } catch (error) {
      this.log.warn(`Static checks skipped for ${document.fileName}: ${(error as Error).message}`);
      return this.show(document, [], comments);
    }
    const byFile = diagnosticsByFile(
      findings,
      new SourceIndex((file) => (file === document.fileName ? text : undefined)),
      this.docsFor,
      {
        file: document.fileName,
        line: 1,
        column: 1,
      },
    );
    this.show(document, byFile.get(document.fileName) ?? [], comments);
  }

  private show(document: vscode.TextDocument, entries: DiagnosticEntry[], others: vscode.Diagnostic[]): void {
    this.versions.set(document.uri.toString(), document.version);
    this.diagnostics.set(document.uri, entries, others);
  }

  private forget(uri: vscode.Uri): void {
    this.versions.delete(uri.toString());
    this.diagnostics.delete(uri);
  }
}

/** Code of the warning on a suppression comment that names what ActLens does not know. */
export const SUPPRESSION_PROBLEM_CODE = 'actlens-disable';

/** Warnings on the document's suppression comments that name an unknown kind (they silence nothing by it). */
export function commentProblems(
  document: Pick<vscode.TextDocument, 'fileName' | 'positionAt'>,
  text: string,
): vscode.Diagnostic[] {
  return parseSuppressions(text, document.fileName).problems.map((problem) => {
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(document.positionAt(problem.start), document.positionAt(problem.end)),
      problem.message.charAt(0).toUpperCase() + problem.message.slice(1),
      vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = SUPPRESSION_PROBLEM_CODE;
    return diagnostic;
  });
}
