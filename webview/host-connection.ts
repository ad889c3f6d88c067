/**
 * The panel's link to whatever feeds it: the extension host through `acquireVsCodeApi()`, or — in an HTML
 * report, where that function does not exist — the message (a run, or a comparison) embedded in the page.
 * Everything that arrives is validated at this boundary; a message that fails is dropped with a console
 * warning.
 */
import {
  EMBEDDED_MESSAGE_ID,
  EMPTY_PANEL_STATE,
  parseHostMessage,
  parsePanelState,
  WEBVIEW_PROTOCOL_VERSION,
  type PanelState,
  type ReplyMessage,
  type PanelMessage,
  type WebviewMessage,
  type WebviewRequest,
} from '../src/core/webview-messages.ts';

/** How long a request waits for the host's reply before the panel treats it as failed. */
const REPLY_TIMEOUT_MS = 15_000;

/** A request as the panel writes it; the connection numbers it. (Distributes over the union, which Omit alone would flatten.) */
type WithoutRequestId<M> = M extends unknown ? Omit<M, 'requestId'> : never;
export type PanelRequest = WithoutRequestId<WebviewRequest>;

export interface HostConnection {
  /** False in an HTML report: there is no run to stop or re-run and no editor to reveal a line in. */
  readonly live: boolean;
  /** Delivers every valid host message (other than replies) to `onMessage`, starting now. */
  listen(onMessage: (message: PanelMessage) => void): void;
  /** Sends a request; resolves with the host's reply, or with a failed one when none comes in time. */
  request(request: PanelRequest): Promise<ReplyMessage>;
  panelState: PanelState;
}

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare global {
  /** Present only inside a VS Code webview, and callable only once. */
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

export function connectToHost(): HostConnection {
  return typeof globalThis.acquireVsCodeApi === 'function'
    ? vsCodeConnection(globalThis.acquireVsCodeApi())
    : embeddedMessageConnection();
}

function vsCodeConnection(api: VsCodeApi): HostConnection {
  const pending = new Map<number, (reply: ReplyMessage) => void>();
  let lastRequestId = 0;
  let panelState = parsePanelState(api.getState());

  return {
    live: true,
    listen(onMessage) {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const parsed = parseHostMessage(event.data);
        if (!parsed.ok) return warnDropped(parsed.reason);
        const message = parsed.message;
        if (message.type !== 'reply') return onMessage(message);
        pending.get(message.requestId)?.(message);
        pending.delete(message.requestId);
      });
      api.postMessage({ type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION });
    },
    request(request) {
      const requestId = ++lastRequestId;
      return new Promise((resolve) => {
        pending.set(requestId, resolve);
        setTimeout(() => {
          if (pending.delete(requestId))
            resolve({ type: 'reply', requestId, ok: false, message: 'ActLens did not answer in time.' });
        }, REPLY_TIMEOUT_MS);
        // The spread loses which member of the union `request` is; adding the id keeps it a valid one.
        api.postMessage({ ...request, requestId } as WebviewRequest);
      });
    },
    get panelState() {
      return panelState;
    },
    set panelState(state) {
      panelState = state;
      api.setState(state);
    },
  };
}

function embeddedMessageConnection(): HostConnection {
  let panelState = EMPTY_PANEL_STATE;
  return {
    live: false,
    listen(onMessage) {
      const embedded = document.getElementById(EMBEDDED_MESSAGE_ID)?.textContent;
      if (!embedded) return warnDropped(`the page has no #${EMBEDDED_MESSAGE_ID} message to show`);
      let raw: unknown;
      try {
        raw = JSON.parse(embedded);
      } catch (error) {
        return warnDropped(`the embedded message is not JSON (${(error as Error).message})`);
      }
      const parsed = parseHostMessage(raw);
      if (!parsed.ok) warnDropped(parsed.reason);
      else if (parsed.message.type !== 'init' && parsed.message.type !== 'compare')
        warnDropped(`the embedded message is a '${parsed.message.type}' message, not 'init' or 'compare'`);
      else onMessage(parsed.message);
    },
    async request(request) {
      // A report has no host; copying is the one request the page can carry out by itself.
      if (request.type !== 'copy')
        return { type: 'reply', requestId: 1, ok: false, message: 'Not available in a report.' };
      try {
        await navigator.clipboard.writeText(request.text);
        return { type: 'reply', requestId: 1, ok: true };
      } catch {
        return { type: 'reply', requestId: 1, ok: false, message: 'The browser did not allow copying.' };
      }
    },
    get panelState() {
      return panelState;
    },
    set panelState(state) {
      panelState = state;
    },
  };
}

function warnDropped(reason: string): void {
  console.warn(`ActLens panel: dropped a message: ${reason}`);
}
