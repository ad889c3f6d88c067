/**
 * The messages between the extension host and the ActLens panel (webview), in both directions.
 *
 * Like the runner's events, the zod schemas are the single source of truth: the types are inferred from
 * them, and each side validates what it receives with `parseHostMessage` / `parseWebviewMessage`, which
 * never throw. A message that fails is dropped (and logged by the receiver): the webview is a sandboxed
 * page, and the host must not act on whatever it posts.
 *
 * Conversation:
 * - webview → `ready` once its script runs (again after every hide/show that reloaded it);
 *   host → `init` with the whole run so far. The host also sends `init` on its own when a new run starts.
 * - host → `events` / `findings` / `state` as the run goes; each names its run so stale ones are ignored.
 * - host → `compare` with an activation comparison, shown beside whatever run is shown (and re-sent on `ready`).
 * - webview → `reveal` / `stop` / `rerun` / `copy`, each with a `requestId`;
 *   host → `reply` with the same `requestId` once it has acted (or could not).
 */
import { z } from 'zod';
import { CompareResultSchema } from './compare/comparison-schema.ts';
import { RunnerEventSchema, SourceLocationSchema } from './events.ts';
import { FindingSchema } from './findings.ts';
import { RunStatusSchema } from './run-status.ts';
import { ThresholdsSchema } from './thresholds.ts';

/** Bump when a message changes shape; `ready` and `init` carry it so a mismatch is refused, not misread. */
export const WEBVIEW_PROTOCOL_VERSION = 1;

/**
 * Bounds on what a message may carry. Generous for real runs (20,000 steps in windows of one step still
 * fit one `init`), small enough that a hostile message cannot make the receiver allocate without limit.
 */
export const MESSAGE_LIMITS = {
  /** Events in one `init` or `events` message. */
  events: 1_000_000,
  findings: 10_000,
  /** A run id, title, file path or status message. */
  shortText: 4_096,
  /** Text the panel asks the host to copy (a run summary). */
  copyText: 1_000_000,
} as const;

const shortText = z.string().max(MESSAGE_LIMITS.shortText);
const runId = shortText.min(1);
const requestId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

// Host → webview.

export const InitMessageSchema = z.object({
  type: z.literal('init'),
  protocol: z.literal(WEBVIEW_PROTOCOL_VERSION),
  run: z.object({ id: runId, title: shortText }),
  /** Omitted when the events tell it (an HTML report); the host says it when it knows more (a killed process). */
  state: RunStatusSchema.optional(),
  events: z.array(RunnerEventSchema).max(MESSAGE_LIMITS.events),
  findings: z.array(FindingSchema).max(MESSAGE_LIMITS.findings),
  /** The thresholds the run is analysed with (the user's settings), for the bands the charts draw; defaults when omitted. */
  thresholds: ThresholdsSchema.optional(),
});

export const EventsMessageSchema = z.object({
  type: z.literal('events'),
  runId,
  events: z.array(RunnerEventSchema).max(MESSAGE_LIMITS.events),
});

/** The complete current list: findings come and go (hysteresis), so the host never sends a delta. */
export const FindingsMessageSchema = z.object({
  type: z.literal('findings'),
  runId,
  findings: z.array(FindingSchema).max(MESSAGE_LIMITS.findings),
});

export const StateMessageSchema = RunStatusSchema.extend({ type: z.literal('state'), runId });

/** The host's answer to a request; `message` says why when it could not act. */
export const ReplyMessageSchema = z.object({
  type: z.literal('reply'),
  requestId,
  ok: z.boolean(),
  message: shortText.optional(),
});

/**
 * The page around the panel (the VS Code webview or an HTML report) has the element the panel draws into.
 * A report has no host: it embeds the message it shows (`init` for a run, `compare` for a comparison) as
 * JSON in a `<script type="application/json">`.
 */
export const PANEL_ROOT_ID = 'actlens-root';
export const EMBEDDED_MESSAGE_ID = 'actlens-run';
/** The User Timing measure the panel records around each redraw (devtools show it; the redraw bench reads it). */
export const PANEL_RENDER_MEASURE = 'actlens-render';

/**
 * An activation comparison for the panel's compare view (actlens.compareActivations, `actlens compare
 * --report`). It replaces the one shown, if any; the page derives the Markdown table it copies from it.
 */
export const CompareMessageSchema = z.object({ type: z.literal('compare'), result: CompareResultSchema });

export const HostMessageSchema = z.discriminatedUnion('type', [
  InitMessageSchema,
  CompareMessageSchema,
  EventsMessageSchema,
  FindingsMessageSchema,
  StateMessageSchema,
  ReplyMessageSchema,
]);

// Webview → host.

export const ReadyMessageSchema = z.object({ type: z.literal('ready'), protocol: z.literal(WEBVIEW_PROTOCOL_VERSION) });

/** Show a layer's source: the host opens the file at the 1-based line and column, keeping the panel visible. */
export const RevealMessageSchema = z.object({
  type: z.literal('reveal'),
  requestId,
  file: shortText.min(1),
  line: SourceLocationSchema.shape.line,
  column: SourceLocationSchema.shape.column,
});

export const StopMessageSchema = z.object({ type: z.literal('stop'), requestId, runId });
export const RerunMessageSchema = z.object({ type: z.literal('rerun'), requestId, runId });
export const CopyMessageSchema = z.object({
  type: z.literal('copy'),
  requestId,
  text: z.string().max(MESSAGE_LIMITS.copyText),
});

export const WebviewMessageSchema = z.discriminatedUnion('type', [
  ReadyMessageSchema,
  RevealMessageSchema,
  StopMessageSchema,
  RerunMessageSchema,
  CopyMessageSchema,
]);

// What the webview keeps across hide/show (VS Code reloads a hidden webview and hands this back through
// getState, and to the host's WebviewPanelSerializer after a restart): UI choices, never run data.

export const PanelStateSchema = z.object({ runId: runId.nullable(), selectedLayer: shortText.nullable() });
export type PanelState = z.infer<typeof PanelStateSchema>;
export const EMPTY_PANEL_STATE: PanelState = { runId: null, selectedLayer: null };

export type InitMessage = z.infer<typeof InitMessageSchema>;
export type EventsMessage = z.infer<typeof EventsMessageSchema>;
export type FindingsMessage = z.infer<typeof FindingsMessageSchema>;
export type StateMessage = z.infer<typeof StateMessageSchema>;
export type ReplyMessage = z.infer<typeof ReplyMessageSchema>;
export type HostMessage = z.infer<typeof HostMessageSchema>;
export type CompareMessage = z.infer<typeof CompareMessageSchema>;
/** What the panel is sent besides replies. */
export type PanelMessage = Exclude<HostMessage, ReplyMessage>;
/** The messages about the run on show. */
export type RunMessage = Exclude<PanelMessage, CompareMessage>;
export type ReadyMessage = z.infer<typeof ReadyMessageSchema>;
export type RevealMessage = z.infer<typeof RevealMessageSchema>;
export type StopMessage = z.infer<typeof StopMessageSchema>;
export type RerunMessage = z.infer<typeof RerunMessageSchema>;
export type CopyMessage = z.infer<typeof CopyMessageSchema>;
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;
/** The webview messages that expect a `reply`. */
export type WebviewRequest = Extract<WebviewMessage, { requestId: number }>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Validates a message the webview received. Never throws. */
export function parseHostMessage(raw: unknown): Parsed<HostMessage> {
  return safeParse(HostMessageSchema, raw);
}

/** Validates a message the host received from the webview. Never throws. */
export function parseWebviewMessage(raw: unknown): Parsed<WebviewMessage> {
  return safeParse(WebviewMessageSchema, raw);
}

/** Reads a persisted panel state, falling back to the empty one for anything else. Never throws. */
export function parsePanelState(raw: unknown): PanelState {
  const parsed = safeParse(PanelStateSchema, raw);
  return parsed.ok ? parsed.message : EMPTY_PANEL_STATE;
}

function safeParse<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  try {
    const result = schema.safeParse(raw);
    if (result.success) return { ok: true, message: result.data };
    const issue = result.error.issues[0];
    return {
      ok: false,
      reason: issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'unknown shape',
    };
  } catch (error) {
    // safeParse reports shape errors itself; this is for objects that throw when read (getters, proxies).
    return { ok: false, reason: `unreadable message: ${describeThrown(error)}` };
  }
}

/** A short description of what a hostile message threw, without trusting it to be an ordinary Error. */
function describeThrown(error: unknown): string {
  try {
    return error instanceof Error && typeof error.message === 'string'
      ? error.message.slice(0, 200)
      : 'something other than an Error was thrown';
  } catch {
    return 'the thrown value could not be read either';
  }
}
