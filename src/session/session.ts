/**
 * One run from start to outcome, for any host (CLI, extension): validates the request, starts the training
 * process, persists its events, feeds analysis, and reports. It knows nothing of terminals or VS Code.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Analyzer, type Thresholds } from '../analysis/index.ts';
import { lintSource } from '../analysis/lint/index.ts';
import type { BackendChoice, RunnerEvent } from '../core/events.ts';
import type { Finding } from '../core/findings.ts';
import { DEFAULT_OVERHEAD_BUDGET, type RunnerConfig } from '../core/runner-config.ts';
import { ensureActLensFolder } from './actlens-folder.ts';
import { newRunId, RUNS_FOLDER } from './run-log.ts';
import { RunLogWriter } from './run-log-writer.ts';
import { writeRunOwner, type RunOwner } from './run-owner.ts';
import { withoutDriverNoise } from './driver-noise.ts';
import { LastLine } from './last-line.ts';
import { RunProcess, type ProcessExit } from './run-process.ts';
import { RunState } from '../core/run-state.ts';
import { diagnosed, scriptFailed, type TerminalEvent } from '../core/run-status.ts';
import { severityCounts, writeRunSummary, type RunComparison, type RunSummaryRecord } from './run-summary.ts';
import { resolveScript, resolveWorkingDirectory } from './script-path.ts';
import { readSourceFile } from './workspace-file.ts';

export const DEFAULT_EVERY = 20;
export const DEFAULT_SEED = 1;

export interface RunRequest {
  script: string;
  /** The run's folder name under `.actlens/runs`; new by default. A starter that must know it before the run starts (run-host.ts) gives it. */
  runId?: string;
  args?: string[];
  /** Working directory of the script; default its own folder. */
  cwd?: string;
  /** Where `.actlens/runs` goes; default the nearest folder above the script with a package.json, else the script's folder. */
  workspaceRoot?: string;
  backend?: BackendChoice;
  /** On webgpu, the adapter whose name contains this; default the first hardware adapter. */
  gpu?: string | null;
  seed?: number;
  every?: number;
  maxSteps?: number | null;
  /** See RunnerConfig.overheadBudget. */
  overheadBudget?: number;
  instrument?: boolean;
  thresholds?: Partial<Thresholds>;
  activationOverrides?: RunnerConfig['activationOverrides'];
  nodePath?: string;
  env?: Record<string, string>;
  runnerPath?: string;
  memoryLimitMb?: number;
  /** Who starts the run: the editor's run host (a reloaded window follows such runs again) or a command line (default). */
  startedFrom?: RunOwner['from'];
  /** The comparison this run is one of (Compare Activations), kept in its summary so listings group it. */
  comparison?: RunComparison;
}

export interface SessionListeners {
  event?(event: RunnerEvent): void;
  output?(stream: 'stdout' | 'stderr', chunk: string): void;
  invalid?(reason: string): void;
}

export interface RunOutcome {
  runId: string;
  runDir: string;
  terminal: TerminalEvent;
  findings: Finding[];
  state: RunState;
  invalidEvents: number;
  /** What the run was analysed with. */
  thresholds: Thresholds;
}

export class RunSession {
  readonly runId: string;
  readonly runDir: string;
  readonly script: string;
  readonly state = new RunState();
  readonly analyzer: Analyzer;
  /** What the run is analysed with: the defaults and the request's overrides. */
  readonly thresholds: Thresholds;
  readonly done: Promise<RunOutcome>;
  private readonly process: RunProcess;
  private readonly staticFindings: Finding[];
  private invalidEvents = 0;
  private stopRequested = false;
  private cancelled = false;

  /** Throws UsageError for a script that cannot be run at all. */
  constructor(request: RunRequest, listeners: SessionListeners = {}) {
    this.script = resolveScript(request.script);
    const cwd = resolveWorkingDirectory(request.cwd ?? path.dirname(this.script));
    const root = request.workspaceRoot ?? findWorkspaceRoot(path.dirname(this.script));
    this.runId = request.runId ?? newRunId(this.script);
    this.runDir = path.join(root, RUNS_FOLDER, this.runId);
    this.analyzer = new Analyzer(request.thresholds);
    this.thresholds = this.analyzer.thresholds;
    ensureActLensFolder(root);
    const log = new RunLogWriter(this.runDir);
    // Whoever opens the run folder (a reloaded window, "Attach to Run…") can tell it still trains and stop it.
    writeRunOwner(this.runDir, request.startedFrom ?? 'command-line');
    const comparison = request.comparison ?? null;
    // A comparison's run says so from its start, so that it is grouped with the others while it trains.
    if (comparison) this.writeSummary({ version: 1, comparison, problems: null, diagnosed: false, cancelled: false });
    const config: RunnerConfig = {
      script: this.script,
      args: request.args ?? [],
      cwd,
      backend: request.backend ?? 'auto',
      gpu: request.gpu || null,
      seed: request.seed ?? DEFAULT_SEED,
      every: request.every ?? DEFAULT_EVERY,
      maxSteps: request.maxSteps ?? null,
      overheadBudget: request.overheadBudget ?? DEFAULT_OVERHEAD_BUDGET,
      instrument: request.instrument ?? true,
      activationOverrides: request.activationOverrides ?? [],
    };
    const record = (event: RunnerEvent) => {
      log.append(event);
      this.state.apply(event);
      this.analyzer.push(event);
      listeners.event?.(event);
    };
    // The runner's terminal record waits for the process to exit: only then are its exit code and the
    // script's last words on stderr known.
    let runnerTerminal: TerminalEvent | null = null;
    const stderr = new LastLine();
    this.process = new RunProcess({
      runnerPath: request.runnerPath,
      nodePath: request.nodePath,
      env: request.env,
      memoryLimitMb: request.memoryLimitMb,
      config,
      listeners: {
        event: (event) => (event.type === 'end' || event.type === 'error' ? (runnerTerminal ??= event) : record(event)),
        invalid: (reason) => {
          this.invalidEvents++;
          listeners.invalid?.(reason);
        },
        output: (stream, chunk) => {
          if (stream === 'stderr') {
            chunk = withoutDriverNoise(chunk);
            if (!chunk) return;
            stderr.push(chunk);
          }
          listeners.output?.(stream, chunk);
        },
      },
    });
    // After the start: the training process starts while the compiler loads for the static checks.
    this.staticFindings = safeLint(this.script, (message) => this.state.notes.push(message));
    this.done = this.process.exited.then(async (exit) => {
      record(withScriptsAccount(runnerTerminal ?? this.sessionTerminal(exit), exit, stderr.line));
      // A log that could not be written (disk full) costs the recorded run, not this run's outcome.
      await log
        .close()
        .catch((error: Error) => this.state.notes.push(`${error.message}; this run cannot be opened later.`));
      const terminal = this.state.terminal!;
      this.writeSummary({
        version: 1,
        comparison,
        problems: severityCounts(this.findings()),
        diagnosed: diagnosed(this.state),
        cancelled: this.cancelled && terminal.type === 'end' && terminal.reason === 'stopped',
      });
      return runOutcome(this, this.invalidEvents);
    });
  }

  /** Static findings first-class alongside what training showed. */
  findings(): Finding[] {
    return [...this.analyzer.findings(), ...this.staticFindings];
  }

  /** `cancel`: stopped because the comparison it belongs to was cancelled; its summary says so. */
  stop(why: 'stop' | 'cancel' = 'stop'): Promise<unknown> {
    this.stopRequested = true;
    if (why === 'cancel') this.cancelled = true;
    return this.process.stop();
  }

  /** The summary listings read (run-summary.ts); a run whose summary cannot be written is still a run. */
  private writeSummary(summary: RunSummaryRecord): void {
    try {
      writeRunSummary(this.runDir, summary);
    } catch (error) {
      this.state.notes.push(`Could not write the run's summary: ${(error as Error).message}`);
    }
  }

  /** The record of a process that ended without writing its own, so that every log ends with one. */
  private sessionTerminal(exit: ProcessExit): TerminalEvent {
    const { steps, elapsedMs } = this.state;
    // A synchronous training loop cannot run the runner's signal handler; the kill was ours.
    if (this.stopRequested) return { type: 'end', reason: 'stopped', steps, elapsedMs };
    // The process died without saying so (killed, out of memory).
    const how = exit.signal
      ? `was killed by ${exit.signal}`
      : `exited with code ${exit.code} without reporting an outcome`;
    const hint = exit.signal === 'SIGKILL' || exit.signal === 'SIGABRT' ? ' (possibly out of memory)' : '';
    return {
      type: 'error',
      phase: 'crash',
      message: `The training process ${how}${hint}.`,
      stack: null,
      location: null,
      steps,
    };
  }
}

/**
 * The terminal record with what only the session sees: a failure exit code the runner could not report
 * (`process.exitCode = 2` and a normal end), and, when the script failed, its last line on stderr.
 */
function withScriptsAccount(terminal: TerminalEvent, exit: ProcessExit, lastStderrLine: string | null): TerminalEvent {
  const coded =
    terminal.type === 'end' && terminal.exitCode === undefined && exit.code
      ? { ...terminal, exitCode: exit.code }
      : terminal;
  return scriptFailed(coded) && lastStderrLine !== null ? { ...coded, lastStderrLine } : coded;
}

/** A run's outcome once its terminal record is in its state. */
export function runOutcome(
  run: Pick<RunOutcome, 'runId' | 'runDir' | 'state' | 'thresholds'> & { findings(): Finding[] },
  invalidEvents: number,
): RunOutcome {
  const { runId, runDir, state, thresholds } = run;
  return { runId, runDir, terminal: state.terminal!, findings: run.findings(), state, invalidEvents, thresholds };
}

/** Static checks are a bonus: a failure there is noted, never allowed to stop the run. */
export function safeLint(script: string, note: (message: string) => void): Finding[] {
  try {
    return lintSource(readSourceFile(script), script);
  } catch (error) {
    note(`Static checks skipped: ${(error as Error).message}`);
    return [];
  }
}

/** The nearest folder at or above `start` with a package.json: the script's project; else `start`. */
export function findWorkspaceRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
