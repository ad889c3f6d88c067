/**
 * Past runs under `.actlens/runs` in the workspace folders: a summary of each for the picker (read from the
 * first and last records only — logs can be large), and a whole run loaded from its log as a RunView.
 * Recorded runs open in untrusted workspaces too, so everything here reads through run-log.ts and
 * workspace-file.ts: regular files only, in bounded chunks.
 */
import * as path from 'node:path';
import { Analyzer } from '../src/analysis/index.ts';
import { resolveThresholds, type Thresholds } from '../src/core/thresholds.ts';
import { lintSource } from '../src/analysis/lint/index.ts';
import type { RunnerEvent } from '../src/core/events.ts';
import type { Finding } from '../src/core/findings.ts';
import { isReadableRunLog, listRuns, peekRunLog, readRunLog, RUNS_FOLDER } from '../src/session/run-log.ts';
import { readSourceFile } from '../src/session/workspace-file.ts';
import { RunState } from '../src/core/run-state.ts';
import type { RunView } from './run-view.ts';
import { visibleFindings } from './visible-findings.ts';
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
  const { head, last } = peekRunLog(runDir, PEEK_BYTES);
  const state = new RunState();
  for (const event of head) if (event.type === 'start' || event.type === 'layer') state.apply(event);
  if (last && (last.type === 'end' || last.type === 'error')) state.apply(last);
  return {
    script: state.start?.script ?? null,
    started: state.start ? new Date(state.start.time) : null,
    status: runStatus(state, false),
  };
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
    if (isReadableRunLog(runDir)) return runDir;
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
    return visibleFindings(this.allFindings);
  }

  status(): RunStatus {
    return runStatus(this.state, false);
  }
}

/**
 * Loads a run from its log; its findings come from analysing the recorded events again (with the current
 * thresholds), plus the static checks of the script as it is now, as a run's own findings do. The log is
 * analysed as it is read and only the thinned list the panel shows is kept, so a long run opens in bounded
 * memory.
 */
export function loadRecordedRun(runDir: string, thresholds: Partial<Thresholds>): RecordedRun | { error: string } {
  const analyzer = new Analyzer(thresholds);
  const log = readRunLog(runDir, { each: (event) => analyzer.push(event) });
  if (log.events.length === 0) return { error: log.notes[0] ?? `The run in ${runDir} recorded nothing.` };
  const start = log.events.find((event) => event.type === 'start');
  if (!start || start.type !== 'start')
    return { error: `The run in ${runDir} has no start record; it cannot be shown.` };
  const findings = analyzer.findings();
  const notes = [...log.notes];
  try {
    findings.push(...lintSource(readSourceFile(start.script), start.script));
  } catch (error) {
    // The run's own findings are still worth showing; a script that is merely gone needs no word.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      notes.push(`Static checks of the script skipped: ${(error as Error).message}`);
  }
  return new RecordedRun(path.basename(runDir), runDir, log.events, findings, notes, resolveThresholds(thresholds));
}
