/**
 * The pages the panel runs in: the self-contained HTML reports (`actlens run --report FILE.html`, `actlens
 * compare --report FILE.html`) and the VS Code webview's HTML. All use the same page shell and the same
 * webview bundle; a report inlines the bundle and what it shows, so it opens from disk, offline, under a CSP
 * that admits nothing else.
 */
import { randomBytes } from 'node:crypto';
import type { CompareResult } from '../core/compare/comparison-schema.ts';
import { comparisonTitle } from '../core/compare/verdict-words.ts';
import type { RunnerEvent } from '../core/events.ts';
import type { Finding } from '../core/findings.ts';
import type { Thresholds } from '../core/thresholds.ts';
import {
  EMBEDDED_MESSAGE_ID,
  HostMessageSchema,
  MESSAGE_LIMITS,
  WEBVIEW_PROTOCOL_VERSION,
  type CompareMessage,
  type InitMessage,
} from '../core/webview-messages.ts';
import { escapeHtml, renderPage } from '../core/panel-page.ts';
import { ThinnedEvents } from '../session/thinned-events.ts';
import type { WebviewAssets } from './webview-assets.ts';

export interface ReportRun {
  events: RunnerEvent[];
  findings: Finding[];
  title: string;
  /** What the run was analysed with, for the charts' bands. */
  thresholds: Thresholds;
}

export function renderHtmlReport(run: ReportRun, assets: WebviewAssets): string {
  const title = run.title.slice(0, MESSAGE_LIMITS.shortText);
  return renderStandalone(
    {
      type: 'init',
      protocol: WEBVIEW_PROTOCOL_VERSION,
      run: { id: 'report', title },
      events: thinnedForDisplay(run.events),
      findings: run.findings,
      thresholds: run.thresholds,
    },
    title,
    assets,
  );
}

/**
 * What the panel keeps of a run, however long it was: a page embeds what a display shows, never a whole log
 * (a log of 1,000,000 records would exceed the page's message limits and not be written).
 */
function thinnedForDisplay(events: readonly RunnerEvent[]): RunnerEvent[] {
  const thinned = new ThinnedEvents();
  for (const event of events) thinned.push(event);
  return [...thinned.events];
}

/** `actlens compare --report`: the panel's compare view of one comparison. */
export function renderCompareReport(result: CompareResult, assets: WebviewAssets): string {
  return renderStandalone(
    { type: 'compare', result },
    `${comparisonTitle(result)} · ActLens`.slice(0, MESSAGE_LIMITS.shortText),
    assets,
  );
}

/** One offline page: the panel bundle and the message it shows, inline, under a CSP that admits nothing else. */
function renderStandalone(message: InitMessage | CompareMessage, title: string, assets: WebviewAssets): string {
  const nonce = newNonce();
  // The panel validates the embedded message as it would any host message; refuse here to write a page it would refuse.
  const checked = HostMessageSchema.safeParse(message);
  if (!checked.success)
    throw new Error(
      `cannot write the report: the data does not validate (${checked.error.issues[0]?.message ?? 'unknown shape'})`,
    );
  return renderPage({
    title,
    csp: [
      `default-src 'none'`,
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      `img-src data:`,
      `font-src data:`,
      `base-uri 'none'`,
      `form-action 'none'`,
    ].join('; '),
    styles: `<style nonce="${nonce}">${inlineSafe(assets.css, 'style')}</style>`,
    scripts: [
      `<script type="application/json" id="${EMBEDDED_MESSAGE_ID}">${jsonForScript(message)}</script>`,
      `<script nonce="${nonce}">${inlineSafe(assets.script, 'script')}</script>`,
    ].join('\n'),
    standalone: true,
  });
}

export interface WebviewHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value per page load. */
  nonce: string;
  /** `webview.asWebviewUri(…/dist/webview.js)`. */
  scriptUri: string;
  /** `webview.asWebviewUri(…/dist/webview.css)`. */
  styleUri: string;
}

/** The panel's HTML in VS Code: the bundle is loaded from the extension's dist/ (keep it in localResourceRoots). */
export function webviewHtml(options: WebviewHtmlOptions): string {
  const { cspSource, nonce } = options;
  return renderPage({
    title: 'ActLens',
    csp: [
      `default-src 'none'`,
      `script-src 'nonce-${nonce}'`,
      `style-src ${cspSource}`,
      `img-src ${cspSource} data:`,
      `font-src ${cspSource} data:`,
    ].join('; '),
    styles: `<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">`,
    scripts: `<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(options.scriptUri)}"></script>`,
    standalone: false,
  });
}

function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** JSON inside a script element: with `<` escaped, no `</script>` or `<!--` in the data can end or change the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * Code inside a script or style element, with what would end the element (`</script`, `</style`) or switch
 * the HTML parser's script state (`<!--`) broken up by a backslash, which JavaScript and CSS both ignore
 * inside the strings and comments where such text occurs.
 */
function inlineSafe(code: string, element: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1').replace(/<!--/g, '<\\!--');
}
