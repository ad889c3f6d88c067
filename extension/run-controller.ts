/**
 * Starts, stops and re-runs training runs from the editor. Every run goes through RunSession, which starts
 * the runner in a child process: nothing of the user's script ever runs in the extension host. The
 * controller reports the run in a cancellable progress notification and the "ActLens" log, and tells the
 * RunDisplay (and through it diagnostics, status bar and panel) about every event.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunnerEvent } from '../src/core/events.ts';
import { problemCount, type Finding } from '../src/core/findings.ts';
import { diagnosed, runStatus, verdict, type RunStatus } from '../src/core/run-status.ts';
import type { Thresholds } from '../src/core/thresholds.ts';
import type { RunState } from '../src/core/run-state.ts';
import { RunSession, type RunOutcome, type RunRequest, type SessionListeners } from '../src/session/session.ts';
import { ThinnedEvents } from '../src/session/thinned-events.ts';
import { Disposable } from './dispose.ts';
import { countBySeverity, type RunDisplay, type RunView } from './run-view.ts';
import { SessionRelay } from './session-relay.ts';
import { nodeLaunch, type Settings, type SettingsRead } from './settings.ts';
import { Throttle } from './throttle.ts';
import { visibleFindings } from './visible-findings.ts';
import { currentText } from './diagnostics.ts';
import type { TrustGate } from './trust.ts';

/** What the controller needs of a RunSession (tests give it a fake). */
export interface SessionLike {
  readonly runId: string;
  readonly runDir: string;
  readonly script: string;
  readonly state: RunState;
  readonly thresholds: Thresholds;
  readonly done: Promise<RunOutcome>;
  stop(): Promise<unknown>;
  findings(): Finding[];
}

export type SessionFactory = (request: RunRequest, listeners: SessionListeners) => SessionLike;

export const createRunSession: SessionFactory = (request, listeners) => new RunSession(request, listeners);

/** The parts of a run request that come from what the user ran, not from the settings. */
export interface RunTarget {
  script: string;
  args?: string[];
  cwd?: string;
}

export type Log = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error' | 'show'>;

export interface RunControllerOptions {
  extensionPath: string;
  display: RunDisplay;
  log: Log;
  trust: TrustGate;
  /** The settings for a script (its folder's), with problems already reported. */
  settings(scope: vscode.Uri): SettingsRead;
  createSession?: SessionFactory;
  /** Opens the panel when a run starts and `actlens.openPanelOnRun` is on. */
  showPanel(): void;
}

export const CONTEXT_RUNNING = 'actlens.running';
export const CONTEXT_CAN_RERUN = 'actlens.canRerun';

/** A run in progress (and, once it ended, the record of it until the next). */
export class LiveRun implements RunView {
  /** What the panel shows, bounded for long runs; the full stream is in the run's log. */
  readonly display = new ThinnedEvents();
  readonly fromLog = false;
  outcome: RunOutcome | undefined;
  stopping = false;

  constructor(
    readonly session: SessionLike,
    readonly target: RunTarget,
  ) {}

  get id(): string {
    return this.session.runId;
  }
  get events(): readonly RunnerEvent[] {
    return this.display.events;
  }
  get eventsRevision(): number {
    return this.display.revision;
  }
  get script(): string {
    return this.session.script;
  }
  get runDir(): string {
    return this.session.runDir;
  }
  get state(): RunState {
    return this.session.state;
  }
  get thresholds(): Thresholds {
    return this.session.thresholds;
  }
  get live(): boolean {
    return this.outcome === undefined;
  }

  findings(): Finding[] {
    return visibleFindings(this.outcome?.findings ?? this.session.findings(), currentText);
  }

  status(): RunStatus {
    if (this.live && this.stopping) return { status: 'running', message: 'Stopping…' };
    return runStatus(this.state, this.live);
  }
}

export class RunController extends Disposable {
  private active: LiveRun | undefined;
  private lastTarget: RunTarget | undefined;
  private readonly createSession: SessionFactory;

  constructor(private readonly options: RunControllerOptions) {
    super();
    this.createSession = options.createSession ?? createRunSession;
  }

  /** The run in progress, if any. */
  get running(): LiveRun | undefined {
    return this.active;
  }

  get canRerun(): boolean {
    return this.lastTarget !== undefined;
  }

  /** The script Re-run would run. */
  get lastScript(): string | undefined {
    return this.lastTarget?.script;
  }

  /** Runs a script file with diagnostics. Resolves with the run once started (not finished), or undefined when nothing was started. */
  async run(scriptUri: vscode.Uri): Promise<LiveRun | undefined> {
    if (!this.options.trust.allowRun('run a training script')) return undefined;
    if (scriptUri.scheme !== 'file') {
      void vscode.window.showErrorMessage(`ActLens runs scripts saved on disk; ${scriptUri.toString()} is not a file.`);
      return undefined;
    }
    return this.start({ script: scriptUri.fsPath });
  }

  /** Runs the last script again (same arguments), with the current settings. */
  async rerun(): Promise<LiveRun | undefined> {
    if (!this.options.trust.allowRun('re-run a training script')) return undefined;
    if (!this.lastTarget) {
      void vscode.window.showInformationMessage(
        'ActLens: nothing to re-run yet. Run a training script first (ActLens: Run Training with Diagnostics).',
      );
      return undefined;
    }
    return this.start(this.lastTarget);
  }

  /** Runs a recorded run's script again, with its arguments. */
  async rerunTarget(target: RunTarget): Promise<LiveRun | undefined> {
    if (!this.options.trust.allowRun('re-run a training script')) return undefined;
    return this.start(target);
  }

  /** Stops the run in progress; resolves once the process has ended. False when none was running. */
  async stop(): Promise<boolean> {
    const run = this.active;
    if (!run) return false;
    if (!run.stopping) {
      run.stopping = true;
      this.options.log.info(`Stopping run ${run.id}…`);
      this.options.display.update(run);
    }
    await run.session.stop();
    await run.session.done.catch(() => undefined);
    return true;
  }

  /** The panel's Stop: resolves with why not when that run is not the one running. */
  async stopIfRunning(runId: string): Promise<string | undefined> {
    if (this.active?.id !== runId) return 'That run is not running.';
    await this.stop();
    return undefined;
  }

  /** The panel's Re-run: runs the shown run's script again; resolves with why not when it cannot. */
  async rerunShown(runId: string): Promise<string | undefined> {
    const view = this.options.display.current;
    if (!view || view.id !== runId) return 'That run is no longer the one shown.';
    const target = targetOf(view);
    if (!target) return 'The run does not say which script it ran.';
    return (await this.rerunTarget(target)) ? undefined : 'No new run was started.';
  }

  private async start(target: RunTarget): Promise<LiveRun | undefined> {
    if (!(await this.makeRoomFor(target))) return undefined;
    const scriptUri = vscode.Uri.file(target.script);
    // The runner reads the files from disk: unsaved edits (such as a quick fix just applied) must be there.
    await saveDirtyScripts();
    const { settings } = this.options.settings(scriptUri);
    const folder = vscode.workspace.getWorkspaceFolder(scriptUri)?.uri.fsPath;
    const request = runRequest(target, settings, folder, path.join(this.options.extensionPath, 'dist', 'runner.js'));
    const relay = new SessionRelay(this.options.log, this.options.display);
    const session = this.openSession(request, relay.listeners);
    if (!session) return undefined;
    const run = (relay.run = new LiveRun(session, target));
    this.makeActive(run);
    this.present(run, request, settings.openPanelOnRun);
    this.finishWhenDone(run, relay);
    return run;
  }

  /** One run at a time: a new one replaces the one in progress if the user agrees. False when they do not. */
  private async makeRoomFor(target: RunTarget): Promise<boolean> {
    if (!this.active) return true;
    const choice = await vscode.window.showWarningMessage(
      `An ActLens run of ${path.basename(this.active.script)} is in progress. Stop it and run ${path.basename(target.script)}?`,
      'Stop and Run',
    );
    if (choice !== 'Stop and Run') return false;
    await this.stop();
    return true;
  }

  /** Starts the training process; when it cannot be started, says why. */
  private openSession(request: RunRequest, listeners: SessionListeners): SessionLike | undefined {
    try {
      return this.createSession(request, listeners);
    } catch (error) {
      const message = (error as Error).message;
      this.options.log.error(`Could not start ${request.script}: ${message}`);
      void vscode.window.showErrorMessage(`ActLens: ${message}`);
      return undefined;
    }
  }

  private makeActive(run: LiveRun): void {
    this.active = run;
    this.lastTarget = run.target;
    void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, true);
    void vscode.commands.executeCommand('setContext', CONTEXT_CAN_RERUN, true);
  }

  /** Tells the user a run started: in the log, the display, the panel (if they want it) and a progress notification. */
  private present(run: LiveRun, request: RunRequest, openPanel: boolean): void {
    const { log, display } = this.options;
    log.info(
      `Run ${run.id}: ${request.script}${request.args?.length ? ` ${request.args.join(' ')}` : ''} (node: ${request.nodePath}, log: ${run.runDir})`,
    );
    for (const note of run.session.state.notes) log.warn(note);
    display.show(run);
    if (openPanel) this.options.showPanel();
    this.showProgress(run);
  }

  private finishWhenDone(run: LiveRun, relay: SessionRelay): void {
    void run.session.done.then(
      (outcome) => {
        relay.flush();
        this.finish(run, outcome);
      },
      (error: unknown) => {
        this.options.log.error(`Run ${run.id} could not be completed: ${(error as Error)?.message ?? String(error)}`);
        this.finish(run, undefined);
      },
    );
  }

  private finish(run: LiveRun, outcome: RunOutcome | undefined): void {
    if (outcome) run.outcome = outcome;
    if (this.active === run) {
      this.active = undefined;
      void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, false);
    }
    this.options.display.update(run);
    if (!outcome) return;
    const { log } = this.options;
    const { status, message: summary } = runStatus(outcome.state, false);
    const failed = status === 'failed';
    (failed ? log.error : log.info).call(log, `Run ${run.id}: ${summary}`);
    if (outcome.invalidEvents > 0)
      log.warn(`${outcome.invalidEvents} malformed event(s) from the runner were dropped.`);
    for (const finding of outcome.findings) log.info(`${finding.severity}: ${finding.message}`);
    if (this.isDisposed) return;
    void announceOutcome(run, outcome, failed, summary, log);
  }

  private showProgress(run: LiveRun): void {
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `ActLens: ${path.basename(run.script)}`,
        cancellable: true,
      },
      (progress, token) => {
        token.onCancellationRequested(() => void this.stopRun(run));
        const report = new Throttle(250, () => progress.report({ message: progressMessage(run) }));
        report.flush();
        const subscription = this.options.display.onDidUpdate((view) => {
          if (view === run) report.schedule();
        });
        return run.session.done
          .catch(() => undefined)
          .finally(() => {
            report.dispose();
            subscription.dispose();
          });
      },
    );
  }

  private async stopRun(run: LiveRun): Promise<void> {
    if (this.active === run) await this.stop();
  }

  /** On deactivation: the training process must not outlive VS Code. */
  async shutdown(): Promise<void> {
    await this.stop().catch(() => undefined);
  }

  override dispose(): void {
    // deactivate() waits for shutdown(); this is the backstop when the controller goes without it.
    if (this.active) void this.active.session.stop().catch(() => undefined);
    super.dispose();
  }
}

export function progressMessage(run: Pick<RunView, 'state' | 'findings' | 'status'>): string {
  const status = run.status();
  if (status.status !== 'running' || !run.state.start) return status.message;
  const findings = problemCount(run.findings());
  return `step ${run.state.steps} · ${findings === 0 ? 'no problems so far' : `${findings} problem${findings === 1 ? '' : 's'}`}`;
}

/** What the user ran, with the settings of the script's folder. */
function runRequest(target: RunTarget, settings: Settings, folder: string | undefined, runnerPath: string): RunRequest {
  const launch = nodeLaunch(settings, folder);
  return {
    script: target.script,
    args: target.args ?? [],
    cwd: target.cwd,
    workspaceRoot: folder,
    backend: settings.backend,
    gpu: settings.gpu,
    overheadBudget: settings.overheadBudget,
    seed: settings.seed,
    every: settings.every,
    maxSteps: settings.maxSteps,
    thresholds: settings.thresholds,
    nodePath: launch.nodePath,
    env: launch.env,
    runnerPath,
  };
}

/** A live run remembers what it ran; a recorded one says so in its start event. */
function targetOf(view: RunView): RunTarget | undefined {
  if (view instanceof LiveRun) return view.target;
  const start = view.state.start;
  return start ? { script: start.script, args: start.args, cwd: start.cwd } : undefined;
}

/** Saves unsaved JS/TS files on disk, so the run sees what the editor shows. */
async function saveDirtyScripts(): Promise<void> {
  const dirty = vscode.workspace.textDocuments.filter(
    (document) =>
      document.isDirty &&
      document.uri.scheme === 'file' &&
      (document.languageId === 'javascript' || document.languageId === 'typescript'),
  );
  await Promise.all(dirty.map((document) => document.save()));
}

async function announceOutcome(
  run: LiveRun,
  outcome: RunOutcome,
  failed: boolean,
  summary: string,
  log: Log,
): Promise<void> {
  const script = path.basename(run.script);
  if (failed) {
    const choice = await vscode.window.showErrorMessage(`ActLens: ${summary}`, 'Show Output');
    if (choice) log.show(true);
    return;
  }
  // Counted as the Problems view shows them: less what suppression comments silence.
  const findings = run.findings();
  const counts = countBySeverity(findings);
  const problems = counts.error + counts.warning;
  if (problems === 0) {
    // "No problems" only when every check had its evidence; otherwise the verdict says what was too little.
    const message = diagnosed(outcome.state)
      ? `no problems found in ${script}. ${summary}`
      : `${script}: ${summary} ${verdict(outcome.state, findings)}`;
    void vscode.window.showInformationMessage(`ActLens: ${message.trim()}`);
    return;
  }
  const parts = [
    counts.error && `${counts.error} error${counts.error === 1 ? '' : 's'}`,
    counts.warning && `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`,
  ].filter(Boolean);
  const choice = await vscode.window.showWarningMessage(
    `ActLens found ${parts.join(' and ')} in ${script}. ${summary}`,
    'Show Panel',
    'Show Problems',
  );
  if (choice === 'Show Panel') void vscode.commands.executeCommand('actlens.showPanel');
  else if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
}
