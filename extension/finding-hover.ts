/**
 * The hover on a line with ActLens diagnostics: the Problems row has the finding's one sentence; here is the rest
 * of it — the likely cause and the evidence for it, the measurements (`detail`), the fixes in their ranked order
 * (marking the one that treats the cause), and a link to the kind's page, rendered beside the code.
 */
import * as vscode from 'vscode';
import { CAUSES } from '../src/core/causes.ts';
import type { Finding } from '../src/core/findings.ts';
import {
  findingDocsCommandLink,
  SHOW_FINDING_DOCS_COMMAND,
  type DiagnosticEntry,
  type DocsLookup,
  type DocumentRef,
  type FindingLookup,
} from './diagnostics.ts';

/** Markdown's own characters in text that is not Markdown (layer names such as dense_Dense2, `*`, `[`…). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** One finding as the hover shows it (Markdown; the only link runs SHOW_FINDING_DOCS_COMMAND). */
export function findingHoverMarkdown(finding: Finding, docsFor: DocsLookup): string {
  const parts = [`**ActLens** · \`${finding.kind}\` · ${finding.severity}`, escapeMarkdown(finding.message)];
  const { cause } = finding;
  if (cause) {
    const label = cause.id === 'unexplained' ? '**Cause:**' : '**Likely cause:**';
    const because = cause.because ? ` — ${escapeMarkdown(cause.because)}` : '';
    parts.push(`${label} ${escapeMarkdown(CAUSES[cause.id])}${because}`);
  }
  if (finding.detail) parts.push(escapeMarkdown(finding.detail));
  if (finding.layers && finding.layers.length > 1)
    parts.push(`Layers: ${finding.layers.map((layer) => escapeMarkdown(layer)).join(', ')}`);
  if (finding.fixes.length > 0) {
    const fixes = finding.fixes.map((fix, index) => {
      const notes: string[] = [];
      if (fix.treats && cause && fix.treats === cause.id) notes.push('*treats the likely cause*');
      else if (fix.treats) notes.push(`*treats: ${escapeMarkdown(CAUSES[fix.treats])}*`);
      if (fix.action === 'advice') notes.push('advice, not a code change');
      return `${index + 1}. ${escapeMarkdown(fix.title)}${notes.length > 0 ? ` — ${notes.join(', ')}` : ''}`;
    });
    parts.push(['**Fixes**, best first:', ...fixes].join('\n'));
  }
  if (docsFor(finding.kind))
    parts.push(`[Show documentation for ${finding.kind}](${findingDocsCommandLink(finding.kind)})`);
  return parts.join('\n\n');
}

/** The diagnostics (with their findings) on a 0-based line of the document. */
export function entriesOnLine(
  lookups: readonly FindingLookup[],
  document: DocumentRef,
  line: number,
): DiagnosticEntry[] {
  return lookups
    .flatMap((lookup) => lookup.entries?.(document) ?? [])
    .filter(({ diagnostic }) => diagnostic.range.start.line <= line && line <= diagnostic.range.end.line);
}

/** More for the hover on a line (0-based) than its findings: e.g. the layer's figures over the run (Markdown). */
export type LineHoverExtra = (document: vscode.TextDocument, line: number) => string | undefined;

export class FindingHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly lookups: readonly FindingLookup[],
    private readonly docsFor: DocsLookup,
    private readonly extra?: LineHoverExtra,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const entries = entriesOnLine(this.lookups, document, position.line);
    // One hover per line: the findings first, then the rest.
    const parts = entries.map(({ finding }) => findingHoverMarkdown(finding, this.docsFor));
    const extra = this.extra?.(document, position.line);
    if (extra) parts.push(extra);
    if (parts.length === 0) return undefined;
    const markdown = new vscode.MarkdownString(parts.join('\n\n---\n\n'));
    // Only our own command may run from this hover's links.
    markdown.isTrusted = { enabledCommands: [SHOW_FINDING_DOCS_COMMAND] };
    return new vscode.Hover(markdown);
  }
}
