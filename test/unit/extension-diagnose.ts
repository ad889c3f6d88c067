/** Findings as the editor shows them, for the code-action and hover tests (they need the vscode stub loaded first). */
import { Uri } from 'vscode';
import { docsLookup, findingToDiagnostic, SourceIndex } from '../../extension/diagnostics.ts';
import type { Finding } from '../../src/core/findings.ts';
import type { Diagnostic, StubDocument } from './vscode-stub.ts';

/** A docs lookup that finds no shipped page. */
export const noDocs = docsLookup(Uri.file('/ext'), () => false);

/** The diagnostic the extension makes of `finding` in `document`. */
export function diagnose(document: StubDocument, finding: Finding, docs = noDocs): Diagnostic {
  return findingToDiagnostic(finding, new SourceIndex(() => document.getText()), docs, {
    file: document.fileName,
    line: 1,
    column: 1,
  }) as unknown as Diagnostic;
}
