/**
 * Past runs under `.actlens/runs` in the workspace folders: a summary of each for the picker (read from the
 * first and last records only — logs can be large), and a whole run loaded from its log as a RunView.
 */
import { ThinnedEvents } from '../src/session/thinned-events.ts';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeEvents } from '../src/analysis/index.ts';
import { resolveThresholds, type Thresholds } from '../src/core/thresholds.ts';
import { lintSource } from '../src/analysis/lint/index.ts';
import { parseEventLine, type RunnerEvent } from '../src/core/events.ts';
import type { Finding } from '../src/core/findings.ts';
import { EVENTS_FILE, listRuns, readRunLog, RUNS_FOLDER } from '../src/session/run-log.ts';
import { RunState } from '../src/core/run-state.ts';
import type { RunView } from './run-view.ts';
import { runStatus, type RunStatus } from '../src/core/run-status.ts';

export interface RunSummary {
  runId: string;
  runDir: string;
  /** The workspace folder whose `.actlens/runs` holds it. */
  folder: string;
  modified: Date;
  /** The entry script, when the log has its start record. */
  script: string | null;
  started: Date | null;
  status: RunStatus;
}

const PEEK_BYTES = 64 * 1024;

/** Runs of all the folders, newest first. */
export function listRecordedRuns(folders: readonly string[]): RunSummary[] {
  return folders
    .flatMap((folder) => listRuns(folder).map((listing) => ({ ...listing, folder })))
    .sort((a, b) => b.modified.getTime() - a.modified.getTime())
    .map((listing) => ({ ...listing, ...peekRun(listing.runDir) }));
}

/** What the start and the last records say, without reading the whole log. */
export function peekRun(runDir: string): Pick<RunSummary, 'script' | 'started' | 'status'> {
  const { head, tail } = readEnds(path.join(runDir, EVENTS_FILE));
  const state = new RunState();
  const headEvents = parseLines(head, 'head');
  for (const event of headEvents) if (event.type === 'start' || event.type === 'layer') state.apply(event);
  const last = parseLines(tail, 'tail').at(-1) ?? headEvents.at(-1);
  if (last && (last.type === 'end' || last.type === 'error')) state.apply(last);
  return {
    script: state.start?.script ?? null,
    started: state.start ? new Date(state.start.time) : null,
    status: runStatus(state, false),
  };
}

function readEnds(file: string): { head: string; tail: string } {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = statSync(file).size;
    const read = (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const bytes = readSync(fd!, buffer, 0, length, position);
      return buffer.subarray(0, bytes).toString('utf8');
    };
    const head = read(0, Math.min(size, PEEK_BYTES));
    const tail = size > PEEK_BYTES ? read(size - PEEK_BYTES, PEEK_BYTES) : '';
    return { head, tail };
  } catch {
    return { head: '', tail: '' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whole lines only: the head's last and the tail's first line may be cut. */
function parseLines(text: string, part: 'head' | 'tail'): RunnerEvent[] {
  const lines = text.split('\n');
  if (part === 'head' && !text.endsWith('\n')) lines.pop();
  if (part === 'tail') lines.shift();
  return lines.flatMap((line) => {
    if (!line.trim()) return [];
    const parsed = parseEventLine(line);
    return parsed.ok ? [parsed.event] : [];
  });
}

/** A run id as a folder name: nothing that could leave `.actlens/runs`. */
export function isRunId(runId: string): boolean {
  return /^[\w][\w.-]*$/.test(runId) && !runId.includes('..');
}

/** The folder of a run by id, in the first workspace folder that has it. */
export function findRunDir(folders: readonly string[], runId: string): string | undefined {
  if (!isRunId(runId)) return undefined;
  for (const folder of folders) {
    const runDir = path.join(folder, RUNS_FOLDER, runId);
    try {
      if (statSync(path.join(runDir, EVENTS_FILE)).isFile()) return runDir;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/** A finished (or interrupted) run, from its log. */
export class RecordedRun implements RunView {
  readonly live = false;
  readonly fromLog = true;
  readonly eventsRevision = 0;
  readonly state = new RunState();

  constructor(
    readonly id: string,
    readonly runDir: string,
    readonly events: readonly RunnerEvent[],
    private readonly allFindings: Finding[],
    /** What could not be read, in plain words. */
    readonly notes: readonly string[],
    readonly thresholds: Thresholds,
  ) {
    for (const event of events) this.state.apply(event);
  }

  get script(): string {
    return this.state.start?.script ?? '';
  }

  findings(): Finding[] {
    return this.allFindings;
  }

  status(): RunStatus {
    return runStatus(this.state, false);
  }
}

/**
 * Loads a run from its log; its findings come from analysing the recorded events again (with the current
 * thresholds), plus the static checks of the script as it is now, as a run's own findings do.
 */
export function loadRecordedRun(runDir: string, thresholds: Partial<Thresholds>): RecordedRun | { error: string } {
  const log = readRunLog(runDir);
  if (log.events.length === 0) return { error: log.notes[0] ?? `The run in ${runDir} recorded nothing.` };
  const start = log.events.find((event) => event.type === 'start');
  if (!start || start.type !== 'start')
    return { error: `The run in ${runDir} has no start record; it cannot be shown.` };
  const findings = analyzeEvents(log.events, thresholds);
  try {
    findings.push(...lintSource(readFileSync(start.script, 'utf8'), start.script));
  } catch {
    // The script is gone or unreadable: the run's own findings are still worth showing.
  }
  // The panel needs the time series, not every window of a very long run.
  const shown = new ThinnedEvents();
  for (const event of log.events) shown.push(event);
  return new RecordedRun(
    path.basename(runDir),
    runDir,
    shown.events,
    findings,
    log.notes,
    resolveThresholds(thresholds),
  );
}
