/**
 * The persisted run: `.actlens/runs/<run-id>/events.jsonl`, one validated event per line, in arrival order.
 * Reading is forgiving: a truncated last line, an unknown protocol version or garbage gives what can be
 * read plus plain notes, never an exception.
 */
import { createWriteStream, mkdirSync, readdirSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { parseEventLine, PROTOCOL_VERSION, type RunnerEvent } from '../core/events.ts';

export const RUNS_FOLDER = path.join('.actlens', 'runs');
export const EVENTS_FILE = 'events.jsonl';

export function newRunId(script: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = path
    .basename(script)
    .replace(/\.[^.]+$/, '')
    .replace(/[^\w-]/g, '_');
  return `${stamp}-${name}-${Math.random().toString(36).slice(2, 6)}`;
}

export class RunLogWriter {
  private readonly stream: WriteStream;
  readonly file: string;

  constructor(readonly runDir: string) {
    mkdirSync(runDir, { recursive: true });
    this.file = path.join(runDir, EVENTS_FILE);
    this.stream = createWriteStream(this.file, { flags: 'a' });
  }

  append(event: RunnerEvent): void {
    this.stream.write(JSON.stringify(event) + '\n');
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

export interface RunLog {
  runDir: string;
  events: RunnerEvent[];
  /** What could not be read, in plain words; empty for a clean log. */
  notes: string[];
}

export function readRunLog(runDir: string): RunLog {
  const notes: string[] = [];
  let text: string;
  try {
    text = readFileSync(path.join(runDir, EVENTS_FILE), 'utf8');
  } catch (error) {
    return { runDir, events: [], notes: [`No readable event log in ${runDir}: ${(error as Error).message}`] };
  }
  const lines = text.split('\n');
  const events: RunnerEvent[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const parsed = parseEventLine(line);
    if (parsed.ok) {
      events.push(parsed.event);
      return;
    }
    const isLast = index >= lines.length - 2;
    if (isLast && !text.endsWith('\n'))
      notes.push('The last record was cut off (the run was interrupted while writing); everything before it is shown.');
    else skipped++;
  });
  if (skipped > 0) notes.push(`${skipped} unreadable line${skipped === 1 ? '' : 's'} skipped.`);
  const start = events.find((event) => event.type === 'start');
  if (start && start.type === 'start' && start.protocol !== PROTOCOL_VERSION) {
    notes.push(
      `This run was recorded with event protocol ${start.protocol}; this ActLens reads version ${PROTOCOL_VERSION}, so some details may be missing.`,
    );
  }
  const last = events.at(-1);
  if (last && last.type !== 'end' && last.type !== 'error')
    notes.push('The run has no end record: it was interrupted.');
  return { runDir, events, notes };
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
        const stats = statSync(path.join(runDir, EVENTS_FILE));
        return { runId, runDir, modified: stats.mtime };
      } catch {
        return null;
      }
    })
    .filter((run): run is RunListing => run !== null)
    .sort((a, b) => b.modified.getTime() - a.modified.getTime());
}
