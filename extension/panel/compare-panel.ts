/**
 * A comparison's own view: one webview tab per comparison, titled with the layer compared, so that a
 * comparison never lands in (or stays on top of) the panel of a training run. It runs the panel's page
 * (dist/webview.js), which shows only the comparison when it gets no run. Not restored after a restart:
 * the result is in the log and, from the CLI, in --json/--report.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { CompareResult } from '../../src/core/compare/comparison-schema.ts';
import { comparisonTitle } from '../../src/core/compare/verdict-words.ts';
import { parseWebviewMessage, type HostMessage } from '../../src/core/webview-messages.ts';
import { webviewHtml } from '../../src/report/html-report.ts';
import { Disposable } from '../dispose.ts';
import type { Log } from '../run-controller.ts';

export const COMPARE_VIEW_TYPE = 'actlens.comparison';

export class ComparePanels extends Disposable {
  private readonly panels = new Set<vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    super();
    this.register({ dispose: () => [...this.panels].forEach((panel) => panel.dispose()) });
  }

  /** Opens a new tab beside the editor with the comparison; earlier comparisons keep their own tabs. */
  show(result: CompareResult): void {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW_TYPE,
      comparisonTitle(result),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist], enableFindWidget: true },
    );
    const { webview } = panel;
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    const post = (message: HostMessage) =>
      void webview
        .postMessage(message)
        .then(undefined, (error: unknown) =>
          this.log.warn(`Comparison view: a message was not delivered: ${String(error)}`),
        );
    const listener = webview.onDidReceiveMessage(async (raw: unknown) => {
      const parsed = parseWebviewMessage(raw);
      if (!parsed.ok) return this.log.warn(`Comparison view: dropped a malformed message (${parsed.reason}).`);
      const message = parsed.message;
      // The page is unloaded while hidden and says `ready` again when shown: it gets the comparison again.
      if (message.type === 'ready') return post({ type: 'compare', result });
      if (message.type === 'copy') await vscode.env.clipboard.writeText(message.text);
      const done = message.type === 'copy';
      post({
        type: 'reply',
        requestId: message.requestId,
        ok: done,
        ...(!done && { message: 'This view shows a comparison; open the run from the ActLens panel.' }),
      });
    });
    this.panels.add(panel);
    panel.onDidDispose(() => {
      listener.dispose();
      this.panels.delete(panel);
    });
  }
}
