/**
 * The ActLens panel beside the editor: a webview running dist/webview.js (built from webview/), fed the shown
 * run through the messages of src/protocol/webview-messages.ts. The page is not kept alive while hidden
 * (retainContextWhenHidden: false); when it comes back it says `ready` and gets the whole run again in
 * `init`, and remembers its own UI state with getState/setState. After a restart, the serializer restores the
 * panel and the run it showed, from the run's event log.
 *
 * Every message from the page is validated with the protocol's parser; malformed ones are dropped and
 * logged. `reveal` only opens files inside the workspace.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  parsePanelState,
  parseWebviewMessage,
  type HostMessage,
  type WebviewMessage,
} from '../../src/core/webview-messages.ts';
import { webviewHtml } from '../../src/report/html-report.ts';
import { Disposable, type DisposableLike } from '../dispose.ts';
import type { Log } from '../run-controller.ts';
import type { RunDisplay, RunView } from '../run-view.ts';
import { Throttle } from '../throttle.ts';
import { initMessage, isInsideFolders, stateMessage } from './panel-messages.ts';

export const PANEL_VIEW_TYPE = 'actlens.panel';
/** Events, findings and state go to the page at most 10 times a second. */
const FORWARD_INTERVAL_MS = 100;

export interface PanelActions {
  /** Stops the run if it is the one running; resolves with why not otherwise. */
  stop(runId: string): Promise<string | undefined>;
  /** Runs the run's script again; resolves with why not when it cannot. */
  rerun(runId: string): Promise<string | undefined>;
  /** A recorded run by id, for a panel restored after a restart. */
  loadRun(runId: string): RunView | undefined;
  /** The workspace folders the panel may open files from. */
  folders(): string[];
}

interface Sent {
  view: RunView;
  revision: number;
  events: number;
  findings: string;
  state: string;
}

export class PanelHost extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: DisposableLike[] = [];
  /** The page said `ready` and has not been hidden (which unloads it) since. */
  private ready = false;
  private sent: Sent | undefined;
  private readonly forward = this.register(new Throttle(FORWARD_INTERVAL_MS, () => this.flush()));

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly display: RunDisplay,
    private readonly actions: PanelActions,
    private readonly log: Log,
  ) {
    super();
    this.register(
      display.onDidShow((view) => {
        this.updateTitle(view);
        this.forward.flush();
      }),
    );
    this.register(display.onDidUpdate(() => this.forward.schedule()));
    this.register({ dispose: () => this.panel?.dispose() });
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(preserveFocus = true): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'ActLens',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      {
        ...this.webviewOptions(),
        retainContextWhenHidden: false,
        enableFindWidget: false,
      },
    );
    this.attach(panel);
  }

  /** A panel VS Code restored after a restart: show the run it showed (from its log) unless another is shown now. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const { runId } = parsePanelState(state);
    if (runId && this.display.current?.id !== runId) {
      const view = this.actions.loadRun(runId);
      if (view) this.display.show(view);
      else this.log.warn(`The ActLens panel showed run ${runId}, which is no longer in .actlens/runs.`);
    }
    this.attach(panel);
  }

  private webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    this.panel = panel;
    this.ready = false;
    this.sent = undefined;
    const { webview } = panel;
    webview.options = this.webviewOptions();
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    this.updateTitle(this.display.current);
    this.panelDisposables = [
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(panel, raw)),
      panel.onDidChangeViewState(() => {
        // A hidden page is unloaded; it says `ready` again when it is shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        for (const disposable of this.panelDisposables) disposable.dispose();
        this.panelDisposables = [];
        if (this.panel === panel) {
          this.panel = undefined;
          this.ready = false;
          this.sent = undefined;
        }
      }),
    ];
  }

  private updateTitle(view: RunView | undefined): void {
    if (this.panel) this.panel.title = view?.script ? `ActLens: ${path.basename(view.script)}` : 'ActLens';
  }

  private async receive(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`Panel: dropped a malformed message (${parsed.reason}).`);
      return;
    }
    if (panel !== this.panel) return;
    const message = parsed.message;
    if (message.type === 'ready') {
      this.ready = true;
      this.sent = undefined;
      this.flush();
      return;
    }
    let failure: string | undefined;
    try {
      failure = await this.handle(message);
    } catch (error) {
      failure = (error as Error)?.message ?? String(error);
    }
    this.post({
      type: 'reply',
      requestId: message.requestId,
      ok: failure === undefined,
      ...(failure !== undefined && { message: failure.slice(0, 4000) }),
    });
  }

  /** Acts on a request; resolves with why it could not, or undefined when it did. */
  private async handle(message: Exclude<WebviewMessage, { type: 'ready' }>): Promise<string | undefined> {
    switch (message.type) {
      case 'reveal':
        return this.reveal(message.file, message.line, message.column);
      case 'stop':
        return this.actions.stop(message.runId);
      case 'rerun':
        return this.actions.rerun(message.runId);
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        return undefined;
    }
  }

  private async reveal(file: string, line: number, column: number): Promise<string | undefined> {
    if (!isInsideFolders(file, this.actions.folders())) {
      this.log.warn(`Panel: refused to open ${file}: it is not inside the workspace.`);
      return 'ActLens only opens files inside the workspace.';
    }
    const position = new vscode.Position(line - 1, column - 1);
    const besidePanel = vscode.window.visibleTextEditors.find(
      (editor) => editor.viewColumn !== undefined && editor.viewColumn !== this.panel?.viewColumn,
    )?.viewColumn;
    await vscode.window.showTextDocument(vscode.Uri.file(file), {
      selection: new vscode.Range(position, position),
      viewColumn: besidePanel ?? vscode.ViewColumn.One,
      preserveFocus: false,
    });
    return undefined;
  }

  /** Brings the page up to date with the shown run: `init` for a run it has not seen, else what is new. */
  private flush(): void {
    const view = this.display.current;
    if (!this.panel || !this.ready || !view) return;
    if (this.sent?.view !== view || this.sent.revision !== view.eventsRevision) {
      const init = initMessage(view);
      this.post(init);
      this.sent = {
        view,
        revision: view.eventsRevision,
        events: init.events.length,
        findings: JSON.stringify(init.findings),
        state: JSON.stringify(init.state),
      };
      return;
    }
    const sent = this.sent;
    if (view.events.length > sent.events) {
      this.post({ type: 'events', runId: view.id, events: view.events.slice(sent.events) });
      sent.events = view.events.length;
    }
    const findings = view.findings();
    const findingsKey = JSON.stringify(findings);
    if (findingsKey !== sent.findings) {
      this.post({ type: 'findings', runId: view.id, findings });
      sent.findings = findingsKey;
    }
    const state = stateMessage(view);
    const stateKey = JSON.stringify({ status: state.status, message: state.message });
    if (stateKey !== sent.state) {
      this.post(state);
      sent.state = stateKey;
    }
  }

  private post(message: HostMessage): void {
    void this.panel?.webview
      .postMessage(message)
      .then(undefined, (error: unknown) => this.log.warn(`Panel: a message could not be delivered: ${String(error)}`));
  }
}

/** Restores the panel after a restart (VS Code keeps the page's state: the id of the run it showed). */
export function registerPanelSerializer(host: PanelHost): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, state) {
      host.restore(panel, state);
    },
  });
}
