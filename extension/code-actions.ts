/**
 * Code actions on ActLens diagnostics, as linters have them:
 *
 * - each fix the finding carries, in its ranked order, as a WorkspaceEdit computed by computeFixEdits on the
 *   document as it is now. The first one that applies is preferred. Advice (e.g. "Lower the learning rate") and
 *   fixes that cannot be applied to this shape of code stay in the list, disabled, with the reason, so that the
 *   user sees why they are not offered. Two diagnostics whose fixes make the very same edit (a run's
 *   activation-drift and the static lint-selu-initializer on one layer) show it once, for both;
 * - "Fix all <kind> in file": the preferred fix of every diagnostic of that kind in the document, as one edit,
 *   when there are at least two and their edits do not overlap;
 * - "Disable <kind> for this line": an `// actlens-disable-next-line <kind>` comment above the line, indented as
 *   it is (or the kind added to such a comment already there);
 * - "Show documentation for <kind>": the kind's explanation page, rendered beside the code.
 */
import * as vscode from 'vscode';
import { computeFixEdits, type TextEdit } from '../src/fixes/edits.ts';
import type { Finding, FindingKind, Fix } from '../src/core/findings.ts';
import { DISABLE_NEXT_LINE, parseSuppressions } from '../src/source/suppressions.ts';
import { DIAGNOSTIC_SOURCE, SHOW_FINDING_DOCS_COMMAND, type DocsLookup, type FindingLookup } from './diagnostics.ts';

/** Runs after a fix was applied: offers to re-run (registered by the commands). */
export const FIX_APPLIED_COMMAND = 'actlens.fixApplied';

export type FixDocument = Pick<vscode.TextDocument, 'uri' | 'fileName' | 'version' | 'getText' | 'positionAt'>;

export interface DiagnosedFinding {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

/** Where computeFixEdits should look for the finding's layer call in this document. */
function fixSite(document: FixDocument, { diagnostic, finding }: DiagnosedFinding): { line: number; column: number } {
  return finding.source && sameFile(finding.source.file, document.fileName)
    ? finding.source
    : { line: diagnostic.range.start.line + 1, column: diagnostic.range.start.character + 1 };
}

function workspaceEdit(document: FixDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of edits)
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)),
      change.newText,
    );
  return edit;
}

/** The edits as one comparable key: the same edits in any order give the same key. */
function editsKey(edits: readonly TextEdit[]): string {
  return JSON.stringify(
    [...edits].sort((a, b) => a.start - b.start || a.end - b.end).map((edit) => [edit.start, edit.end, edit.newText]),
  );
}

/** The findings' fixes, ranked, each finding's first applicable one preferred; identical edits offered once. */
export function codeActionsFor(document: FixDocument, items: readonly DiagnosedFinding[]): vscode.CodeAction[] {
  const text = document.getText();
  const actions: vscode.CodeAction[] = [];
  /** Actions by what they do (their edits; for greyed-out ones, their title), to show each once. */
  const byEffect = new Map<string, vscode.CodeAction>();
  for (const item of items) {
    const { diagnostic, finding } = item;
    const at = fixSite(document, item);
    let preferred = false;
    for (const fix of finding.fixes) {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      let effect: string;
      if (fix.action === 'advice') {
        action.disabled = { reason: `Advice, not a code change: ${fix.why}` };
        effect = `disabled:${fix.title}`;
      } else {
        const result = computeFixEdits(text, document.fileName, at, fix);
        if (!result.ok) {
          action.disabled = { reason: `ActLens cannot make this change here: ${result.reason}.` };
          effect = `disabled:${fix.title}`;
        } else {
          action.edit = workspaceEdit(document, result.edits);
          action.command = fixAppliedCommand(document, fix.title);
          effect = `edit:${editsKey(result.edits)}`;
          if (!preferred) action.isPreferred = preferred = true;
        }
      }
      const same = byEffect.get(effect);
      if (same) {
        // One action for both diagnostics: applying it settles both.
        if (!same.diagnostics?.includes(diagnostic)) same.diagnostics = [...(same.diagnostics ?? []), diagnostic];
        if (action.isPreferred) same.isPreferred = true;
        continue;
      }
      byEffect.set(effect, action);
      actions.push(action);
    }
  }
  return actions;
}

function fixAppliedCommand(document: FixDocument, title: string): vscode.Command {
  return { command: FIX_APPLIED_COMMAND, title: 'Offer to re-run', arguments: [document.uri, title] };
}

/** The first of a finding's fixes that applies to the document as it is, with its edits. */
function preferredFix(
  document: FixDocument,
  text: string,
  item: DiagnosedFinding,
): { fix: Fix; edits: TextEdit[] } | undefined {
  const at = fixSite(document, item);
  for (const fix of item.finding.fixes) {
    if (fix.action === 'advice') continue;
    const result = computeFixEdits(text, document.fileName, at, fix);
    if (result.ok) return { fix, edits: result.edits };
  }
  return undefined;
}

/**
 * "Fix all <kind> in file": the preferred fix of each of the document's diagnostics of `kind`, as one edit. Only
 * when at least two have one and no two of their edits touch the same text (identical edits count once).
 */
export function fixAllActionFor(
  document: FixDocument,
  kind: FindingKind,
  entries: readonly DiagnosedFinding[],
): vscode.CodeAction | undefined {
  const text = document.getText();
  const fixed = entries
    .filter((entry) => entry.finding.kind === kind)
    .flatMap((entry) => {
      const found = preferredFix(document, text, entry);
      return found ? [{ entry, ...found }] : [];
    });
  if (fixed.length < 2) return undefined;
  const unique = new Map<string, TextEdit>();
  for (const { edits } of fixed) for (const edit of edits) unique.set(editsKey([edit]), edit);
  const edits = [...unique.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let index = 1; index < edits.length; index++) {
    const [before, after] = [edits[index - 1]!, edits[index]!];
    if (after.start < before.end || after.start === before.start) return undefined;
  }
  const title = `Fix all ${kind} in file`;
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = fixed.map(({ entry }) => entry.diagnostic);
  action.edit = workspaceEdit(document, edits);
  action.command = fixAppliedCommand(document, title);
  return action;
}

/**
 * "Disable <kind> for this line": `// actlens-disable-next-line <kind>` above the finding's line, with that line's
 * indentation and line ending; when the line above is already such a comment (without a reason), the kind is added
 * to it. A finding about the whole model has no line of its own: none.
 */
export function disableActionFor(document: FixDocument, item: DiagnosedFinding): vscode.CodeAction | undefined {
  const { diagnostic, finding } = item;
  if (!finding.source) return undefined;
  const text = document.getText();
  const line =
    (sameFile(finding.source.file, document.fileName) ? finding.source.line : diagnostic.range.start.line + 1) - 1;
  const lines = text.split(/\r\n|\n|\r/);
  const lineText = lines[line];
  if (lineText === undefined) return undefined;
  const action = new vscode.CodeAction(`Disable ${finding.kind} for this line`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  const edit = new vscode.WorkspaceEdit();
  const above = line > 0 ? lines[line - 1]! : undefined;
  const existing =
    above === undefined
      ? undefined
      : /^(\s*\/\/\s*actlens-disable-next-line\s+[\w-]+(?:\s*,\s*[\w-]+)*)\s*$/.exec(above);
  const named = existing
    ? parseSuppressions(text, document.fileName).comments.find((c) => c.target === line + 1)
    : undefined;
  if (existing && named && named.kinds !== 'all' && !named.reason) {
    const at = existing[1]!.length;
    edit.replace(document.uri, new vscode.Range(line - 1, at, line - 1, at), `, ${finding.kind}`);
  } else {
    const indent = /^\s*/.exec(lineText)![0];
    const eol = /\r\n/.test(text) ? '\r\n' : /\r(?!\n)/.test(text) ? '\r' : '\n';
    edit.replace(
      document.uri,
      new vscode.Range(line, 0, line, 0),
      `${indent}// ${DISABLE_NEXT_LINE} ${finding.kind}${eol}`,
    );
  }
  action.edit = edit;
  return action;
}

/** "Show documentation for <kind>", when the kind has a page. */
export function docsActionFor(
  kind: FindingKind,
  docsFor: DocsLookup,
  diagnostics: vscode.Diagnostic[],
): vscode.CodeAction | undefined {
  if (!docsFor(kind)) return undefined;
  const title = `Show documentation for ${kind}`;
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = diagnostics;
  action.command = { command: SHOW_FINDING_DOCS_COMMAND, title, arguments: [kind] };
  return action;
}

/**
 * Everything offered for the diagnostics at hand: their fixes, then "Fix all" per kind, "Disable" per kind and
 * line, and the documentation per kind. `all`: every ActLens diagnostic of the document (for "Fix all").
 */
export function allCodeActionsFor(
  document: FixDocument,
  items: readonly DiagnosedFinding[],
  all: readonly DiagnosedFinding[],
  docsFor: DocsLookup,
): vscode.CodeAction[] {
  const actions = codeActionsFor(document, items);
  const kinds = [...new Set(items.map((item) => item.finding.kind))];
  for (const kind of kinds) {
    const fixAll = fixAllActionFor(document, kind, all);
    if (fixAll) actions.push(fixAll);
  }
  const titles = new Set<string>();
  for (const item of items) {
    const disable = disableActionFor(document, item);
    if (!disable || titles.has(`${disable.title}@${item.finding.source?.line}`)) continue;
    titles.add(`${disable.title}@${item.finding.source?.line}`);
    actions.push(disable);
  }
  for (const kind of kinds) {
    const diagnostics = items.filter((item) => item.finding.kind === kind).map((item) => item.diagnostic);
    const docs = docsActionFor(kind, docsFor, diagnostics);
    if (docs) actions.push(docs);
  }
  return actions;
}

function sameFile(a: string, b: string): boolean {
  return process.platform === 'win32' || process.platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export class ActLensFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(
    private readonly lookups: readonly FindingLookup[],
    private readonly docsFor: DocsLookup = () => undefined,
  ) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const items: DiagnosedFinding[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = this.lookups
        .map((lookup) => lookup.findingFor(document, diagnostic))
        .find((found) => found !== undefined);
      if (finding) items.push({ diagnostic, finding });
    }
    if (items.length === 0) return [];
    const all = this.lookups.flatMap((lookup) => lookup.entries?.(document) ?? []);
    return allCodeActionsFor(document, items, all, this.docsFor);
  }
}
