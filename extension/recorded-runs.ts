/**
 * Past runs under `.actlens/runs` in the workspace folders: a summary of each for the picker (read from the
 * first and last records only — logs can be large), and a whole run loaded from its log as a RunView.
 * Recorded runs open in untrusted workspaces too, so everything here reads through run-log.ts and
 * workspace-file.ts: regular files only, in bounded chunks.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Analyzer } from '../src/analysis/index.ts';
import { resolveThresholds, type Thresholds } from '../src/core/thresholds.ts';
import { lintSource } from '../src/analysis/lint/index.ts';
import type { BackendName, RunnerEvent, StartEvent } from '../src/core/events.ts';
import type { Finding } from '../src/core/findings.ts';
import { isReadableRunLog, listRuns, peekRunLog, readRunLog, RUNS_FOLDER } from '../src/session/run-log.ts';
import { readSourceFile, regularFilePath } from '../src/session/workspace-file.ts';
import { readRunSummary, type RunComparison, type SeverityCounts } from '../src/session/run-summary.ts';
import { ACTLENS_FOLDER } from '../src/session/actlens-folder.ts';
import { CompareResultSchema } from '../src/core/compare/comparison-schema.ts';
import { runKind, type ComparisonRecordRef, type RunKind } from './runs-tree-model.ts';
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
  /** How it reads in a listing: clean, problems, failed, stopped, cancelled, … (runs-tree-model.ts). */
  kind: RunKind;
  /** Its findings by severity, from the summary the session wrote when it ended; null without one. */
  problems: SeverityCounts | null;
  steps: number;
  backend: BackendName | null;
  /** What re-running it takes, from its start record; null without one. */
  start: Pick<StartEvent, 'script' | 'args' | 'cwd' | 'pid'> | null;
  /** The comparison it was trained for, when it was. */
  comparison: RunComparison | null;
  /** A failed run's own message (the script's error), for "failed: <first words>". */
  failure: string | null;
  /** The log ends with the run's end (or error) record; a run without one is training or was interrupted. */
  ended: boolean;
}

const PEEK_BYTES = 64 * 1024;

export interface ListOptions {
  /**
   * Whether a run without a terminal record is still training (the extension's own run, a comparison's, a
   * CLI run in a terminal); by default none is, and such a run was interrupted.
   */
  isLive?(run: { runId: string; runDir: string; modified: Date; pid: number | null }): boolean;
  /** Each log's first and last records by run folder, read again only when the log's time changed. */
  cache?: Map<string, { modified: number; peek: ReturnType<typeof peekRunLog> }>;
}

/** Runs of all the folders, newest first. */
export function listRecordedRuns(folders: readonly string[], options: ListOptions = {}): RunSummary[] {
  return folders
    .flatMap((folder) => listRuns(folder).map((listing) => ({ ...listing, folder })))
    .sort((a, b) => b.modified.getTime() - a.modified.getTime())
    .map((listing) => ({
      ...listing,
      ...peekRun(listing.runDir, (pid) => options.isLive?.({ ...listing, pid }) ?? false, cachedPeek(listing, options)),
    }));
}

function cachedPeek(
  { runDir, modified }: { runDir: string; modified: Date },
  { cache }: ListOptions,
): ReturnType<typeof peekRunLog> {
  const hit = cache?.get(runDir);
  if (hit?.modified === modified.getTime()) return hit.peek;
  const peek = peekRunLog(runDir, PEEK_BYTES);
  cache?.set(runDir, { modified: modified.getTime(), peek });
  return peek;
}

/** What the start and the last records (and the run's summary) say, without reading the whole log. */
export function peekRun(
  runDir: string,
  isLive: (pid: number | null) => boolean = () => false,
  { head, last } = peekRunLog(runDir, PEEK_BYTES),
): Omit<RunSummary, 'runId' | 'runDir' | 'folder' | 'modified'> {
  const state = new RunState();
  for (const event of head) if (event.type === 'start' || event.type === 'layer') state.apply(event);
  if (last && (last.type === 'end' || last.type === 'error' || last.type === 'progress')) state.apply(last);
  const summary = readRunSummary(runDir);
  const { start, terminal } = state;
  const status = runStatus(state, !terminal && isLive(start?.pid ?? null));
  return {
    script: start?.script ?? null,
    started: start ? new Date(start.time) : null,
    status,
    kind: runKind(status, summary),
    problems: summary?.problems ?? null,
    steps: Math.max(state.steps, terminal?.steps ?? 0, last?.type === 'window' ? last.toStep : 0),
    backend: start?.backend ?? null,
    start: start ? { script: start.script, args: start.args, cwd: start.cwd, pid: start.pid } : null,
    comparison: summary?.comparison ?? null,
    failure: status.status === 'failed' && terminal?.type === 'error' ? terminal.message : null,
    ended: terminal !== null,
  };
}

/** How recently a run still training has written its log: it records progress at least every few seconds. */
const LIVE_WITHIN_MS = 5 * 60 * 1000;

/**
 * Whether the training process that wrote a run without an end record still runs: its process (the start
 * record's pid) exists and is ours, and it wrote its log lately (a pid from another machine or long ago is
 * some other process by now).
 */
export function runnerAlive(run: { modified: Date; pid: number | null }, now = Date.now()): boolean {
  if (run.pid === null || !Number.isInteger(run.pid) || run.pid <= 1 || run.pid === process.pid) return false;
  if (now - run.modified.getTime() > LIVE_WITHIN_MS) return false;
  try {
    process.kill(run.pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: another user's process, not a run of ours.
    return false;
  }
}

const COMPARISONS_FOLDER = path.join(ACTLENS_FOLDER, 'comparisons');
/** Far larger than any comparison ActLens keeps. */
const MAX_RECORD_BYTES = 4 * 1024 * 1024;
const recordCache = new Map<string, { mtime: number; ref: ComparisonRecordRef | null }>();

/** The comparisons kept in the folders' `.actlens/comparisons` (each read again only when it changed). */
export function listComparisonRecords(folders: readonly string[]): ComparisonRecordRef[] {
  const refs: ComparisonRecordRef[] = [];
  for (const folder of folders) {
    const dir = path.join(folder, COMPARISONS_FOLDER);
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith('.json'));
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      let mtime;
      try {
        mtime = statSync(regularFilePath(file, dir)).mtimeMs;
      } catch {
        continue;
      }
      const cached = recordCache.get(file);
      const ref = cached?.mtime === mtime ? cached.ref : readComparisonRecordFile(file, folder);
      recordCache.set(file, { mtime, ref });
      if (ref) refs.push(ref);
    }
  }
  return refs;
}

/** Which runs a kept comparison grouped; null when it is not one ActLens can read. */
export function readComparisonRecordFile(file: string, folder: string): ComparisonRecordRef | null {
  try {
    const parsed = CompareResultSchema.safeParse(JSON.parse(readSourceFile(file, MAX_RECORD_BYTES)));
    if (!parsed.success) return null;
    return { file, folder, target: parsed.data.target, runIds: parsed.data.runs.map((run) => run.runId) };
  } catch {
    return null;
  }
}

/**
 * Removes runs' folders (and comparison records): only a run folder directly inside a workspace folder's
 * `.actlens/runs`, and only a record directly inside its `.actlens/comparisons`, whatever a listing says.
 * Returns what could not be removed, with why.
 */
export function deleteRecorded(
  folders: readonly string[],
  runDirs: readonly string[],
  records: readonly string[] = [],
): string[] {
  const within = (file: string, sub: string) =>
    folders.some(
      (folder) => path.dirname(path.resolve(file)) === path.join(folder, sub) && isRunId(path.basename(file)),
    );
  const problems: string[] = [];
  const remove = (target: string, sub: string, recursive: boolean) => {
    if (!within(target, sub)) return void problems.push(`${target} is not in a workspace folder's ${sub}.`);
    try {
      rmSync(target, { recursive, force: true });
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  for (const runDir of runDirs) remove(runDir, RUNS_FOLDER, true);
  for (const record of records) remove(record, COMPARISONS_FOLDER, false);
  return problems;
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
