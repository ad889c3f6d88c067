/**
 * The persisted run: `.actlens/runs/<run-id>/events.jsonl`, one validated event per line, in arrival order
 * (written by RunLogWriter). Reading is forgiving: a truncated last line, an unknown protocol version, a
 * byte-order mark or garbage gives what can be read plus plain notes, never an exception. It is also safe
 * and bounded, because a log may come from a cloned repository: only a regular file inside the run's folder
 * is read (workspace-file.ts), line by line (log-lines.ts), at most MAX_LOG_READ_BYTES of it, into the thinned
 * list a display keeps; a caller that needs every event (analysis) gets each one as it is read.
 */
import { closeSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ACTLENS_FOLDER } from './actlens-folder.ts';
import { parseEventLine, type RunnerEvent } from '../core/events.ts';
import { MAX_EVENT_BYTES, PROTOCOL_VERSION } from '../core/protocol.ts';
import { forEachLine, type ByteRange } from './log-lines.ts';
import { ThinnedEvents } from './thinned-events.ts';
import { openRegularFile, regularFilePath } from './workspace-file.ts';

export const RUNS_FOLDER = path.join(ACTLENS_FOLDER, 'runs');
export const EVENTS_FILE = 'events.jsonl';

const MiB = 1024 * 1024;
/** More than any log this ActLens writes (LOG_CAP_BYTES); older or foreign logs are read in part. */
export const MAX_LOG_READ_BYTES = 256 * MiB;
/** When a log is read in part, its end is read too: the run's outcome is in its last record. */
const TAIL_BYTES = 2 * MAX_EVENT_BYTES;

export function newRunId(script: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = path
    .basename(script)
    .replace(/\.[^.]+$/, '')
    .replace(/[^\w-]/g, '_');
  return `${stamp}-${name}-${Math.random().toString(36).slice(2, 6)}`;
}

export interface RunLog {
  runDir: string;
  events: RunnerEvent[];
  /** What could not be read, in plain words; empty for a clean log. */
  notes: string[];
}

export interface ReadRunLogOptions {
  /** Called with every event read, in order, before thinning: for analysis. */
  each?(event: RunnerEvent): void;
}

/** A run's log as a display keeps it (ThinnedEvents), with notes on what could not be read. */
export function readRunLog(runDir: string, options: ReadRunLogOptions = {}): RunLog {
  let opened;
  try {
    opened = openRegularFile(logFile(runDir), runDir);
  } catch (error) {
    return { runDir, events: [], notes: [`No readable event log in ${runDir}: ${(error as Error).message}`] };
  }
  const notes: string[] = [];
  const shown = new ThinnedEvents();
  let start: RunnerEvent | undefined;
  let last: RunnerEvent | undefined;
  let skipped = 0;
  const ranges = rangesToRead(opened.size);
  if (ranges.length > 1) notes.push(partReadNote(opened.size, ranges));
  try {
    ranges.forEach((range, index) =>
      forEachLine(opened.fd, range, MAX_EVENT_BYTES, (text, complete) => {
        if (text !== null && !text.trim()) return;
        const parsed = text === null ? null : parseEventLine(text);
        if (parsed?.ok) {
          if (parsed.event.type === 'start') start ??= parsed.event;
          last = parsed.event;
          options.each?.(parsed.event);
          shown.push(parsed.event);
        } else if (complete) skipped++;
        else if (index === ranges.length - 1)
          notes.push(
            'The last record was cut off (the run was interrupted while writing); everything before it is shown.',
          );
      }),
    );
  } catch (error) {
    notes.push(`Reading the log stopped early (${(error as Error).message}); what was read before is shown.`);
  } finally {
    closeSync(opened.fd);
  }
  if (skipped > 0) notes.push(`${skipped} unreadable line${skipped === 1 ? '' : 's'} skipped.`);
  if (start?.type === 'start' && start.protocol !== PROTOCOL_VERSION) {
    notes.push(
      `This run was recorded with event protocol ${start.protocol}; this ActLens reads version ${PROTOCOL_VERSION}, so some details may be missing.`,
    );
  }
  if (last && last.type !== 'end' && last.type !== 'error')
    notes.push('The run has no end record: it was interrupted.');
  return { runDir, events: [...shown.events], notes };
}

/** The whole log, or its first part and its end when it is larger than MAX_LOG_READ_BYTES. */
function rangesToRead(size: number): ByteRange[] {
  if (size <= MAX_LOG_READ_BYTES) return [{ from: 0, to: size }];
  return [
    { from: 0, to: MAX_LOG_READ_BYTES - TAIL_BYTES },
    { from: size - TAIL_BYTES, to: size },
  ];
}

function partReadNote(size: number, [head, tail]: ByteRange[]): string {
  const mib = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;
  return (
    `This log is ${mib(size)}, more than the ${mib(MAX_LOG_READ_BYTES)} ActLens reads: shown are its first ` +
    `${mib(head!.to)} and its last ${mib(tail!.to - tail!.from)}, not the records between. ` +
    'This version of ActLens keeps the logs it writes under 64 MiB: run the script again for a log that opens in full.'
  );
}

/** The first records and the last one, reading only `peekBytes` at each end: for listing runs. */
export function peekRunLog(runDir: string, peekBytes: number): { head: RunnerEvent[]; last: RunnerEvent | undefined } {
  const head: RunnerEvent[] = [];
  let last: RunnerEvent | undefined;
  let opened;
  try {
    opened = openRegularFile(logFile(runDir), runDir);
  } catch {
    return { head, last };
  }
  const collect = (into: (event: RunnerEvent) => void) => (text: string | null, complete: boolean) => {
    const parsed = text !== null && complete ? parseEventLine(text) : null;
    if (parsed?.ok) into(parsed.event);
  };
  try {
    forEachLine(
      opened.fd,
      { from: 0, to: Math.min(opened.size, peekBytes) },
      MAX_EVENT_BYTES,
      collect((event) => head.push(event)),
    );
    last = head.at(-1);
    if (opened.size > peekBytes)
      forEachLine(
        opened.fd,
        { from: opened.size - peekBytes, to: opened.size },
        MAX_EVENT_BYTES,
        collect((event) => (last = event)),
      );
  } catch {
    // What was read is what the listing shows.
  } finally {
    closeSync(opened.fd);
  }
  return { head, last };
}

/** The run's log file when it is one ActLens may read: a regular file inside the run's folder. */
export function isReadableRunLog(runDir: string): boolean {
  try {
    regularFilePath(logFile(runDir), runDir);
    return true;
  } catch {
    return false;
  }
}

function logFile(runDir: string): string {
  return path.join(runDir, EVENTS_FILE);
}

export interface RunListing {
  runId: string;
  runDir: string;
  modified: Date;
}

/** Past runs under `root/.actlens/runs`, newest first. */
export function listRuns(root: string): RunListing[] {
  const runsDir = path.join(root, RUNS_FOLDER);
  let names: string[];
  try {
    names = readdirSync(runsDir);
  } catch {
    return [];
  }
  return names
    .map((runId) => {
      const runDir = path.join(runsDir, runId);
      try {
        // Only regular files: a FIFO would block whoever opens it, a link could lead anywhere.
        return { runId, runDir, modified: statSync(regularFilePath(logFile(runDir), runDir)).mtime };
      } catch {
        return null;
      }
    })
    .filter((run): run is RunListing => run !== null)
    .sort((a, b) => b.modified.getTime() - a.modified.getTime());
}
