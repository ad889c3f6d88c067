/**
 * Quick fixes for ActLens diagnostics: each fix the finding carries, in its ranked order, as a WorkspaceEdit
 * computed by computeFixEdits on the document as it is now. The first one that applies is preferred. Advice
 * (e.g. "Lower the learning rate") and fixes that cannot be applied to this shape of code stay in the list,
 * disabled, with the reason, so that the user sees why they are not offered.
 */
import * as vscode from 'vscode';
import { computeFixEdits } from '../src/fixes/edits.ts';
import type { Finding } from '../src/core/findings.ts';
import { DIAGNOSTIC_SOURCE, type FindingLookup } from './diagnostics.ts';

/** Runs after a fix was applied: offers to re-run (registered by the commands). */
export const FIX_APPLIED_COMMAND = 'actlens.fixApplied';

export type FixDocument = Pick<vscode.TextDocument, 'uri' | 'fileName' | 'version' | 'getText' | 'positionAt'>;

export interface DiagnosedFinding {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

export function codeActionsFor(document: FixDocument, items: readonly DiagnosedFinding[]): vscode.CodeAction[] {
  const text = document.getText();
  const actions: vscode.CodeAction[] = [];
  for (const { diagnostic, finding } of items) {
    const at =
      finding.source && sameFile(finding.source.file, document.fileName)
        ? finding.source
        : { line: diagnostic.range.start.line + 1, column: diagnostic.range.start.character + 1 };
    let preferred = false;
    for (const fix of finding.fixes) {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      if (fix.action === 'advice') {
        action.disabled = { reason: `Advice, not a code change: ${fix.why}` };
      } else {
        const result = computeFixEdits(text, document.fileName, at, fix);
        if (!result.ok) {
          action.disabled = { reason: `ActLens cannot make this change here: ${result.reason}.` };
        } else {
          const edit = new vscode.WorkspaceEdit();
          for (const change of result.edits)
            edit.replace(
              document.uri,
              new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)),
              change.newText,
            );
          action.edit = edit;
          action.command = {
            command: FIX_APPLIED_COMMAND,
            title: 'Offer to re-run',
            arguments: [document.uri, fix.title],
          };
          if (!preferred) action.isPreferred = preferred = true;
        }
      }
      actions.push(action);
    }
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

  constructor(private readonly lookups: readonly FindingLookup[]) {}

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
    return codeActionsFor(document, items);
  }
}
